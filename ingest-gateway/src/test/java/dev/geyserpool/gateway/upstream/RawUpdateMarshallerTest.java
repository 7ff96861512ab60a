package dev.geyserpool.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawUpdateMarshallerTest {
  private final byte[] message = new Random(7).ints(11_279, 0, 256).collect(java.io.ByteArrayOutputStream::new,
      java.io.ByteArrayOutputStream::write, (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();

  /** A stream that says it knows its length, like gRPC's, and may say less than it holds. */
  private static class Known extends ByteArrayInputStream implements KnownLength {
    private final int announced;

    Known(byte[] bytes, int announced) {
      super(bytes);
      this.announced = announced;
    }

    @Override
    public synchronized int available() {
      return Math.min(announced, super.available());
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1_000)); // short reads, as sockets give them
    }
  }

  @Test
  void readsAKnownLengthMessageIntoOneExactArray() throws IOException {
    assertThat(RawUpdateMarshaller.readWire(new Known(message, message.length))).isEqualTo(message);
  }

  @Test
  void keepsEveryByteWhenTheAnnouncedLengthIsShort() throws IOException {
    assertThat(RawUpdateMarshaller.readWire(new Known(message, 100))).isEqualTo(message);
  }

  @Test
  void readsOtherStreamsToTheEnd() throws IOException {
    assertThat(RawUpdateMarshaller.readWire(new ByteArrayInputStream(message))).isEqualTo(message);
  }

  @Test
  void aStreamShorterThanAnnouncedIsAnError() {
    Known lying = new Known(message, message.length) {
      @Override
      public synchronized int available() {
        return message.length + 10;
      }
    };
    assertThatThrownBy(() -> RawUpdateMarshaller.readWire(lying))
        .isInstanceOf(IOException.class)
        .hasMessage("the stream ended after 11279 of 11289 announced bytes");
  }
}
