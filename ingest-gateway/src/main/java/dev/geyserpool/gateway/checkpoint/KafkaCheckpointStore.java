package dev.geyserpool.gateway.checkpoint;

import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CheckpointStore} on the compacted topic {@code geyser.stream-checkpoints}: key =
 * monitor id, value = its {@link StreamCheckpoint}, empty = deleted; key {@code gateway:<id>}
 * carries the gateway's liveness (written every interval, which also probes Kafka).
 *
 * <p>Threading: {@link #offer} and {@link #remove} are called from any thread and never block; one
 * daemon thread ({@code geyser-checkpoints}) writes, with its own producer, whose short delivery
 * timeout makes a broker outage visible within seconds. Whoever opens the store closes it.
 */
public final class KafkaCheckpointStore implements CheckpointStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaCheckpointStore.class);
  private static final String LIVENESS_PREFIX = "gateway:";

  private final KafkaProducer<String, byte[]> producer;
  private final String gatewayId;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, StreamCheckpoint> restored;
  private final AtomicReference<Map<String, StreamCheckpoint>> latest = new AtomicReference<>(Map.of());
  private final Set<String> removals = ConcurrentHashMap.newKeySet();
  /** Per key, the resume slot Kafka acknowledged last (writer thread and producer callbacks). */
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Thread writer;
  private volatile boolean closing;
  private volatile long lastAcknowledgedNanos;
  private volatile long lastRefusedNanos;

  private KafkaCheckpointStore(String bootstrapServers, String gatewayId, Clock clock, Duration interval,
      Map<String, StreamCheckpoint> restored) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyser-gateway-checkpoints-" + gatewayId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A refusal within seconds is the gateway's first sign of a broker outage.
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.interval = interval;
    this.restored = Map.copyOf(restored);
    restored.forEach((monitor, c) -> acknowledged.put(monitor, c.getResumeFromSlot()));
    this.writer = new Thread(this::run, "geyser-checkpoints");
    this.writer.setDaemon(true);
  }

  /**
   * Creates the topic when missing, reads every checkpoint in it, and starts writing.
   *
   * @param interval how often changed checkpoints and the liveness record are written
   * @throws IllegalStateException when the topic cannot be read to its end within 60 s
   */
  public static KafkaCheckpointStore open(String bootstrapServers, short replication, String gatewayId, Clock clock,
      Duration interval) {
    KafkaTopics.ensure(bootstrapServers, List.of(new NewTopic(Topics.STREAM_CHECKPOINTS, 1, replication)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))),
        Duration.ofSeconds(60));
    Map<String, StreamCheckpoint> restored = read(bootstrapServers, Duration.ofSeconds(60));
    log.info("Read {} stream checkpoint(s) from {}", restored.size(), Topics.STREAM_CHECKPOINTS);
    KafkaCheckpointStore store = new KafkaCheckpointStore(bootstrapServers, gatewayId, clock, interval, restored);
    store.writer.start();
    return store;
  }

  /** Every monitor's latest checkpoint in the topic. */
  public static Map<String, StreamCheckpoint> read(String bootstrapServers, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "geyser-gateway-checkpoint-reader");
    Map<String, StreamCheckpoint> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.STREAM_CHECKPOINTS, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + Topics.STREAM_CHECKPOINTS + " on " + bootstrapServers
              + " to its end within " + timeout + "; check that the brokers are up");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null || r.key().startsWith(LIVENESS_PREFIX)) {
            continue;
          }
          if (r.value() == null || r.value().length == 0) {
            out.remove(r.key());
            continue;
          }
          try {
            out.put(r.key(), StreamCheckpoint.parseFrom(r.value()));
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            log.warn("skipping the checkpoint of {} at {}-{}@{}: not a StreamCheckpoint ({})", r.key(), r.topic(),
                r.partition(), r.offset(), e.getMessage());
          }
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, StreamCheckpoint> restored() {
    return restored;
  }

  @Override
  public void offer(Map<String, StreamCheckpoint> checkpoints) {
    latest.set(Map.copyOf(checkpoints));
  }

  @Override
  public void remove(String monitorId) {
    // Out of the newest values first, so the writer cannot write it again after its tombstone.
    latest.updateAndGet(m -> {
      if (!m.containsKey(monitorId)) {
        return m;
      }
      Map<String, StreamCheckpoint> without = new HashMap<>(m);
      without.remove(monitorId);
      return Map.copyOf(without);
    });
    removals.add(monitorId);
  }

  @Override
  public long lastAcknowledgedNanos() {
    return lastAcknowledgedNanos;
  }

  @Override
  public long lastRefusedNanos() {
    return lastRefusedNanos;
  }

  private void run() {
    while (!closing) {
      try {
        writeChanged();
        TimeUnit.MILLISECONDS.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        lastRefusedNanos = System.nanoTime();
        log.warn("checkpoint write failed; retrying in {}: {}", interval, e.toString());
      }
    }
  }

  private void writeChanged() {
    for (String monitor : List.copyOf(removals)) {
      removals.remove(monitor);
      acknowledged.remove(monitor);
      send(monitor, null, 0);
    }
    for (StreamCheckpoint c : latest.get().values()) {
      if (removals.contains(c.getMonitorId())) {
        continue;
      }
      Long acked = acknowledged.get(c.getMonitorId());
      if ((acked == null || acked != c.getResumeFromSlot()) && !inFlight.contains(c.getMonitorId())) {
        send(c.getMonitorId(), c.toBuilder().setWrittenAtEpochMillis(clock.millis()).build().toByteArray(),
            c.getResumeFromSlot());
      }
    }
    send(LIVENESS_PREFIX + gatewayId, StreamCheckpoint.newBuilder().setGatewayId(gatewayId)
        .setWrittenAtEpochMillis(clock.millis()).build().toByteArray(), 0);
  }

  private void send(String key, byte[] value, long slot) {
    boolean tracked = value != null && !key.startsWith(LIVENESS_PREFIX);
    if (tracked) {
      inFlight.add(key);
    }
    producer.send(new ProducerRecord<>(Topics.STREAM_CHECKPOINTS, key, value), (m, e) -> {
      if (tracked) {
        inFlight.remove(key);
      }
      if (e != null) {
        lastRefusedNanos = System.nanoTime();
        log.debug("checkpoint {} not written: {}", key, e.toString());
        return;
      }
      lastAcknowledgedNanos = System.nanoTime();
      if (tracked) {
        acknowledged.put(key, slot);
      }
    });
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    writer.interrupt();
    try {
      writer.join(5_000);
      writeChanged();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("last checkpoint write failed: {}", e.toString());
    }
    producer.close(Duration.ofSeconds(5));
  }

  @Override
  public void closeNow() {
    closing = true;
    writer.interrupt();
    producer.close(Duration.ZERO);
  }
}
