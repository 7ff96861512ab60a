package dev.geyserpool.sdk;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.internal.ControlTopics;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Stands in for the gateway in the SDK's own tests (no gateway runs in this module): follows
 * {@code geyser.subscriptions} and answers the declarations of the monitor ids it was told about
 * on {@code geyser.subscription-status}, exactly as the status contract says: key = monitor id,
 * {@code instance_id} echoed, {@code filters_digest} = {@link Declarations#filtersDigest}. The
 * end-to-end tests against the real gateway live in the cli module.
 *
 * <p>Threading: one thread ({@code gateway-stand-in}) reads and answers; the other methods are
 * safe from the test thread.
 */
final class GatewayStandIn implements AutoCloseable {
  static final String GATEWAY_ID = "stand-in";

  private record Answer(SubscriptionState state, String reason) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<MonitorDeclaration> declarations = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closing;

  private GatewayStandIn(KafkaCluster kafka) {
    ControlTopics.ensure(kafka.bootstrapServers(), Duration.ofSeconds(30));
    consumer = KafkaClients.reader(kafka.bootstrapServers(), "gateway-stand-in");
    List<TopicPartition> partitions = TopicScan.partitions(consumer, Topics.SUBSCRIPTIONS, Duration.ofSeconds(10));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(p -> consumer.position(p));
    producer = KafkaClients.producer(kafka.bootstrapServers(), "gateway-stand-in");
    thread = new Thread(this::run, "gateway-stand-in");
  }

  static GatewayStandIn start(KafkaCluster kafka) {
    GatewayStandIn standIn = new GatewayStandIn(kafka);
    standIn.thread.start();
    return standIn;
  }

  /** Answers every declaration of {@code monitorId} with ACCEPTED. */
  GatewayStandIn accept(String monitorId) {
    answers.put(monitorId, new Answer(SubscriptionState.SUBSCRIPTION_ACCEPTED, "accepted by gateway " + GATEWAY_ID));
    return this;
  }

  /** Answers every declaration of {@code monitorId} with REJECTED and {@code reason}. */
  GatewayStandIn reject(String monitorId, String reason) {
    answers.put(monitorId, new Answer(SubscriptionState.SUBSCRIPTION_REJECTED, reason));
    return this;
  }

  /** Every declaration (not tombstones) of {@code monitorId} read so far. */
  List<MonitorDeclaration> declarations(String monitorId) {
    return declarations.stream().filter(d -> d.getMonitorId().equals(monitorId)).toList();
  }

  /** Writes a status about {@code about}, as the gateway would, and waits until Kafka has it. */
  void status(MonitorDeclaration about, SubscriptionState state, String reason) {
    send(SubscriptionStatus.newBuilder()
        .setMonitorId(about.getMonitorId())
        .setState(state)
        .setReason(reason)
        .setInstanceId(about.getInstanceId())
        .setGatewayId(GATEWAY_ID)
        .setAtEpochMicros(System.currentTimeMillis() * 1_000)
        .setFiltersDigest(Declarations.filtersDigest(about.getFilters()))
        .build());
  }

  void send(SubscriptionStatus status) {
    try {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTION_STATUS, status.getMonitorId(), status.toByteArray()))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("stand-in cannot write a status", e);
    }
  }

  private void run() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.value() == null) {
            continue;
          }
          MonitorDeclaration declaration = MonitorDeclaration.parseFrom(record.value());
          declarations.add(declaration);
          Answer answer = answers.get(declaration.getMonitorId());
          if (answer != null) {
            status(declaration, answer.state(), answer.reason());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Exception e) {
      throw new IllegalStateException("gateway stand-in stopped", e);
    } finally {
      consumer.close();
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
    producer.close(Duration.ofSeconds(5));
  }
}
