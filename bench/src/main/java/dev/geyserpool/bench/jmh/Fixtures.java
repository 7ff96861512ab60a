package dev.geyserpool.bench.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The real Pump.fun create_v2 + buy transaction the benchmarks run on: a {@code SubscribeUpdate}
 * of 11,279 bytes as Yellowstone sends it (copied from the proto module's test fixtures, built
 * from a mainnet transaction), and variants of it with another signature, slot or filter names.
 *
 * <p>Stateless; thread-safe.
 */
public final class Fixtures {
  /** Resource path of the fixture bytes. */
  public static final String PUMP_CREATE_AND_BUY = "/fixtures/pump_create_v2_and_buy.SubscribeUpdate.pb";

  private Fixtures() {}

  /** The fixture's wire bytes. */
  public static byte[] pumpCreateAndBuyBytes() {
    try (InputStream in = Fixtures.class.getResourceAsStream(PUMP_CREATE_AND_BUY)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + PUMP_CREATE_AND_BUY + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + PUMP_CREATE_AND_BUY, e);
    }
  }

  /** The fixture, parsed. */
  public static SubscribeUpdate pumpCreateAndBuy() {
    try {
      return SubscribeUpdate.parseFrom(pumpCreateAndBuyBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("fixture " + PUMP_CREATE_AND_BUY + " is not a SubscribeUpdate", e);
    }
  }

  /**
   * The fixture as another transaction: its first signature's leading 8 bytes replaced by
   * {@code n} (so every n gives a distinct identity), in {@code slot}, tagged with {@code filters}.
   */
  public static SubscribeUpdate variant(SubscribeUpdate base, long n, long slot, List<String> filters) {
    byte[] signature = base.getTransaction().getTransaction().getSignature().toByteArray();
    for (int i = 0; i < 8; i++) {
      signature[i] = (byte) (n >>> (8 * i));
    }
    ByteString sig = ByteString.copyFrom(signature);
    SubscribeUpdate.Builder b = base.toBuilder().clearFilters().addAllFilters(filters);
    b.getTransactionBuilder().setSlot(slot).getTransactionBuilder().setSignature(sig);
    b.getTransactionBuilder().getTransactionBuilder().getTransactionBuilder().setSignatures(0, sig);
    return b.build();
  }
}
