package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * Records of type {@code same}: the update is the value of an earlier record of the partition,
 * published for other monitors. Live monitors read {@code geyser.high.transactions} (shared with
 * other classes); the replay by time reads {@code geyser.high.accounts} and the retention case
 * deletes records of {@code geyser.low.accounts}, which no other test writes.
 */
class SameRecordTest extends WithGatewayStandIn {
  private static final String TRANSACTIONS = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
  private static final String REPLAYED = Topics.stream(MonitorGroup.HIGH, UpdateKind.ACCOUNTS);
  private static final String RETAINED = Topics.stream(MonitorGroup.LOW, UpdateKind.ACCOUNTS);
  /** 2023-11-14T22:13:20.123456Z: a receive time no record of the tests has by chance. */
  private static final long RECEIVED_AT_MICROS = 1_700_000_000_123_456L;
  private static final Instant RECEIVED_AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_000L);

  /** Collects every update. */
  private static final class Collect implements UpdateHandler {
    final List<MonitorUpdate> updates = new CopyOnWriteArrayList<>();

    @Override
    public void onTransaction(TransactionUpdate update) {
      updates.add(update);
    }

    @Override
    public void onAccount(AccountUpdate update) {
      updates.add(update);
    }
  }

  private Monitor.Builder monitor(String id, Collect handler) {
    return Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .filter(TestKafka.trades()).handler(handler).heartbeatInterval(Duration.ofMillis(500));
  }

  @Test
  void aSameRecordHandsItsMonitorTheUpdateOfTheRecordItNamesWithItsOwnHeaders() {
    String a = TestKafka.uniqueId("same-a");
    String b = TestKafka.uniqueId("same-b");
    gateway.accept(a);
    gateway.accept(b);
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    String signature = TestKafka.signature(base);
    Collect seenA = new Collect();
    Collect seenB = new Collect();
    try (Monitor monitorA = monitor(a, seenA).build().start(); Monitor monitorB = monitor(b, seenB).build().start()) {
      ProducerRecord<String, byte[]> original = TestKafka.transaction(TRANSACTIONS, 1, null, a, 40, base);
      long originalOffset = TestKafka.produce(kafka, List.of(original)).get(0).offset();
      List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
          TestKafka.same(TRANSACTIONS, 1, null, signature, Long.toString(originalOffset), b, "whales", 41,
              RECEIVED_AT_MICROS),
          TestKafka.transaction(TRANSACTIONS, 1, null, a, 42, base + 1)));

      await().atMost(Duration.ofSeconds(30)).until(() -> seenB.updates.size() >= 1 && seenA.updates.size() >= 2);

      TransactionUpdate repeated = (TransactionUpdate) seenB.updates.get(0);
      assertThat(repeated.signature()).isEqualTo(signature);
      assertThat(repeated.transaction()).isEqualTo(transactionOf(original));
      assertThat(repeated.context()).isEqualTo(new UpdateContext("tx:" + signature, 41, List.of("whales"), RECEIVED_AT,
          TRANSACTIONS, 1, written.get(0).offset()));
      assertThat(seenB.updates).hasSize(1);
      assertThat(monitorB.delivered()).isEqualTo(1);
      assertThat(monitorB.deadLettered()).isZero();

      assertThat(seenA.updates).extracting(u -> ((TransactionUpdate) u).signature())
          .containsExactly(signature, TestKafka.signature(base + 1));
      assertThat(seenA.updates.get(0).context().offset()).isEqualTo(originalOffset);
      assertThat(seenA.updates.get(0).context().filters()).containsExactly("trades");
      assertThat(seenA.updates.get(0).context().slot()).isEqualTo(40);
    }
  }

  @Test
  void aMonitorThatStartsAfterTheOriginalReadsItFromKafka() {
    String a = TestKafka.uniqueId("before-a");
    String b = TestKafka.uniqueId("after-b");
    gateway.accept(b);
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    String signature = TestKafka.signature(base);
    ProducerRecord<String, byte[]> original = TestKafka.transaction(TRANSACTIONS, 2, null, a, 50, base);
    long originalOffset = TestKafka.produce(kafka, List.of(original)).get(0).offset();
    Collect seen = new Collect();

    // A fresh group starting at the latest offsets never reads the original itself.
    try (Monitor monitorB = monitor(b, seen).startFrom(StartPosition.latest()).build().start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> monitorB.assignment().size() == 3);
      List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
          TestKafka.same(TRANSACTIONS, 2, null, signature, Long.toString(originalOffset), b, "trades", 50,
              RECEIVED_AT_MICROS),
          TestKafka.transaction(TRANSACTIONS, 2, null, b, 51, base + 1)));

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.updates.size() >= 2);

      TransactionUpdate repeated = (TransactionUpdate) seen.updates.get(0);
      assertThat(repeated.transaction()).isEqualTo(transactionOf(original));
      assertThat(repeated.context()).isEqualTo(new UpdateContext("tx:" + signature, 50, List.of("trades"), RECEIVED_AT,
          TRANSACTIONS, 2, written.get(0).offset()));
      assertThat(((TransactionUpdate) seen.updates.get(1)).signature()).isEqualTo(TestKafka.signature(base + 1));
      assertThat(monitorB.deadLettered()).isZero();
    }
  }

  @Test
  void sameRecordsNamingNoUpdateAreDeadLetteredAndTheNextRecordIsDelivered() {
    String a = TestKafka.uniqueId("gap-a");
    String b = TestKafka.uniqueId("bad-same-b");
    gateway.accept(b);
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    GapRecord gap = GapRecord.newBuilder().setFromSlot(60).setToSlot(61).setReason("provider lost them").build();
    long gapOffset = TestKafka.produce(kafka, List.of(new ProducerRecord<>(TRANSACTIONS, 0, null, "gap:60-61",
        gap.toByteArray(), List.of(
            new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_GAP)),
            new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.text(a)),
            new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(60)))))).get(0).offset();
    Collect seen = new Collect();

    try (Monitor monitorB = monitor(b, seen).build().start()) {
      List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
          TestKafka.same(TRANSACTIONS, 0, null, "gap:60-61", Long.toString(gapOffset), b, "trades", 60,
              RECEIVED_AT_MICROS),
          TestKafka.same(TRANSACTIONS, 0, null, "later", Long.toString(gapOffset + 1_000_000), b, "trades", 60,
              RECEIVED_AT_MICROS),
          TestKafka.same(TRANSACTIONS, 0, null, "unnamed", null, b, "trades", 60, RECEIVED_AT_MICROS),
          TestKafka.transaction(TRANSACTIONS, 0, null, b, 62, base)));

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.updates.size() >= 1 && deadLetters(b).size() >= 3);

      assertThat(seen.updates).extracting(u -> u.context().offset()).containsExactly(written.get(3).offset());
      assertThat(monitorB.deadLettered()).isEqualTo(3);
      List<ConsumerRecord<String, byte[]>> letters = deadLetters(b);
      assertThat(letters).extracting(r -> TestKafka.header(r, RecordHeaders.DLQ_ERROR)).containsExactly(
          "dev.geyserpool.sdk.UnreadableRecordException: the record at " + source(TRANSACTIONS, 0, written.get(0))
              + " is of type 'same' and repeats the update at offset " + gapOffset
              + ", which holds a record of type 'gap', not an update",
          "dev.geyserpool.sdk.UnreadableRecordException: the record at " + source(TRANSACTIONS, 0, written.get(1))
              + " is of type 'same' and repeats the update at offset " + (gapOffset + 1_000_000)
              + ", which is not an earlier offset of its partition; geyser.same-as must name the record published"
              + " before it with the update's bytes",
          "dev.geyserpool.sdk.UnreadableRecordException: the record at " + source(TRANSACTIONS, 0, written.get(2))
              + " is of type 'same' but has no geyser.same-as header naming the offset of the record with its"
              + " update; its writer does not follow the record contract");
      assertThat(letters.get(0).key()).isEqualTo("gap:60-61");
      assertThat(letters.get(0).value()).isEmpty();
      assertThat(TestKafka.header(letters.get(0), RecordHeaders.SAME_AS)).isEqualTo(Long.toString(gapOffset));
    }
  }

  @Test
  void aSameRecordWhoseOriginalRetentionDroppedIsDeadLetteredSayingSo() throws Exception {
    String a = TestKafka.uniqueId("dropped-a");
    String b = TestKafka.uniqueId("late-b");
    gateway.accept(b);
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    ProducerRecord<String, byte[]> original = TestKafka.account(RETAINED, 0, null, a, 70, base);
    long originalOffset = TestKafka.produce(kafka, List.of(original)).get(0).offset();
    // What retention does: the partition's log now starts after the original.
    try (Admin admin = admin()) {
      admin.deleteRecords(Map.of(new TopicPartition(RETAINED, 0), RecordsToDelete.beforeOffset(originalOffset + 1)))
          .all().get();
    }
    Collect seen = new Collect();

    try (Monitor monitorB = Monitor.builder().id(b).group(MonitorGroup.LOW).bootstrapServers(kafka.bootstrapServers())
        .filter(AccountFilter.named("curves").owner(TestKafka.PUMP)).handler(seen)
        .heartbeatInterval(Duration.ofMillis(500)).build().start()) {
      List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
          TestKafka.same(RETAINED, 0, null, original.key(), Long.toString(originalOffset), b, "curves", 70,
              RECEIVED_AT_MICROS),
          TestKafka.account(RETAINED, 0, null, b, 71, base + 1)));

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.updates.size() >= 1 && deadLetters(b).size() >= 1);

      assertThat(seen.updates).extracting(u -> u.context().offset()).containsExactly(written.get(1).offset());
      assertThat(deadLetters(b)).extracting(r -> TestKafka.header(r, RecordHeaders.DLQ_ERROR)).containsExactly(
          "dev.geyserpool.sdk.UnreadableRecordException: the record at " + source(RETAINED, 0, written.get(0))
              + " is of type 'same' and repeats the update at offset " + originalOffset + ", which " + RETAINED
              + "-0 no longer holds (it now starts at offset " + (originalOffset + 1) + "): the topic's retention"
              + " dropped the original before this record was read; raise the topic's retention.ms (or"
              + " retention.bytes), or replay from a later position");
    }
  }

  @Test
  void aReplayResolvesSameRecordsWhetherItReadTheOriginalOrNot() {
    String a = TestKafka.uniqueId("replay-a");
    String b = TestKafka.uniqueId("replay-b");
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    Instant cut = Instant.now().minus(Duration.ofHours(1));
    ProducerRecord<String, byte[]> original =
        TestKafka.account(REPLAYED, 1, cut.minus(Duration.ofMinutes(30)).toEpochMilli(), a, 80, base);
    long originalOffset = TestKafka.produce(kafka, List.of(original)).get(0).offset();
    List<RecordMetadata> written = TestKafka.produce(kafka, List.of(
        TestKafka.same(REPLAYED, 1, cut.toEpochMilli(), original.key(), Long.toString(originalOffset), b, "curves", 81,
            RECEIVED_AT_MICROS),
        TestKafka.account(REPLAYED, 1, cut.toEpochMilli() + 1, b, 82, base + 1)));
    UpdateContext expected = new UpdateContext(identityOf(original), 81, List.of("curves"), RECEIVED_AT, REPLAYED, 1,
        written.get(0).offset());

    // From the cut the replay never reads the original: it is fetched.
    Collect fromCut = new Collect();
    ReplayResult sinceCut = replayer(b).from(cut).build().replay(fromCut);
    // From before it, the replay has read it (another monitor's record) when the same record comes.
    Collect fromBefore = new Collect();
    ReplayResult sinceBefore = replayer(b).from(cut.minus(Duration.ofHours(1))).build().replay(fromBefore);

    for (Collect collected : List.of(fromCut, fromBefore)) {
      assertThat(collected.updates).hasSize(2);
      AccountUpdate repeated = (AccountUpdate) collected.updates.get(0);
      assertThat(repeated.context()).isEqualTo(expected);
      assertThat(repeated.account()).isEqualTo(accountOf(original));
      assertThat(collected.updates.get(1).context().offset()).isEqualTo(written.get(1).offset());
    }
    assertThat(sinceCut.delivered()).isEqualTo(2);
    assertThat(sinceCut.failed()).isZero();
    assertThat(sinceBefore.delivered()).isEqualTo(2);
    assertThat(sinceBefore.failed()).isZero();
    assertThat(sinceBefore.skipped()).isEqualTo(1);
  }

  private Replayer.Builder replayer(String id) {
    return Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id).group(MonitorGroup.HIGH)
        .kinds(UpdateKind.ACCOUNTS);
  }

  private static dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo transactionOf(
      ProducerRecord<String, byte[]> record) {
    return parse(record).getTransaction().getTransaction();
  }

  private static dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo accountOf(ProducerRecord<String, byte[]> record) {
    return parse(record).getAccount().getAccount();
  }

  private static String identityOf(ProducerRecord<String, byte[]> record) {
    return dev.geyserpool.wire.UpdateIdentity.of(parse(record)).orElseThrow();
  }

  private static SubscribeUpdate parse(ProducerRecord<String, byte[]> record) {
    try {
      return SubscribeUpdate.parseFrom(record.value());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String source(String topic, int partition, RecordMetadata written) {
    return topic + "-" + partition + "@" + written.offset();
  }

  private List<ConsumerRecord<String, byte[]>> deadLetters(String id) {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (var consumer = KafkaClients.reader(kafka.bootstrapServers(), "test-same-dlq")) {
      TopicScan.read(consumer, Topics.DEAD_LETTER, consumer::beginningOffsets, Duration.ofSeconds(10), r -> {
        if (id.equals(TestKafka.header(r, RecordHeaders.DLQ_MONITOR))) {
          all.add(r);
        }
      });
    }
    return all;
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(props);
  }
}
