package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;

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
      sink.flush();
    }

    List<ConsumerRecord<String, byte[]>> records = readAll(kafka, KafkaEventSink.topic(id), 1);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(record.key()).isEqualTo("M1nt");
    assertThat(new String(record.headers().lastHeader(KafkaEventSink.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("trade");
    assertThat(EventJson.read(record.value()).path("monitor").asText()).isEqualTo(id);
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
