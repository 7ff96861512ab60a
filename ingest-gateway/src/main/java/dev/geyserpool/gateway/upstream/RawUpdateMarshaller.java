package dev.geyserpool.gateway.upstream;

import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads a {@code SubscribeUpdate} keeping its wire bytes, so that the gateway publishes exactly
 * what Yellowstone sent without a second encode.
 */
final class RawUpdateMarshaller implements MethodDescriptor.Marshaller<RawUpdate> {
  private final Clock clock;

  RawUpdateMarshaller(Clock clock) {
    this.clock = clock;
  }

  @Override
  public InputStream stream(RawUpdate value) {
    return new ByteArrayInputStream(value.wire());
  }

  @Override
  public RawUpdate parse(InputStream stream) {
    try {
      byte[] wire = readWire(stream);
      Instant now = clock.instant();
      long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      return new RawUpdate(wire, SubscribeUpdate.parseFrom(wire), micros);
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("cannot parse a SubscribeUpdate from the upstream stream: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }

  /**
   * The message's bytes in one exactly sized array. gRPC hands over a {@link KnownLength} stream
   * whose {@code available()} is the whole message, so one read into one array suffices;
   * {@code readAllBytes} would grow chunk buffers (about 20 KB of garbage per 11 KB update).
   */
  static byte[] readWire(InputStream stream) throws IOException {
    if (!(stream instanceof KnownLength)) {
      return stream.readAllBytes();
    }
    byte[] wire = new byte[stream.available()];
    int read = 0;
    while (read < wire.length) {
      int n = stream.read(wire, read, wire.length - read);
      if (n < 0) {
        throw new IOException("the stream ended after " + read + " of " + wire.length + " announced bytes");
      }
      read += n;
    }
    int next = stream.read();
    if (next != -1) {
      // available() undercounted (not gRPC's streams): keep what was read and take the rest.
      byte[] rest = stream.readAllBytes();
      byte[] all = java.util.Arrays.copyOf(wire, wire.length + 1 + rest.length);
      all[wire.length] = (byte) next;
      System.arraycopy(rest, 0, all, wire.length + 1, rest.length);
      return all;
    }
    return wire;
  }
}
