package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Review of dead letters for records of type {@code same}, on the in-process broker: the records
 * are written as the gateway writes them (bytes for monitor A, then a {@code same} record for B).
 */
class SameRecordDeadLetterHolesTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);

  /**
   * B's handler throws on transaction T, which B reads from a 'same' record. The dead letter is
   * the 'same' record as it is (DeadLetters.send copies record.value(): empty), so
   * geyser.dead-letter holds no update for B's failure: whoever handles the dead letter must go
   * back to the stream topic's offset (geyser.same-as, which the dead letter's own topic does not
   * hold), and once the stream topic's retention drops A's record the failed update is gone. A
   * handler failure on a record with bytes dead-letters the update itself (DeadLetterTest).
   */
  @Test
  void aHandlerFailureOnASameRecordDeadLettersTheUpdateItRepeats() throws Exception {
    String a = TestKafka.uniqueId("dlq-same-a");
    String b = TestKafka.uniqueId("dlq-same-b");
    gateway.accept(b);
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    String failing = TestKafka.signature(base);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Monitor monitor = Monitor.builder().id(b).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
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
        .heartbeatInterval(Duration.ofMillis(500)).build().start()) {
      ProducerRecord<String, byte[]> original = TestKafka.transaction(TOPIC, 1, null, a, 90, base);
      long originalOffset = TestKafka.produce(kafka, List.of(original)).get(0).offset();
      TestKafka.produce(kafka, List.of(
          TestKafka.same(TOPIC, 1, null, failing, Long.toString(originalOffset), b, "trades", 90,
              System.currentTimeMillis() * 1000),
          TestKafka.transaction(TOPIC, 1, null, b, 91, base + 1)));

      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 1 && deadLetters(b).size() >= 1);

      List<ConsumerRecord<String, byte[]>> letters = deadLetters(b);
      assertThat(letters).hasSize(1);
      ConsumerRecord<String, byte[]> letter = letters.get(0);
      assertThat(TestKafka.header(letter, RecordHeaders.DLQ_ERROR))
          .isEqualTo("java.lang.IllegalStateException: cannot price " + failing);
      assertThat(letter.value()).as("the dead letter's value: the update B's handler failed on").isNotEmpty();
      SubscribeUpdate update = SubscribeUpdate.parseFrom(letter.value());
      assertThat(dev.geyserpool.proto.Base58.encode(
          update.getTransaction().getTransaction().getSignature().toByteArray())).isEqualTo(failing);
    }
  }

  private List<ConsumerRecord<String, byte[]>> deadLetters(String id) {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (var consumer = KafkaClients.reader(kafka.bootstrapServers(), "test-same-dlq-holes")) {
      TopicScan.read(consumer, Topics.DEAD_LETTER, consumer::beginningOffsets, Duration.ofSeconds(10), r -> {
        if (id.equals(TestKafka.header(r, RecordHeaders.DLQ_MONITOR))) {
          all.add(r);
        }
      });
    }
    return all;
  }
}
