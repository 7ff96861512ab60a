package dev.geyserpool.sdk.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a bounded stretch of a control topic once: from given start offsets up to the end
 * offsets as they are when the scan begins. Used to look up the current declaration of a
 * monitor id and the recent heartbeats of its instances.
 *
 * <p>Threading: runs on the caller's thread with the caller's consumer, which it leaves
 * assigned to the topic's partitions.
 */
public final class TopicScan {
  private static final Duration POLL = Duration.ofMillis(100);

  private TopicScan() {}

  /** Every partition of {@code topic}; empty when it does not exist. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    return partitions;
  }

  /**
   * Hands every record of {@code topic} from {@code start(partition)} (null: nothing to read)
   * to the current end to {@code sink}, in partition order.
   *
   * @throws IllegalStateException when the records cannot be read within {@code timeout}
   */
  public static void read(KafkaConsumer<String, byte[]> consumer, String topic,
      Function<List<TopicPartition>, Map<TopicPartition, Long>> start, Duration timeout,
      Consumer<ConsumerRecord<String, byte[]>> sink) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> partitions = partitions(consumer, topic, timeout);
    if (partitions.isEmpty()) {
      return;
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> from = start.apply(partitions);
    Map<TopicPartition, Long> remaining = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long first = from.get(partition);
      long end = ends.getOrDefault(partition, 0L);
      if (first != null && first < end) {
        consumer.seek(partition, first);
        remaining.put(partition, end);
      }
    }
    consumer.pause(partitions.stream().filter(p -> !remaining.containsKey(p)).toList());
    while (!remaining.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("cannot read " + topic + " up to offsets " + remaining + " within "
            + timeout.toMillis() + " ms; check that Kafka is reachable");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(partition);
        if (end != null && record.offset() < end) {
          sink.accept(record);
        }
      }
      remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
    }
  }
}
