package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.wire.Filters;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers monitors on the compacted topic {@code geyser.subscription-status} (key = monitor id):
 * accepted, rejected with the reason, active, degraded, gap, removed. Each answer names the
 * declaring instance and the digest of the filters it is about (lower-case hex SHA-256 of the
 * declaration's {@code filters} bytes, as the SDK computes it), so a monitor can tell an answer
 * about its current filters from an older one.
 *
 * <p>Thread-safe and never blocking: statuses are handed to one sender thread
 * ({@code geyser-status-sender}) through a bounded queue, so a broker that cannot take them (the
 * producer waits up to {@code max.block.ms} for metadata) never holds up the gateway's control
 * thread. A failed send, or one dropped because the queue is full, is logged: the next status
 * supersedes it. Whoever builds it closes it.
 */
public final class StatusPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String gatewayId;
  private final Clock clock;
  /** The declaration each status is about: its instance and filters. */
  private final Map<String, MonitorDeclaration> declared = new ConcurrentHashMap<>();
  private final java.util.concurrent.ThreadPoolExecutor sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
      java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> {
        Thread t = new Thread(r, "geyser-status-sender");
        t.setDaemon(true);
        return t;
      }, (task, executor) -> log.warn("status queue full: a monitor status was dropped (the next supersedes it)"));

  public StatusPublisher(String bootstrapServers, String gatewayId, Clock clock) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyser-gateway-status-" + gatewayId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.gatewayId = gatewayId;
    this.clock = clock;
  }

  /** The declaration was taken: later statuses of the monitor are about it. */
  public void accepted(MonitorDeclaration declaration) {
    declared.put(declaration.getMonitorId(), declaration);
    send(declaration.getMonitorId(), SubscriptionState.SUBSCRIPTION_ACCEPTED, "accepted by gateway " + gatewayId,
        declaration);
  }

  /** The declaration was refused; nothing of it reached the provider. */
  public void rejected(MonitorDeclaration declaration, String reason) {
    send(declaration.getMonitorId(), SubscriptionState.SUBSCRIPTION_REJECTED, reason, declaration);
  }

  /** A record on the subscriptions topic that is no declaration at all. */
  public void rejected(String monitorId, String reason) {
    send(monitorId, SubscriptionState.SUBSCRIPTION_REJECTED, reason, null);
  }

  public void removed(String monitorId) {
    MonitorDeclaration last = declared.remove(monitorId);
    send(monitorId, SubscriptionState.SUBSCRIPTION_REMOVED, "removed", last);
  }

  /** A pool status ({@code active}, {@code waiting}, {@code failed}, {@code rejected}, {@code gap}). */
  public void poolStatus(String monitorId, String state, String message) {
    SubscriptionState mapped = switch (state) {
      case "active" -> SubscriptionState.SUBSCRIPTION_ACTIVE;
      case "rejected" -> SubscriptionState.SUBSCRIPTION_REJECTED;
      case "gap" -> SubscriptionState.SUBSCRIPTION_GAP;
      default -> SubscriptionState.SUBSCRIPTION_DEGRADED;
    };
    MonitorDeclaration declaration = mapped == SubscriptionState.SUBSCRIPTION_REJECTED
        ? declared.remove(monitorId) : declared.get(monitorId);
    send(monitorId, mapped, message, declaration);
  }

  private void send(String monitorId, SubscriptionState state, String reason, MonitorDeclaration about) {
    Instant now = clock.instant();
    SubscriptionStatus.Builder status = SubscriptionStatus.newBuilder()
        .setMonitorId(monitorId)
        .setState(state)
        .setReason(reason == null ? "" : reason)
        .setGatewayId(gatewayId)
        .setAtEpochMicros(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
    if (about != null) {
      status.setInstanceId(about.getInstanceId()).setFiltersDigest(Filters.digest(about.getFilters()));
    }
    byte[] value = status.build().toByteArray();
    sender.execute(() -> {
      try {
        producer.send(new ProducerRecord<>(Topics.SUBSCRIPTION_STATUS, monitorId, value), (m, e) -> {
          if (e != null) {
            log.warn("cannot publish the {} status of monitor {}: {}", state, monitorId, e.toString());
          }
        });
      } catch (RuntimeException e) {
        log.warn("cannot publish the {} status of monitor {}: {}", state, monitorId, e.toString());
      }
    });
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
