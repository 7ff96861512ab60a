package dev.geyserpool.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's side of the compacted topic {@code geyser.subscriptions} (key = monitor id,
 * value = {@link MonitorDeclaration} bytes, null = removed), the topic the gateway's
 * {@code SubscriptionReader} follows.
 *
 * <p>Threading: each call runs on the caller's thread; writes wait for Kafka's acknowledgement.
 * The producer belongs to the caller.
 */
public final class DeclarationLog {
  private static final Logger log = LoggerFactory.getLogger(DeclarationLog.class);

  private final String bootstrapServers;
  private final Producer<String, byte[]> producer;
  private final Duration timeout;

  public DeclarationLog(String bootstrapServers, Producer<String, byte[]> producer, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.producer = producer;
    this.timeout = timeout;
  }

  /** The declaration currently on the topic for {@code monitorId}; empty when none or removed. */
  public Optional<MonitorDeclaration> current(String monitorId) {
    AtomicReference<byte[]> latest = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> consumer =
        KafkaClients.reader(bootstrapServers, "geyser-monitor." + monitorId + ".lookup")) {
      TopicScan.read(consumer, Topics.SUBSCRIPTIONS, consumer::beginningOffsets, timeout, record -> {
        if (monitorId.equals(record.key())) {
          latest.set(record.value());
        }
      });
    }
    byte[] value = latest.get();
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(MonitorDeclaration.parseFrom(value));
    } catch (InvalidProtocolBufferException e) {
      log.warn("The current value for monitor {} on {} is no declaration ({}); treating it as none",
          monitorId, Topics.SUBSCRIPTIONS, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes the declaration, keyed by its monitor id. */
  public void write(MonitorDeclaration declaration) {
    send(declaration.getMonitorId(), declaration.toByteArray(), "declaration");
  }

  /** Writes a tombstone: the gateway removes the monitor. */
  public void remove(String monitorId) {
    send(monitorId, null, "tombstone");
  }

  private void send(String monitorId, byte[] value, String what) {
    try {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, monitorId, value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the " + what + " of monitor " + monitorId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write the " + what + " of monitor '" + monitorId + "' to "
          + Topics.SUBSCRIPTIONS + " on Kafka at " + bootstrapServers + " within " + timeout.toMillis() + " ms: "
          + e.getMessage(), e);
    }
  }
}
