package dev.geyserpool.gateway.checkpoint;

import dev.geyserpool.gateway.publish.Deduplicator;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateContent;
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
    return seed(bootstrapServers, fromEpochMillis, fromSlot, Long.MAX_VALUE, dedups, timeout);
  }

  /**
   * As {@link #seed(String, long, long, Function, Duration)}, marking only slots up to
   * {@code toSlot}: a record of a slot far past every checkpoint (another cluster writing the same
   * topics) would otherwise move each dedup's horizon past the slots about to be replayed.
   */
  public static Result seed(String bootstrapServers, long fromEpochMillis, long fromSlot, long toSlot,
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
    Marker marker = new Marker(fromSlot, toSlot, dedups);
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
          long slot = marker.mark(r, groupOfTopic.get(r.topic()));
          if (slot > 0) {
            marked++;
            highest = Math.max(highest, slot);
          }
        }
      }
      marked += marker.markSameBeforeTheTail(consumer, groupOfTopic, deadline, bootstrapServers);
    }
    log.info("Dedup rebuilt from the stream topics: {} record(s) read from {} on, {} marked (slots >= {})", read,
        java.time.Instant.ofEpochMilli(fromEpochMillis), marked, fromSlot);
    return new Result(read, marked, highest);
  }

  /** Marks what one seed reads; remembers which update each record holds, for {@code same} records. */
  private static final class Marker {
    private final long fromSlot;
    private final long toSlot;
    private final Function<MonitorGroup, Deduplicator> dedups;
    private final Map<TopicPartition, Map<Long, String>> identityAt = new HashMap<>();
    private final List<ConsumerRecord<String, byte[]>> sameBeforeTheTail = new ArrayList<>();

    Marker(long fromSlot, long toSlot, Function<MonitorGroup, Deduplicator> dedups) {
      this.fromSlot = fromSlot;
      this.toSlot = toSlot;
      this.dedups = dedups;
    }

    /**
     * Marks one record; returns its slot, or 0 when it is no stream update of a slot marked. A
     * record with the bytes can be pointed at by later copies; a {@code same} record covers its
     * monitors.
     */
    long mark(ConsumerRecord<String, byte[]> r, MonitorGroup group) {
      Header type = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
      Header monitors = r.headers().lastHeader(RecordHeaders.MONITORS);
      if (monitors == null || r.value() == null) {
        return 0; // foreign records
      }
      if (type != null) {
        return RecordHeaders.RECORD_TYPE_SAME.equals(RecordHeaders.text(type.value())) ? markSame(r, group) : 0;
      }
      try {
        SubscribeUpdate update = SubscribeUpdate.parseFrom(r.value());
        long slot = UpdateIdentity.slotOf(update);
        Optional<String> identity = UpdateIdentity.of(update);
        if (slot < fromSlot || slot > toSlot || identity.isEmpty()) {
          return 0;
        }
        dedups.apply(group).markPublished(slot, identity.get(), RecordHeaders.list(monitors.value()),
            UpdateContent.fingerprint(r.value()), r.partition(), r.offset());
        identityAt.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new HashMap<>())
            .put(r.offset(), identity.get());
        return slot;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        return 0;
      }
    }

    private long markSame(ConsumerRecord<String, byte[]> r, MonitorGroup group) {
      long slot;
      long sameAs;
      try {
        slot = RecordHeaders.number(header(r, RecordHeaders.SLOT));
        sameAs = RecordHeaders.number(header(r, RecordHeaders.SAME_AS));
      } catch (NumberFormatException e) {
        return 0;
      }
      if (slot < fromSlot || slot > toSlot) {
        return 0;
      }
      String identity = identityAt.getOrDefault(new TopicPartition(r.topic(), r.partition()), Map.of()).get(sameAs);
      if (identity == null) {
        sameBeforeTheTail.add(r);
        return 0;
      }
      dedups.apply(group).markPublished(slot, identity,
          RecordHeaders.list(header(r, RecordHeaders.MONITORS)), 0, -1, -1);
      return slot;
    }

    /**
     * Reads the records that {@code same} records of the tail point at but the tail began after,
     * and marks those: each by its offset. Returns how many were marked.
     */
    long markSameBeforeTheTail(KafkaConsumer<String, byte[]> consumer, Map<String, MonitorGroup> groupOfTopic,
        long deadline, String bootstrapServers) {
      long marked = 0;
      for (ConsumerRecord<String, byte[]> same : sameBeforeTheTail) {
        TopicPartition partition = new TopicPartition(same.topic(), same.partition());
        long sameAs = RecordHeaders.number(header(same, RecordHeaders.SAME_AS));
        consumer.assign(List.of(partition));
        consumer.seek(partition, sameAs);
        ConsumerRecord<String, byte[]> original = null;
        while (original == null && consumer.position(partition) <= sameAs) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("cannot read offset " + sameAs + " of " + partition + " on "
                + bootstrapServers + " in time to rebuild the dedup; check that the brokers are up");
          }
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.offset() == sameAs) {
              original = r;
            }
          }
        }
        if (original != null && mark(original, groupOfTopic.get(original.topic())) > 0 && markSame(same,
            groupOfTopic.get(same.topic())) > 0) {
          marked++;
        }
      }
      return marked;
    }

    private static byte[] header(ConsumerRecord<String, byte[]> r, String name) {
      Header header = r.headers().lastHeader(name);
      return header == null ? null : header.value();
    }
  }
}
