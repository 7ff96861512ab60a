package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.sdk.internal.DeadLetters;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.LatencyRecorder;
import dev.geyserpool.sdk.internal.PositionSeeker;
import dev.geyserpool.sdk.internal.RecordProcessor;
import dev.geyserpool.sdk.internal.RecordRange;
import dev.geyserpool.sdk.internal.SameRecords;
import dev.geyserpool.sdk.internal.Sources;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.sdk.internal.UpdateDecoder;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.UpdateKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a monitor's past updates from the stream topics to a handler: from a timestamp or a
 * slot up to the end offsets captured when the replay starts, then returns the counts. Used by
 * {@code bin/geyser-pool replay} and by anything that needs history without disturbing the live
 * monitor.
 *
 * <p>A replay reads every partition of the topics itself (manual assignment, no consumer group)
 * and commits nothing, so the live monitor's committed offsets never move. It declares nothing
 * to the gateway: it reads what the gateway already published for the monitor id. A handler
 * failure or an unreadable record is logged and counted as failed (not dead-lettered: the live
 * monitor already did that). Records of type {@code same} resolve to the update they repeat, from
 * the records the replay read or, when it started after the original, from Kafka
 * ({@code SameRecords}).
 *
 * <p>Threading: {@link #replay} runs on the calling thread and calls the handler there; it stops
 * early when that thread is interrupted. A {@code Replayer} is immutable and may replay more than
 * once (each run captures its own end offsets).
 */
public final class Replayer {
  private static final Logger log = LoggerFactory.getLogger(Replayer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String monitorId;
  private final MonitorGroup group;
  private final Set<UpdateKind> kinds;
  private final StartPosition from;
  private final RecordRange range;
  private final Clock clock;

  private Replayer(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.monitorId = b.monitorId;
    this.group = b.group;
    this.kinds = EnumSet.copyOf(b.kinds);
    this.from = b.from;
    RecordRange r = RecordRange.from(b.from);
    if (b.toSlot != null) {
      r = r.withToSlot(b.toSlot);
    }
    if (b.to != null) {
      r = r.withTo(b.to);
    }
    this.range = r;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The topics the replay reads. */
  public List<String> topics() {
    return Declarations.topics(group, kinds);
  }

  /**
   * Reads from the start position to the end offsets as they are now, handing the monitor's
   * updates within range to {@code handler}.
   *
   * @throws IllegalStateException when a topic does not exist, Kafka cannot be reached, or the
   *     thread is interrupted (the interrupt flag stays set)
   */
  public ReplayResult replay(UpdateHandler handler) {
    String clientId = "geyser-replay." + monitorId + "." + UUID.randomUUID().toString().substring(0, 8);
    try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(bootstrapServers, clientId)) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
      PositionSeeker.seek(consumer, partitions, from, bootstrapServers, clientId, KAFKA_TIMEOUT);
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition partition : partitions) {
        if (consumer.position(partition, KAFKA_TIMEOUT) < ends.get(partition)) {
          remaining.put(partition, ends.get(partition));
        }
      }
      consumer.pause(partitions.stream().filter(p -> !remaining.containsKey(p)).toList());
      try (RecordProcessor processor = new RecordProcessor(new UpdateDecoder(monitorId),
          new SameRecords(bootstrapServers, clientId + ".same", SameRecords.DEFAULT_CAPACITY_BYTES, KAFKA_TIMEOUT),
          range, handler,
          (record, error) -> log.warn("Replay of {}: record {} failed: {}", monitorId, Sources.of(record),
              DeadLetters.describe(error)),
          new LatencyRecorder(1), clock)) {
        return read(consumer, remaining, processor);
      }
    }
  }

  private ReplayResult read(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> remaining,
      RecordProcessor processor) {
    long scanned = 0;
    long delivered = 0;
    long skipped = 0;
    long failed = 0;
    while (!remaining.isEmpty()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("replay of monitor " + monitorId + " interrupted after " + scanned + " records");
      }
      java.util.Set<TopicPartition> retrying = new java.util.HashSet<>(0);
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(partition);
        if (end == null || record.offset() >= end || retrying.contains(partition)) {
          continue;
        }
        switch (processor.process(record)) {
          case DELIVERED -> delivered++;
          case SKIPPED -> skipped++;
          case FAILED -> failed++;
          case RETRY -> {
            // Kafka did not hand over the update this record repeats: read the partition again from here.
            consumer.seek(partition, record.offset());
            retrying.add(partition);
            continue;
          }
        }
        scanned++;
      }
      try {
        processor.batchHandled();
      } catch (Exception e) {
        // A replay commits nothing to rewind to: stop rather than report a replay whose output was lost.
        throw new IllegalStateException("replay of monitor " + monitorId + ": onBatchHandled failed after "
            + delivered + " updates were delivered (" + e.getMessage() + "); replay again from the same start", e);
      }
      List<TopicPartition> done = remaining.keySet().stream()
          .filter(p -> consumer.position(p, KAFKA_TIMEOUT) >= remaining.get(p))
          .toList();
      done.forEach(remaining::remove);
      consumer.pause(done);
    }
    log.info("Replay of {} from {}: {} records scanned, {} delivered, {} skipped, {} failed", monitorId, from, scanned,
        delivered, skipped, failed);
    return new ReplayResult(scanned, delivered, skipped, failed);
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics()) {
      List<TopicPartition> found = TopicScan.partitions(consumer, topic, KAFKA_TIMEOUT);
      if (found.isEmpty()) {
        throw new IllegalStateException("cannot replay monitor " + monitorId + ": topic " + topic
            + " does not exist on Kafka at " + bootstrapServers + "; check the group and the cluster");
      }
      partitions.addAll(found);
    }
    return partitions;
  }

  /** Builds a {@link Replayer}; {@link #build()} lists every problem at once. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private String monitorId;
    private MonitorGroup group;
    private Set<UpdateKind> kinds = EnumSet.noneOf(UpdateKind.class);
    private StartPosition from;
    private Instant to;
    private Long toSlot;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    /** Whose updates: records whose {@code geyser.monitors} header names this id. */
    public Builder monitorId(String id) {
      this.monitorId = id;
      return this;
    }

    public Builder group(MonitorGroup group) {
      this.group = group;
      return this;
    }

    /** Reads the topics of the kinds these filters ask for (what the monitor declared). */
    public Builder filters(SubscribeRequest filters) {
      this.kinds = EnumSet.noneOf(UpdateKind.class);
      this.kinds.addAll(Declarations.kinds(filters));
      return this;
    }

    /** Reads the topics of these kinds. */
    public Builder kinds(UpdateKind... kinds) {
      this.kinds = EnumSet.noneOf(UpdateKind.class);
      this.kinds.addAll(List.of(kinds));
      return this;
    }

    /** From the records published at or after {@code from} (Kafka timestamp). */
    public Builder from(Instant from) {
      this.from = StartPosition.at(from);
      return this;
    }

    /** From the records of slot {@code slot} or later. */
    public Builder fromSlot(long slot) {
      this.from = StartPosition.slot(slot);
      return this;
    }

    /** From the oldest retained record. */
    public Builder fromEarliest() {
      this.from = StartPosition.earliest();
      return this;
    }

    /** Optional: only records published at or before {@code to}. */
    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    /** Optional: only records of slot {@code slot} or earlier. */
    public Builder toSlot(long slot) {
      this.toSlot = slot;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** @throws IllegalArgumentException listing every problem, each naming the setting and the fix */
    public Replayer build() {
      List<String> problems = new ArrayList<>();
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        problems.add("bootstrapServers is '" + bootstrapServers + "', but must be host:port[,host:port]");
      }
      FilterNames.monitorIdProblem(monitorId).ifPresent(problems::add);
      if (group == null) {
        problems.add("group is not set; call group(MonitorGroup.HIGH), MEDIUM or LOW, as the monitor declared");
      }
      if (kinds.isEmpty()) {
        problems.add("no topic kind to read; call filters(SubscribeRequest) with the monitor's filters, or kinds(...)");
      }
      if (from == null) {
        problems.add("the start is not set; call from(Instant), fromSlot(long) or fromEarliest()");
      } else if (to != null && from.kind() == StartPosition.Kind.TIMESTAMP && to.isBefore(from.timestamp())) {
        problems.add("to is " + to + ", before from " + from.timestamp() + "; swap them");
      } else if (toSlot != null && from.kind() == StartPosition.Kind.SLOT && toSlot < from.slot()) {
        problems.add("toSlot is " + toSlot + ", below fromSlot " + from.slot() + "; swap them");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("replay of monitor '" + monitorId + "' cannot start:\n- "
            + String.join("\n- ", problems));
      }
      return new Replayer(this);
    }
  }
}
