package dev.geyserpool.aggregator.api;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.PoolAlert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * Follows the alerts topic from its end and hands every raise and clear to the live feed as the
 * job commits it ({@code read_committed}: an alert of a transaction that aborts is never sent).
 * Each API instance reads every partition itself, without a consumer group: every instance's
 * sessions hear of every alert.
 *
 * <p>Threading: one named daemon thread owns the consumer; {@link #close()} wakes it and waits
 * for it. A failure to reach Kafka is logged and retried a second later; the thread never dies of
 * one.
 */
final class AlertTail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertTail.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Properties properties;
  private final String topic;
  private final Consumer<PoolAlert> sink;
  private final Thread thread;
  private volatile boolean closed;
  /** Created on the thread that owns it; read by {@link #close()} to wake it. */
  private volatile KafkaConsumer<String, byte[]> consumer;

  AlertTail(String bootstrapServers, String topic, Map<String, String> clientOverrides, Consumer<PoolAlert> sink) {
    Properties p = new Properties();
    p.putAll(clientOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "geyserpool-api-alerts");
    this.properties = p;
    this.topic = topic;
    this.sink = sink;
    this.thread = new Thread(this::run, "geyserpool-api-alerts");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
        new ByteArrayDeserializer());
    this.consumer = consumer;
    boolean assigned = false;
    while (!closed) {
      try {
        if (!assigned) {
          List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition())).toList();
          if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
          }
          consumer.assign(partitions);
          // Alerts before now are in the store, which new sessions read; from here on they are pushed.
          consumer.seekToEnd(partitions);
          partitions.forEach(consumer::position);
          assigned = true;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handle(record);
        }
      } catch (WakeupException e) {
        // close() woke it.
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        log.warn("the live feed cannot read alerts from {} ({}); retrying in {}", topic, e.toString(), RETRY);
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    consumer.close(Duration.ofSeconds(2));
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    try {
      sink.accept(PoolAlert.parseFrom(record.value()));
    } catch (InvalidProtocolBufferException e) {
      log.warn("skipping record {}-{}@{} of {}: not a PoolAlert ({} bytes)", record.topic(), record.partition(),
          record.offset(), topic, record.value().length);
    }
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
