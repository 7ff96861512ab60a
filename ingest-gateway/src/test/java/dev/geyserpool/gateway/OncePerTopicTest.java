package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each update's bytes are stored once per topic, on the simulator over loopback HTTP/2 and the
 * in-process broker: when two streams of one group match the same update (several commitments,
 * more monitors than one stream takes), the second copy is a {@code same} record pointing at the
 * first; copies whose bytes differ (another data slice) are each stored. Across a crash and
 * restart, the replayed overlap adds neither bytes nor pointers.
 */
@ExtendWith(KafkaClusterExtension.class)
class OncePerTopicTest {
  private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 3, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
    KafkaTopics.ensure(kafka.bootstrapServers(), List.of(new NewTopic(Topics.STREAM_CHECKPOINTS, 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Duration.ofSeconds(60));
  }

  @Test
  void aTransactionMatchedAtTwoCommitmentsIsStoredOnce(KafkaCluster kafka) throws Exception {
    String processed = unique("processed");
    String confirmed = unique("confirmed");
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        IngestGateway gateway = start(kafka, sim, FastRules.get(), unique("gw"))) {
      gateway.declare(transactions(processed, "high", CommitmentLevel.PROCESSED));
      gateway.declare(transactions(confirmed, "high", CommitmentLevel.CONFIRMED));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);

      List<String> sent = emit(sim, 12);
      sim.advanceSlot();
      sim.advanceSlot(); // confirms the slot

      TopicRecords topic = awaitCovered(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS),
          Set.of(processed, confirmed), sent);
      topic.assertStoredOnce(sent);
      // Usually the confirmed copy points at the processed one's bytes; whichever claims first writes them.
      assertThat(topic.sameRecordsFor(confirmed).size() + topic.sameRecordsFor(processed).size())
          .as("one copy of each transaction points at the other's bytes").isEqualTo(sent.size());
    }
  }

  @Test
  void aTransactionMatchedOnTwoStreamsOfOneGroupIsStoredOnce(KafkaCluster kafka) throws Exception {
    String first = unique("first");
    String second = unique("second");
    // One monitor per stream: the two monitors' identical filters run on two streams.
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        IngestGateway gateway = start(kafka, sim, FastRules.oneMonitorPerStream(), unique("gw"))) {
      gateway.declare(transactions(first, "medium", CommitmentLevel.PROCESSED));
      gateway.declare(transactions(second, "medium", CommitmentLevel.PROCESSED));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);

      List<String> sent = emit(sim, 12);
      sim.advanceSlot();

      TopicRecords topic = awaitCovered(kafka, Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS),
          Set.of(first, second), sent);
      topic.assertStoredOnce(sent);
      assertThat(topic.sameRecordsFor(first).size() + topic.sameRecordsFor(second).size())
          .as("one of the two copies points at the other's bytes").isEqualTo(sent.size());
    }
  }

  @Test
  void accountCopiesUnderDifferentDataSlicesAreEachStored(KafkaCluster kafka) throws Exception {
    String sliced = unique("sliced");
    String whole = unique("whole");
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        IngestGateway gateway = start(kafka, sim, FastRules.get(), unique("gw"))) {
      gateway.declare(accounts(sliced, true));
      gateway.declare(accounts(whole, false));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);

      byte[] data = new byte[64];
      ThreadLocalRandom.current().nextBytes(data);
      sim.emitAccount(SubscribeUpdateAccountInfo.newBuilder()
          .setPubkey(ByteString.copyFrom(randomBytes(32)))
          .setOwner(ByteString.copyFrom(Base58.decode(PUMP)))
          .setLamports(1_000_000).setData(ByteString.copyFrom(data)).setWriteVersion(7)
          .setTxnSignature(ByteString.copyFrom(randomBytes(64)))
          .build());
      sim.advanceSlot();

      String topic = Topics.stream(MonitorGroup.LOW, UpdateKind.ACCOUNTS);
      await().atMost(Duration.ofSeconds(20)).until(() -> TopicRecords.read(kafka, topic).withBytes(sliced, whole).size() == 2);
      Map<String, Integer> dataLength = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : TopicRecords.read(kafka, topic).withBytes(sliced, whole)) {
        SubscribeUpdate update = SubscribeUpdate.parseFrom(r.value());
        for (String m : monitors(r)) {
          dataLength.put(m, update.getAccount().getAccount().getData().size());
        }
      }
      assertThat(dataLength).as("each monitor's copy has its own bytes").containsEntry(sliced, 8)
          .containsEntry(whole, 64);
      assertThat(TopicRecords.read(kafka, topic).sameRecordsFor(sliced)).isEmpty();
      assertThat(TopicRecords.read(kafka, topic).sameRecordsFor(whole)).isEmpty();
    }
  }

  @Test
  void aCrashAndRestartAddsNoBytesAndNoPointerForTheReplayedOverlap(KafkaCluster kafka) throws Exception {
    String processed = unique("crash-p");
    String confirmed = unique("crash-c");
    String gatewayId = unique("crash-gw");
    String topicName = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      IngestGateway run1 = start(kafka, sim, FastRules.get(), gatewayId);
      List<String> sent;
      try {
        run1.declare(transactions(processed, "high", CommitmentLevel.PROCESSED));
        run1.declare(transactions(confirmed, "high", CommitmentLevel.CONFIRMED));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);
        sent = new ArrayList<>(emit(sim, 8));
        sim.advanceSlot();
        sim.advanceSlot();
        awaitCovered(kafka, topicName, Set.of(processed, confirmed), sent);
        // Checkpoints written behind the published slots: the restart replays them.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          Map<String, ?> c = KafkaCheckpointStore.read(kafka.bootstrapServers(), Duration.ofSeconds(10));
          return c.containsKey(processed) && c.containsKey(confirmed);
        });
      } finally {
        run1.halt();
      }
      sent.addAll(emit(sim, 4));
      sim.advanceSlot();
      for (int i = 0; i < SubscribeStream.REORDER_DEPTH_SLOTS + 1; i++) {
        sim.advanceSlot();
      }

      try (IngestGateway run2 = start(kafka, sim, FastRules.get(), gatewayId)) {
        run2.declare(transactions(processed, "high", CommitmentLevel.PROCESSED));
        run2.declare(transactions(confirmed, "high", CommitmentLevel.CONFIRMED));
        List<String> all = sent;
        TopicRecords topic = awaitCovered(kafka, topicName, Set.of(processed, confirmed), all);
        // Let run 2 settle its replay fully: one more slot through both streams.
        List<String> after = emit(sim, 1);
        sim.advanceSlot();
        sim.advanceSlot();
        all.addAll(after);
        topic = awaitCovered(kafka, topicName, Set.of(processed, confirmed), all);
        topic.assertStoredOnce(all);
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The records of one stream topic for a test's monitors, read from the start. */
  private record TopicRecords(List<ConsumerRecord<String, byte[]>> records) {
    static TopicRecords read(KafkaCluster kafka, String topic) {
      return new TopicRecords(TopicReads.readAll(kafka.bootstrapServers(), topic));
    }

    /** Records holding bytes (no record type) for any of {@code monitors}. */
    List<ConsumerRecord<String, byte[]>> withBytes(String... monitors) {
      Set<String> wanted = Set.of(monitors);
      return records.stream().filter(r -> r.headers().lastHeader(RecordHeaders.RECORD_TYPE) == null)
          .filter(r -> monitors(r).stream().anyMatch(wanted::contains)).toList();
    }

    List<ConsumerRecord<String, byte[]>> sameRecordsFor(String monitor) {
      return records.stream().filter(r -> RecordHeaders.RECORD_TYPE_SAME.equals(type(r)))
          .filter(r -> monitors(r).contains(monitor)).toList();
    }

    /** How many times each key reaches {@code monitor}, bytes or pointer. */
    Map<String, Integer> deliveries(String monitor) {
      Map<String, Integer> out = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : records) {
        String type = type(r);
        if ((type.isEmpty() || RecordHeaders.RECORD_TYPE_SAME.equals(type)) && monitors(r).contains(monitor)) {
          out.merge(r.key(), 1, Integer::sum);
        }
      }
      return out;
    }

    /** Every key sent: its bytes once, each monitor once, every pointer at a record with the same key. */
    void assertStoredOnce(List<String> sent) {
      Map<String, Integer> bytes = new HashMap<>();
      Map<TopicPartition, Map<Long, ConsumerRecord<String, byte[]>>> at = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : records) {
        at.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new HashMap<>()).put(r.offset(), r);
        if (type(r).isEmpty() && sent.contains(r.key())) {
          bytes.merge(r.key(), 1, Integer::sum);
        }
      }
      assertThat(bytes).as("records holding each transaction's bytes").hasSize(sent.size())
          .allSatisfy((key, n) -> assertThat(n).as("copies of %s's bytes", key).isEqualTo(1));
      for (ConsumerRecord<String, byte[]> r : records) {
        if (RecordHeaders.RECORD_TYPE_SAME.equals(type(r)) && sent.contains(r.key())) {
          assertThat(r.value()).as("a same record's value").isEmpty();
          long sameAs = RecordHeaders.number(r.headers().lastHeader(RecordHeaders.SAME_AS).value());
          ConsumerRecord<String, byte[]> original = at.get(new TopicPartition(r.topic(), r.partition())).get(sameAs);
          assertThat(original).as("the record %s points at", r.offset()).isNotNull();
          assertThat(original.key()).isEqualTo(r.key());
          assertThat(type(original)).as("a pointer points at bytes").isEmpty();
          assertThat(sameAs).isLessThan(r.offset());
        }
      }
    }
  }

  /** Reads the topic until every key in {@code sent} reached every monitor; asserts none twice. */
  private static TopicRecords awaitCovered(KafkaCluster kafka, String topic, Set<String> monitors, List<String> sent) {
    TopicRecords[] last = new TopicRecords[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      last[0] = TopicRecords.read(kafka, topic);
      return monitors.stream().allMatch(m -> last[0].deliveries(m).keySet().containsAll(sent));
    });
    for (String m : monitors) {
      assertThat(last[0].deliveries(m)).as("deliveries to %s", m)
          .allSatisfy((key, n) -> assertThat(n).as("%s to %s", key, m).isEqualTo(1));
    }
    return last[0];
  }

  private static IngestGateway start(KafkaCluster kafka, YellowstoneSimulator sim, PoolRules rules, String gatewayId) {
    KafkaCheckpointStore store = KafkaCheckpointStore.open(kafka.bootstrapServers(), (short) 1, gatewayId,
        Clock.systemUTC(), Duration.ofMillis(200));
    return IngestGateway.start(GatewayConfig.builder()
        .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
        .kafkaBootstrapServers(kafka.bootstrapServers())
        .clientId("geyser-gateway-" + gatewayId)
        .gatewayId(gatewayId)
        .poolRules(rules)
        .build(), DialLedger.none(), store, e -> { }, MonitorStatusListener.none());
  }

  private static MonitorDeclaration transactions(String id, String group, CommitmentLevel commitment) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup(group)
        .setFilters(SubscribeRequest.newBuilder().setCommitment(commitment)
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }

  private static MonitorDeclaration accounts(String id, boolean sliced) {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder()
        .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build());
    if (sliced) {
      filters.addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(8));
    }
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("low").setFilters(filters).build();
  }

  /** Emits {@code n} transactions in the open slot; returns their record keys (signatures). */
  private static List<String> emit(YellowstoneSimulator sim, int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ByteString signature = ByteString.copyFrom(randomBytes(64));
      sim.emitTransaction(SubscribeUpdateTransactionInfo.newBuilder()
          .setSignature(signature)
          .setTransaction(Transaction.newBuilder().addSignatures(signature)
              .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(randomBytes(32)))))
          .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
          .build());
      keys.add(Base58.encode(signature.toByteArray()));
    }
    return keys;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static String unique(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private static List<String> monitors(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.MONITORS);
    return h == null ? List.of() : RecordHeaders.list(h.value());
  }

  private static String type(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
    return h == null ? "" : RecordHeaders.text(h.value());
  }
}
