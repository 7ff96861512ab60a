package dev.geyserpool.gateway.upstream;

import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
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
      byte[] wire = stream.readAllBytes();
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
}
