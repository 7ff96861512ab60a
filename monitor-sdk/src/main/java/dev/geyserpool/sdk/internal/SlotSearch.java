package dev.geyserpool.sdk.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds, in one partition, the first offset whose record has a {@code geyser.slot} header of
 * at least N: a binary search over offsets that reads one record per probe. Records are only
 * roughly slot-ordered within a partition (updates of one slot arrive over time), so readers
 * positioned here also skip records with a slot below N.
 *
 * <p>Threading: confined to the caller's thread; owns its probe consumer (max one record per
 * poll), closed by {@link #close()}.
 */
public final class SlotSearch implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, byte[]> probe;
  private final Duration timeout;
  private long probes;

  public SlotSearch(String bootstrapServers, String clientId, Duration timeout) {
    this.probe = KafkaClients.reader(bootstrapServers, clientId, 1);
    this.timeout = timeout;
  }

  /** Records read so far, one per probe. */
  public long probes() {
    return probes;
  }

  /**
   * The first offset in {@code [begin, end)} whose record's slot is at least {@code slot}, or
   * {@code end} when there is none. Records without a slot header count as below any slot.
   */
  public long firstOffsetAtOrAbove(TopicPartition partition, long slot, long begin, long end) {
    probe.assign(List.of(partition));
    // Invariant: every record before lo has a slot below N; the first record at or after hi, if
    // any before end, has a slot of N or more.
    long lo = begin;
    long hi = end;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      Optional<ConsumerRecord<String, byte[]>> record = firstRecordFrom(partition, mid, end);
      if (record.isPresent() && UpdateDecoder.slotOf(record.get()) < slot) {
        lo = record.get().offset() + 1;
      } else {
        // No record in [mid, end), or the first one there is at or above N.
        hi = mid;
      }
    }
    return lo;
  }

  /** The first record at or after {@code offset} and before {@code end}: offsets may have holes (compaction, markers). */
  private Optional<ConsumerRecord<String, byte[]>> firstRecordFrom(TopicPartition partition, long offset, long end) {
    probes++;
    probe.seek(partition, offset);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (probe.position(partition, timeout) < end) {
      for (ConsumerRecord<String, byte[]> record : probe.poll(POLL).records(partition)) {
        return record.offset() < end ? Optional.of(record) : Optional.empty();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("cannot read " + partition + " at offset " + offset + " within "
            + timeout.toMillis() + " ms while searching for a slot; check that Kafka is reachable");
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    probe.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
