package dev.geyserpool.gateway.checkpoint;

import dev.geyserpool.gateway.publish.Deduplicator;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back what the stream topics already hold for the slots a restarted gateway is about to
 * replay, and marks it in each group's {@link Deduplicator}: the overlap between the checkpoints
 * and what the previous run published before it stopped is then not published twice.
 *
 * <p>Reads every partition of every stream topic from the first record written at or after a
 * wall time (no record of the replayed slots can be older) to the end offsets taken at start.
 * Runs once, before the first stream opens, on the caller's thread.
 */
public final class PublishedTail {
  private static final Logger log = LoggerFactory.getLogger(PublishedTail.class);

  private PublishedTail() {}

  /**
   * How many records were read and marked, and the highest slot among the marked ones (0 when
   * none): no earlier run wrote a record of a later slot.
   */
  public record Result(long recordsRead, long marked, long highestSlot) {}

  /**
   * @param fromEpochMillis read records with a timestamp at or after this
   * @param fromSlot mark only updates of this slot or later
   * @throws IllegalStateException when the topics cannot be read to their end within {@code timeout}
   */
  public static Result seed(String bootstrapServers, long fromEpochMillis, long fromSlot,
      Function<MonitorGroup, Deduplicator> dedups, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "geyser-gateway-dedup-seed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
    Map<String, MonitorGroup> groupOfTopic = new HashMap<>();
    for (MonitorGroup g : MonitorGroup.values()) {
      for (UpdateKind k : UpdateKind.values()) {
        groupOfTopic.put(Topics.stream(g, k), g);
      }
    }
    long read = 0;
    long marked = 0;
    long highest = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : groupOfTopic.keySet()) {
        consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, fromEpochMillis));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      List<TopicPartition> toRead = new ArrayList<>();
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp start = starts.get(p);
        if (start != null && start.offset() < end.get(p)) {
          toRead.add(p);
        }
      }
      consumer.assign(toRead);
      for (TopicPartition p : toRead) {
        consumer.seek(p, starts.get(p).offset());
      }
      while (toRead.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read the stream topics' tails on " + bootstrapServers + " within "
              + timeout + " to rebuild the dedup; check that the brokers are up");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          read++;
          long slot = mark(r, groupOfTopic.get(r.topic()), fromSlot, dedups);
          if (slot > 0) {
            marked++;
            highest = Math.max(highest, slot);
          }
        }
      }
    }
    log.info("Dedup rebuilt from the stream topics: {} record(s) read from {} on, {} marked (slots >= {})", read,
        java.time.Instant.ofEpochMilli(fromEpochMillis), marked, fromSlot);
    return new Result(read, marked, highest);
  }

  /** Marks one record; returns its slot, or 0 when it is no stream update of a slot marked. */
  private static long mark(ConsumerRecord<String, byte[]> r, MonitorGroup group, long fromSlot,
      Function<MonitorGroup, Deduplicator> dedups) {
    Header type = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
    Header monitors = r.headers().lastHeader(RecordHeaders.MONITORS);
    if (type != null || monitors == null || r.value() == null) {
      return 0; // gap records and foreign records
    }
    try {
      SubscribeUpdate update = SubscribeUpdate.parseFrom(r.value());
      long slot = UpdateIdentity.slotOf(update);
      Optional<String> identity = UpdateIdentity.of(update);
      if (slot < fromSlot || identity.isEmpty()) {
        return 0;
      }
      dedups.apply(group).markPublished(slot, identity.get(), RecordHeaders.list(monitors.value()));
      return slot;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return 0;
    }
  }
}
