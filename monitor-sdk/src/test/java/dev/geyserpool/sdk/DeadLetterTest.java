package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);


  @Test
  void poisonRecordsAndHandlerFailuresGoToTheDeadLetterTopicAndTheMonitorGoesOn() throws Exception {
    String id = TestKafka.uniqueId("dlq");
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    String failing = TestKafka.signature(base + 2);
    List<String> handled = new CopyOnWriteArrayList<>();
    gateway.accept(id);
    Monitor monitor = Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .filter(TestKafka.trades())
        .handler(new UpdateHandler() {
          @Override
          public void onTransaction(TransactionUpdate update) {
            if (update.signature().equals(failing)) {
              throw new IllegalStateException("cannot price " + update.signature());
            }
            handled.add(update.signature());
          }
        })
        .build().start();

    ProducerRecord<String, byte[]> poison = new ProducerRecord<>(TOPIC, 0, null, "poison-" + id,
        "not a protobuf".getBytes(StandardCharsets.UTF_8),
        List.of(new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.text(id)),
            new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(7))));
    List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
        TestKafka.transaction(TOPIC, 0, null, id, 7, base + 1),
        poison,
        TestKafka.transaction(TOPIC, 0, null, id, 7, base + 2),
        TestKafka.transaction(TOPIC, 0, null, "not-" + id, 7, base + 4),
        TestKafka.transaction(TOPIC, 0, null, id, 8, base + 3)));

    await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() >= 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters(id).size() >= 2);
    monitor.close();

    assertThat(handled).containsExactly(TestKafka.signature(base + 1), TestKafka.signature(base + 3));
    assertThat(monitor.delivered()).isEqualTo(2);
    assertThat(monitor.deadLettered()).isEqualTo(2);

    List<ConsumerRecord<String, byte[]>> letters = deadLetters(id);
    assertThat(letters).hasSize(2);
    ConsumerRecord<String, byte[]> unreadable = letters.get(0);
    assertThat(unreadable.key()).isEqualTo("poison-" + id);
    assertThat(unreadable.value()).isEqualTo(poison.value());
    assertThat(TestKafka.header(unreadable, RecordHeaders.MONITORS)).isEqualTo(id);
    assertThat(TestKafka.header(unreadable, RecordHeaders.DLQ_SOURCE)).isEqualTo(TOPIC + "-0@" + written.get(1).offset());
    assertThat(TestKafka.header(unreadable, RecordHeaders.DLQ_ERROR)).startsWith(
        "dev.geyserpool.sdk.UnreadableRecordException: the record at " + TOPIC + "-0@" + written.get(1).offset()
            + " is not a SubscribeUpdate: ");

    ConsumerRecord<String, byte[]> thrown = letters.get(1);
    ProducerRecord<String, byte[]> original = TestKafka.transaction(TOPIC, 0, null, id, 7, base + 2);
    assertThat(thrown.key()).isEqualTo(failing);
    assertThat(thrown.value()).isEqualTo(original.value());
    assertThat(TestKafka.header(thrown, RecordHeaders.FILTERS)).isEqualTo("someone-else/x," + id + "/trades");
    assertThat(TestKafka.header(thrown, RecordHeaders.SLOT)).isEqualTo("7");
    assertThat(TestKafka.header(thrown, RecordHeaders.DLQ_MONITOR)).isEqualTo(id);
    assertThat(TestKafka.header(thrown, RecordHeaders.DLQ_ERROR))
        .isEqualTo("java.lang.IllegalStateException: cannot price " + failing);
    assertThat(TestKafka.header(thrown, RecordHeaders.DLQ_SOURCE)).isEqualTo(TOPIC + "-0@" + written.get(2).offset());

    // At-least-once: the group committed past the last record it handled, dead letters included.
    assertThat(committed("geyser-monitor." + id).get(new TopicPartition(TOPIC, 0)).offset())
        .isEqualTo(written.get(4).offset() + 1);
  }

  private List<ConsumerRecord<String, byte[]>> deadLetters(String id) {
    List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
    try (var consumer = dev.geyserpool.sdk.internal.KafkaClients.reader(kafka.bootstrapServers(), "test-dlq")) {
      dev.geyserpool.sdk.internal.TopicScan.read(consumer, Topics.DEAD_LETTER, consumer::beginningOffsets,
          Duration.ofSeconds(10), r -> {
            if (id.equals(TestKafka.header(r, RecordHeaders.DLQ_MONITOR))) {
              all.add(r);
            }
          });
    }
    return all;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
  }
}
