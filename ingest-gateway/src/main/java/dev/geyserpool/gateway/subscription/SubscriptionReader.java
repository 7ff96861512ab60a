package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted topic {@code geyser.subscriptions} (key = monitor id, value = a
 * {@link MonitorDeclaration}, empty = removed) from the beginning and keeps following it, so a
 * starting gateway learns every live monitor and a new monitor joins by writing its declaration.
 * Every gateway reads every partition (no consumer group): each needs the whole set.
 *
 * <p>Threading: one thread ({@code geyser-subscriptions}) calls the callbacks in topic order.
 * A declaration that cannot be parsed, or whose key and id differ, is reported through
 * {@code onRejected} and skipped; the others go on. Whoever starts the reader closes it.
 */
public final class SubscriptionReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionReader.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean closing;
  private final Consumer<java.util.Set<String>> onCaughtUp;

  /**
   * @param onDeclared a monitor declared or changed its filters
   * @param onRemoved a monitor was removed (tombstone)
   * @param onRejected a record that is no valid declaration: its key and why
   */
  public SubscriptionReader(String bootstrapServers, String topic, Consumer<MonitorDeclaration> onDeclared,
      Consumer<String> onRemoved, BiConsumer<String, String> onRejected) {
    this(bootstrapServers, topic, onDeclared, onRemoved, onRejected, live -> { });
  }

  /**
   * @param onCaughtUp once, after the declarations the topic held at start were applied: the ids
   *     of the monitors declared then
   */
  public SubscriptionReader(String bootstrapServers, String topic, Consumer<MonitorDeclaration> onDeclared,
      Consumer<String> onRemoved, BiConsumer<String, String> onRejected,
      Consumer<java.util.Set<String>> onCaughtUp) {
    this.onCaughtUp = onCaughtUp;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "geyser-gateway-subscriptions");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(() -> run(onDeclared, onRemoved, onRejected), "geyser-subscriptions");
    this.thread.setDaemon(true);
  }

  /** Reads {@link Topics#SUBSCRIPTIONS}. */
  public static SubscriptionReader start(String bootstrapServers, Consumer<MonitorDeclaration> onDeclared,
      Consumer<String> onRemoved, BiConsumer<String, String> onRejected) {
    return start(bootstrapServers, onDeclared, onRemoved, onRejected, live -> { });
  }

  /** Reads {@link Topics#SUBSCRIPTIONS}, telling {@code onCaughtUp} which monitors it held at start. */
  public static SubscriptionReader start(String bootstrapServers, Consumer<MonitorDeclaration> onDeclared,
      Consumer<String> onRemoved, BiConsumer<String, String> onRejected, Consumer<java.util.Set<String>> onCaughtUp) {
    SubscriptionReader reader = new SubscriptionReader(bootstrapServers, Topics.SUBSCRIPTIONS, onDeclared, onRemoved,
        onRejected, onCaughtUp);
    reader.startReading();
    return reader;
  }

  /** Starts the reading thread (once). */
  public void startReading() {
    thread.start();
  }

  private void run(Consumer<MonitorDeclaration> onDeclared, Consumer<String> onRemoved,
      BiConsumer<String, String> onRejected) {
    try {
      catchUp(onDeclared, onRemoved, onRejected);
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, onDeclared, onRemoved, onRejected);
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        log.error("subscription reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("subscription reader stopped: {}", e.toString(), e);
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /**
   * Reads what the topic holds at start before acting on any of it, then applies only the net
   * result: a monitor declared and removed long ago must not cost a connection now.
   */
  private void catchUp(Consumer<MonitorDeclaration> onDeclared, Consumer<String> onRemoved,
      BiConsumer<String, String> onRejected) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
    while (!closing && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        latest.remove(record.key());
        latest.put(record.key(), record);
      }
    }
    java.util.Set<String> live = new java.util.HashSet<>();
    for (ConsumerRecord<String, byte[]> record : latest.values()) {
      if (record.value() != null && record.value().length > 0) {
        apply(record, onDeclared, onRemoved, onRejected);
        live.add(record.key());
      }
    }
    log.info("Read {} monitor declaration(s) from {}", live.size(), Topics.SUBSCRIPTIONS);
    try {
      onCaughtUp.accept(java.util.Set.copyOf(live));
    } catch (RuntimeException e) {
      log.error("handling the end of the declarations' catch-up failed; the reader goes on", e);
    }
  }

  private static void apply(ConsumerRecord<String, byte[]> record, Consumer<MonitorDeclaration> onDeclared,
      Consumer<String> onRemoved, BiConsumer<String, String> onRejected) {
    String key = record.key();
    try {
      if (record.value() == null || record.value().length == 0) {
        onRemoved.accept(key);
        return;
      }
      MonitorDeclaration declaration = MonitorDeclaration.parseFrom(record.value());
      if (!declaration.getMonitorId().equals(key)) {
        onRejected.accept(key, "record key '" + key + "' differs from monitor_id '" + declaration.getMonitorId()
            + "'; write declarations keyed by their monitor id");
        return;
      }
      onDeclared.accept(declaration);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      onRejected.accept(key, "the value at " + record.topic() + "-" + record.partition() + "@" + record.offset()
          + " is not a MonitorDeclaration: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      onRejected.accept(key, e.getMessage());
    } catch (RuntimeException e) {
      // Whatever went wrong with this one, the reader keeps following the topic for the others.
      log.error("declaration '{}' at {}-{}@{} could not be applied; the reader goes on", key, record.topic(),
          record.partition(), record.offset(), e);
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
