package dev.geyserpool.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class PoolEventPublisherTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");
  private static final long NOW_MICROS = 1_795_687_200_123_456L;

  @Test
  void ensureTopicCreatesThreePartitionsWithDeletePolicyAndSevenDaysRetention(KafkaCluster kafka) throws Exception {
    String topic = KafkaCluster.uniqueTopicName("pool-events");

    PoolEventPublisher.ensureTopic(kafka.bootstrapServers(), topic, Duration.ofSeconds(60));
    PoolEventPublisher.ensureTopic(kafka.bootstrapServers(), topic, Duration.ofSeconds(60)); // exists: no error

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      assertThat(description.partitions()).hasSize(3);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("604800000");
    }
  }

  @Test
  void eventsArriveInOrderKeyedByGatewayWithIdAndTimestampFilled(KafkaCluster kafka) {
    String topic = KafkaCluster.uniqueTopicName("pool-events");
    PoolEventPublisher.ensureTopic(kafka.bootstrapServers(), topic, Duration.ofSeconds(60));
    int count = 200;

    try (PoolEventPublisher publisher = PoolEventPublisher.builder(kafka.bootstrapServers(), "gw-1")
        .topic(topic)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build()) {
      for (int i = 0; i < count; i++) {
        assertThat(publisher.publish(PoolEvent.newBuilder().setType(PoolEventType.QUEUE_DEPTH).setValue(i).build()))
            .isTrue();
      }
      assertThat(publisher.publish(PoolEvent.newBuilder().setType(PoolEventType.GAP)
          .setGatewayId("gw-other").setAtEpochMicros(42).build())).isTrue();

      assertThat(publisher.flush(Duration.ofSeconds(60))).isTrue();
      assertThat(publisher.published()).isEqualTo(count + 1);
      assertThat(publisher.failed()).isZero();
      assertThat(publisher.dropped()).isZero();
    }

    List<ConsumerRecord<String, byte[]>> records = consume(kafka.bootstrapServers(), topic, count + 1);
    List<ConsumerRecord<String, byte[]>> ours = records.stream().filter(r -> r.key().equals("gw-1")).toList();
    assertThat(ours).hasSize(count);
    assertThat(ours).extracting(ConsumerRecord::partition).containsOnly(ours.get(0).partition());
    List<PoolEvent> events = ours.stream().map(r -> parse(r.value())).toList();
    assertThat(events).extracting(PoolEvent::getValue)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, count).boxed().toList());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getGatewayId()).isEqualTo("gw-1");
      assertThat(e.getAtEpochMicros()).isEqualTo(NOW_MICROS);
      assertThat(e.getType()).isEqualTo(PoolEventType.QUEUE_DEPTH);
    });
    PoolEvent preset = records.stream().filter(r -> r.key().equals("gw-other")).map(r -> parse(r.value()))
        .findFirst().orElseThrow();
    assertThat(preset.getAtEpochMicros()).as("fields already set are kept").isEqualTo(42);
  }

  @Test
  void fullQueueDropsAndCountsInsteadOfBlocking() throws IOException {
    int capacity = 4;
    int attempts = 1_000;
    try (PoolEventPublisher publisher = PoolEventPublisher.builder(unreachableBootstrap(), "gw-stuck")
        .topic("pool-events-unreachable")
        .queueCapacity(capacity)
        .closeTimeout(Duration.ofSeconds(2))
        // The sender waits this long for metadata that never comes, per event: it cannot drain.
        .producerConfig(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))
        .build()) {

      long start = System.nanoTime();
      int accepted = 0;
      for (int i = 0; i < attempts; i++) {
        if (publisher.publish(PoolEvent.newBuilder().setType(PoolEventType.TOKEN_DENIED).setValue(i).build())) {
          accepted++;
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // One blocked send would take 2 s; 1000 publishes take a few ms when none blocks.
      assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
      // At most the queue plus the one event the sender holds were accepted.
      assertThat(accepted).isBetween(capacity, capacity + 1);
      assertThat(publisher.dropped()).isEqualTo(attempts - accepted);
      assertThat(publisher.queued()).isLessThanOrEqualTo(capacity);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(publisher.failed()).isPositive());
      assertThat(publisher.flush(Duration.ofMillis(1))).as("events queued cannot have completed yet").isFalse();
    }
  }

  @Test
  void closeIsBoundedWhenKafkaIsUnreachableAndCountsWhatWasLeft() throws IOException {
    PoolEventPublisher publisher = PoolEventPublisher.builder(unreachableBootstrap(), "gw-stuck")
        .topic("pool-events-unreachable")
        .queueCapacity(10)
        .closeTimeout(Duration.ofMillis(500))
        .producerConfig(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000))
        .build();
    for (int i = 0; i < 10; i++) {
      publisher.publish(PoolEvent.newBuilder().setType(PoolEventType.CONNECTION_FAILED).build());
    }

    long start = System.nanoTime();
    publisher.close();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    assertThat(publisher.published()).isZero();
    assertThat(publisher.dropped() + publisher.failed()).isEqualTo(10);
    assertThat(publisher.publish(PoolEvent.getDefaultInstance())).as("closed publishers drop").isFalse();
    assertThat(publisher.dropped() + publisher.failed()).isEqualTo(11);
  }

  @Test
  void builderRejectsAnEmptyQueueNamingTheKeyAndValue() {
    assertThatThrownBy(() -> PoolEventPublisher.builder("127.0.0.1:9092", "gw").queueCapacity(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueCapacity is 0, but must be at least 1");
  }

  @Test
  void epochMicrosKeepsMicrosecondPrecision() {
    assertThat(PoolEventPublisher.epochMicros(NOW)).isEqualTo(NOW_MICROS);
  }

  /** A loopback port nothing listens on: bound, then closed again. */
  private static String unreachableBootstrap() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static PoolEvent parse(byte[] bytes) {
    try {
      return PoolEvent.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consume(String bootstrapServers, String topic, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
          });
      return received;
    }
  }
}
