package dev.geyserpool.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.util.Arrays;

/** Real event bytes cut out of the Yellowstone fixture, for tests that reshape them. */
final class Samples {
  private Samples() {}

  static SubscribeUpdateTransactionInfo yellowstone() {
    try {
      return SubscribeUpdate.parseFrom(Fixtures.bytes("yellowstone/pump_create_v2_and_buy.SubscribeUpdate.pb"))
          .getTransaction().getTransaction();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the Yellowstone fixture does not parse", e);
    }
  }

  /** The NYXORA CreateEvent: discriminator ‖ 346-byte payload (no emit_cpi tag). */
  static byte[] createEvent() {
    return event(0, 14);
  }

  /** The NYXORA buy's TradeEvent: discriminator ‖ 350-byte payload (no emit_cpi tag). */
  static byte[] tradeEvent() {
    return event(2, 8);
  }

  /** An event's discriminator and the first {@code payloadBytes} of its payload. */
  static byte[] cut(byte[] event, int payloadBytes) {
    return Arrays.copyOf(event, 8 + payloadBytes);
  }

  private static byte[] event(int group, int position) {
    byte[] cpi = yellowstone().getMeta().getInnerInstructions(group).getInstructions(position).getData().toByteArray();
    return Arrays.copyOfRange(cpi, 8, cpi.length);
  }
}
