package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.monitors.pump.TradeExecuted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class KafkaEventSinkTest {
  private static final TradeExecuted TRADE = new TradeExecuted("M1nt", "Curve", "User", "sell", 607L, 12_550_942L,
      null, null, 6L, 2L, "sell_v2", 42L, "Sig");

  @Test
  void openCreatesTheMonitorTopicAndReturnsOnlyWhenEveryPartitionHasALeader(KafkaCluster kafka) throws Exception {
    String id = KafkaCluster.uniqueTopicName("sink-open");
    try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers())) {
      sink.open(id);

      // Described at once, with no waiting: open must already have waited.
      TopicDescription description = describe(kafka, KafkaEventSink.topic(id));
      assertThat(description.partitions()).isNotEmpty().allSatisfy(partition ->
          assertThat(partition.leader()).isNotNull().matches(leader -> !leader.isEmpty()));
    }
  }

  @Test
  void publishedEventIsReadBackKeyedByItsMintWithItsTypeHeader(KafkaCluster kafka) throws Exception {
    String id = KafkaCluster.uniqueTopicName("sink-publish");
    try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers())) {
      sink.open(id);
      sink.publish(id, TRADE);
      sink.flush(id);
    }

    List<ConsumerRecord<String, byte[]>> records = readAll(kafka, KafkaEventSink.topic(id), 1);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(record.key()).isEqualTo("M1nt");
    assertThat(new String(record.headers().lastHeader(KafkaEventSink.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("trade");
    assertThat(EventJson.read(record.value()).path("monitor").asText()).isEqualTo(id);
  }

  @Test
  void aMonitorsFailedSendFailsOnlyThatMonitorsFlushNamingItAndItsTopic(KafkaCluster kafka) throws Exception {
    String broken = KafkaCluster.uniqueTopicName("sink-broken");
    String healthy = KafkaCluster.uniqueTopicName("sink-healthy");
    // Larger than the producer's max.request.size (1 MiB): Kafka refuses it.
    TradeExecuted tooLarge = new TradeExecuted("M1nt", "Curve", "x".repeat(2 * 1024 * 1024), "buy", 1L, 1L, null, null,
        0L, 0L, "buy", 1L, "Sig");
    try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers())) {
      sink.open(broken);
      sink.open(healthy);
      sink.publish(broken, tooLarge);
      sink.publish(healthy, TRADE);

      sink.flush(healthy); // not failed by the other monitor's send
      assertThatThrownBy(() -> sink.flush(broken))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("monitor " + broken + ": 1 of 1 events to " + KafkaEventSink.topic(broken)
              + " on Kafka at " + kafka.bootstrapServers() + " were not written (first: ")
          .hasMessageEndingWith("the batch is handled again; check that the brokers are up and the topic's partitions"
              + " have leaders");
      sink.flush(broken); // reported once: the failed sends are gone with the batch
    }
    assertThat(readAll(kafka, KafkaEventSink.topic(healthy), 1)).hasSize(1);
  }

  private static TopicDescription describe(KafkaCluster kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(KafkaCluster kafka, String topic, int expected)
      throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    describe(kafka, topic).partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
