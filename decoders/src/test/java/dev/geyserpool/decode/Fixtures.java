package dev.geyserpool.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Loads the real-data fixtures from the test classpath ({@code /fixtures/...}). */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Fixtures() {}

  static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /fixtures/" + path + " on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String path) {
    try {
      return JSON.readTree(bytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode expected(String folder) {
    return json(folder + "/EXPECTED.json");
  }

  static ByteString key(String base58) {
    return ByteString.copyFrom(Base58.decode(base58));
  }

  /** An account update with these bytes, owner and address. */
  static SubscribeUpdateAccountInfo account(String pubkey, String owner, byte[] data, long lamports) {
    return SubscribeUpdateAccountInfo.newBuilder()
        .setPubkey(key(pubkey))
        .setOwner(key(owner))
        .setLamports(lamports)
        .setData(ByteString.copyFrom(data))
        .build();
  }

  /** A carbon account fixture ({@code {data: base64, owner, lamports}}) as an account update. */
  static SubscribeUpdateAccountInfo carbonAccount(String path, String pubkey) {
    JsonNode a = json(path);
    return account(pubkey, a.get("owner").asText(), Base64.getDecoder().decode(a.get("data").asText()),
        a.get("lamports").asLong());
  }
}
