package dev.geyserpool.gateway.publish;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How big a stream record gets, derived from one setting: the largest update the gateway accepts
 * from upstream, {@code upstream.maxInboundMessageBytes}. gRPC refuses a bigger message
 * (RESOURCE_EXHAUSTED, checked after decompression), and the record value is the update's wire
 * bytes as received, so a record is at most that plus {@link #RECORD_OVERHEAD_BYTES}. The stream
 * topics' {@code max.message.bytes} and the producer's {@code max.request.size} both come from
 * here, so an update the channel let in is never refused by Kafka for its size.
 *
 * <p>Yellowstone blocks reach 24 MB and account data 10 MB; with the default 64 MiB limit a stream
 * record may take {@code 64 MiB + 1 MiB = 68157440} bytes. Kafka's own defaults (about 1 MB per
 * batch on the broker) would refuse most blocks with RecordTooLargeException.
 *
 * <p>One produce request carries the batch, so the cluster's {@code socket.request.max.bytes}
 * (100 MiB by default) must exceed {@link #maxRecordBytes}: with a limit above about 99 MiB, raise it
 * on the brokers too.
 *
 * <p>Stateless.
 */
public final class StreamRecordLimits {
  /**
   * What a record batch adds to the update it carries, with room to spare: the batch header
   * (61 bytes) and the record's varint framing (a few dozen bytes), the key (a signature: at most
   * 88 characters), the headers (slot, receive time, and the matched monitor ids and filter names:
   * a filter name is at most 128 bytes, so 1 MiB holds thousands), and the compression framing. For
   * incompressible data lz4, the publisher's codec, stores each 64 KiB block as it is behind a
   * 4-byte header (4 KiB at 64 MiB, 64 KiB at 1 GiB); gzip and zstd add about as little. Small
   * records the producer appends to a big one's batch fit too; a batch Kafka still refuses as too
   * large is split and resent by the producer.
   */
  public static final int RECORD_OVERHEAD_BYTES = 1024 * 1024;

  /** The producer's {@code buffer.memory} default: room for ordinary traffic. */
  private static final long DEFAULT_PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;

  private StreamRecordLimits() {}

  /**
   * The largest stream record, for {@code max.message.bytes} and {@code max.request.size}:
   * {@code maxInboundMessageBytes + RECORD_OVERHEAD_BYTES}.
   *
   * @throws IllegalArgumentException when {@code maxInboundMessageBytes} is not positive or the sum
   *     exceeds Kafka's int limits
   */
  public static int maxRecordBytes(int maxInboundMessageBytes) {
    if (maxInboundMessageBytes < 1 || maxInboundMessageBytes > Integer.MAX_VALUE - RECORD_OVERHEAD_BYTES) {
      throw new IllegalArgumentException("upstream.maxInboundMessageBytes is " + maxInboundMessageBytes
          + ", but must be between 1 and " + (Integer.MAX_VALUE - RECORD_OVERHEAD_BYTES)
          + " so that a stream record (the update plus " + RECORD_OVERHEAD_BYTES + " bytes) fits Kafka's limits");
    }
    return maxInboundMessageBytes + RECORD_OVERHEAD_BYTES;
  }

  /**
   * Producer settings that let the largest record through: {@code max.request.size} of
   * {@link #maxRecordBytes}, and {@code buffer.memory} of Kafka's default 32 MiB plus one largest
   * record, so one big update fits beside the ordinary traffic (the producer refuses a record
   * bigger than its whole buffer).
   */
  public static Map<String, Object> producerConfig(int maxInboundMessageBytes) {
    int maxRecordBytes = maxRecordBytes(maxInboundMessageBytes);
    return Map.of(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes,
        ProducerConfig.BUFFER_MEMORY_CONFIG, DEFAULT_PRODUCER_BUFFER_BYTES + maxRecordBytes);
  }
}
