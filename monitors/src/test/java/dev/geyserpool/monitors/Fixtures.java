package dev.geyserpool.monitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** The real mainnet captures under src/test/resources/fixtures. */
final class Fixtures {
  /** Yellowstone capture: create_v2 of NYXORA plus the creator's buy, sig 5EDHe12K…. */
  static final String YELLOWSTONE_TX = "/fixtures/pump_create_v2_and_buy.SubscribeUpdate.pb";
  /** A 151-byte BondingCurve (getAccountInfo), creator 5htGpHK2…, cashback coin. */
  static final String CURVE_ACCOUNT = "/fixtures/raw_bonding_curve_from_getaccountinfo.json";
  static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

  private Fixtures() {}

  static SubscribeUpdate yellowstoneTransaction() {
    try (InputStream in = Fixtures.class.getResourceAsStream(YELLOWSTONE_TX)) {
      return SubscribeUpdate.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real curve account's data. */
  static byte[] curveData() {
    try (InputStream in = Fixtures.class.getResourceAsStream(CURVE_ACCOUNT)) {
      JsonNode value = new ObjectMapper().readTree(in).path("result").path("value");
      return Base64.getDecoder().decode(value.path("data").get(0).asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An account update carrying {@code data} at {@code pubkey}, owned by pump. */
  static SubscribeUpdateAccountInfo pumpAccount(String pubkey, byte[] data) {
    return SubscribeUpdateAccountInfo.newBuilder()
        .setPubkey(ByteString.copyFrom(Base58.decode(pubkey)))
        .setOwner(ByteString.copyFrom(Base58.decode(PUMP)))
        .setLamports(790_949_926L)
        .setData(ByteString.copyFrom(data))
        .setWriteVersion(1)
        .build();
  }
}
