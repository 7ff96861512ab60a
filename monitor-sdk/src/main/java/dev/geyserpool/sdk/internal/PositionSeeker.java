package dev.geyserpool.sdk.internal;

import dev.geyserpool.sdk.StartPosition;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Positions a manually assigned consumer at a {@link StartPosition}: earliest, latest, a
 * timestamp ({@code offsetsForTimes} on every partition; partitions with nothing that recent
 * start at their end) or a slot ({@link SlotSearch} on every partition).
 *
 * <p>Stateless; runs on the consumer's thread.
 */
public final class PositionSeeker {
  private static final Logger log = LoggerFactory.getLogger(PositionSeeker.class);

  private PositionSeeker() {}

  /** Seeks every partition of {@code partitions} (assigned to {@code consumer}) to {@code start}. */
  public static void seek(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
      StartPosition start, String bootstrapServers, String clientId, Duration timeout) {
    switch (start.kind()) {
      case EARLIEST -> consumer.seekToBeginning(partitions);
      case LATEST -> consumer.seekToEnd(partitions);
      case TIMESTAMP -> seekToTime(consumer, partitions, start.timestamp().toEpochMilli(), timeout);
      case SLOT -> seekToSlot(consumer, partitions, start.slot(), bootstrapServers, clientId, timeout);
      default -> throw new IllegalArgumentException("unknown start position " + start);
    }
    // Resolve lazy seeks now, so that the end offsets a replay captured and these positions
    // describe the same moment.
    partitions.forEach(p -> consumer.position(p, timeout));
  }

  private static void seekToTime(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
      long epochMillis, Duration timeout) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, epochMillis));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = found.get(partition);
      consumer.seek(partition, at == null ? ends.get(partition) : at.offset());
    }
  }

  private static void seekToSlot(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
      long slot, String bootstrapServers, String clientId, Duration timeout) {
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    try (SlotSearch search = new SlotSearch(bootstrapServers, clientId + ".slot-search", timeout)) {
      for (TopicPartition partition : partitions) {
        long offset = search.firstOffsetAtOrAbove(partition, slot, begins.get(partition), ends.get(partition));
        consumer.seek(partition, offset);
      }
      log.debug("Found slot {} on {} partitions with {} probes", slot, partitions.size(), search.probes());
    }
  }
}
