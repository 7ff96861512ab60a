package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review of 'same' records across a restart, on the simulator over loopback HTTP/2 and the
 * in-process broker: what the restarted gateway's dedup seed must find so that a stream replaying
 * an update another stream of the group already stored points at those bytes instead of writing
 * them again.
 */
@ExtendWith(KafkaClusterExtension.class)
class SameRecordRestartHolesTest {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
  /** Mainnet: a slot every 400 ms, finalized 32 slots (12.8 s) after it was processed. */
  private static final long SLOT_MILLIS = 400;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 3, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
    KafkaTopics.ensure(kafka.bootstrapServers(), List.of(new NewTopic(Topics.STREAM_CHECKPOINTS, 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Duration.ofSeconds(60));
  }

  /**
   * Monitors P (processed) and F (finalized) of group high both take every transaction. Run 1
   * crashes when the chain tip is slot s+31: P stored transaction T of slot s at T0, when s was
   * processed; F has not got T yet (s finalizes at s+32). What run 1 left behind, in mainnet
   * timing: P's record of T at T0, P's checkpoint at tip−4 = s+27 first seen at T0+10.8 s (when
   * s+27 was processed), F's checkpoint at (tip−32)−4 = s−5 first seen at T0+10.8 s (when s−5 was
   * finalized: 12.8 s after it was processed at T0−2 s).
   *
   * <p>Run 2 seeds its dedup from the topics from the earliest first-seen time less 10 s
   * (IngestGateway.seedDedup, SEED_MARGIN_MILLIS): T0+0.8 s, after P's record of T. F replays
   * from s−5, gets T, finds no base and stores T's bytes a second time. A finalized stream's
   * checkpoint is first seen ~12.8 s after the processed copies of its slots, more than the seed's
   * margin: every restart stores again the processed bytes of the slots tip−31 and tip−30.
   */
  @Test
  void aFinalizedStreamReplayingAfterACrashPointsAtTheProcessedBytesStoredBeforeItsCheckpoint(KafkaCluster kafka)
      throws Exception {
    // P's s+27 processed, and F's s-5 finalized (-5 + 32 = 27 slots after T0).
    assertStoredOnceAfterRestart(kafka, 27 * SLOT_MILLIS);
  }

  /**
   * The control: the same crash when F's checkpoint was first seen 2 s after P stored T (within
   * the seed's margin). The seed reads P's record of T, and F's replay points at it.
   */
  @Test
  void aReplayingStreamPointsAtBytesStoredWithinTheSeedMargin(KafkaCluster kafka) throws Exception {
    assertStoredOnceAfterRestart(kafka, 5 * SLOT_MILLIS);
  }

  /**
   * Two streams of group medium at processed (one monitor per stream), both matching the same
   * transactions. Run 1 stores the first transaction's bytes for one monitor; the other's 'same'
   * record is held in the producer's send (and everything queued behind it) when the gateway
   * crashes (halt). Run 2 resumes both from their checkpoints: the seed reads the bytes, the
   * replay points at them. Each monitor gets each transaction once, the bytes are stored once.
   */
  @Test
  void aCrashBetweenTheBytesAndTheirSameRecordStoresNothingTwiceAndLosesNothing(KafkaCluster kafka)
      throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String first = unique("halt-a");
    String second = unique("halt-b");
    String topic = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS);
    String gateId = unique("halt-gate");
    dev.geyserpool.gateway.publish.SendGate.State gate = dev.geyserpool.gateway.publish.SendGate.gate(gateId);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      String gatewayId = unique("halt-gw");
      IngestGateway run1 = start(bootstrap, sim, gatewayId, FastRules.oneMonitorPerStream(), Map.of(
          ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, dev.geyserpool.gateway.publish.SendGate.class.getName(),
          dev.geyserpool.gateway.publish.SendGate.GATE_ID, gateId,
          dev.geyserpool.gateway.publish.SendGate.ONLY_TYPE, RecordHeaders.RECORD_TYPE_SAME));
      List<String> sent = new ArrayList<>();
      try {
        run1.declare(transactions(first, "medium", CommitmentLevel.PROCESSED));
        run1.declare(transactions(second, "medium", CommitmentLevel.PROCESSED));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);
        sim.advanceSlot();
        long s = sim.currentSlot();
        gate.close();
        for (int i = 0; i < 3; i++) {
          sent.add(Base58.encode(sim.emitTransaction(tx()).info().getSignature().toByteArray()));
        }
        sim.advanceSlot();
        await().atMost(Duration.ofSeconds(20)).until(() -> gate.held() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          Map<String, StreamCheckpoint> c = KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10));
          return c.containsKey(first) && c.containsKey(second) && c.get(first).getGatewayId().equals(gatewayId)
              && c.get(second).getGatewayId().equals(gatewayId);
        });
        assertThat(KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).get(second).getResumeFromSlot())
            .isLessThanOrEqualTo(s);
        assertThat(recordsOf(bootstrap, topic, sent.get(0))).as("run 1 stored the first transaction's bytes")
            .extracting(SameRecordRestartHolesTest::type).containsExactly("");
      } finally {
        run1.halt();
      }
      for (int i = 0; i <= dev.geyserpool.gateway.upstream.SubscribeStream.REORDER_DEPTH_SLOTS; i++) {
        sim.advanceSlot();
      }

      try (IngestGateway run2 = start(bootstrap, sim, gatewayId, FastRules.oneMonitorPerStream(), Map.of())) {
        run2.declare(transactions(first, "medium", CommitmentLevel.PROCESSED));
        run2.declare(transactions(second, "medium", CommitmentLevel.PROCESSED));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(key -> {
          List<ConsumerRecord<String, byte[]>> records = recordsOf(bootstrap, topic, key);
          return records.stream().anyMatch(r -> monitors(r).contains(first))
              && records.stream().anyMatch(r -> monitors(r).contains(second));
        }));
        // One more slot through both streams, so anything the replay still had to write is written.
        String marker = Base58.encode(sim.emitTransaction(tx()).info().getSignature().toByteArray());
        sim.advanceSlot();
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(bootstrap, topic, marker).size() == 2);

        for (String key : sent) {
          List<ConsumerRecord<String, byte[]>> records = recordsOf(bootstrap, topic, key);
          assertThat(records.stream().filter(r -> type(r).isEmpty()).count()).as("records with %s's bytes", key)
              .isEqualTo(1);
          assertThat(records.stream().filter(r -> monitors(r).contains(first)).count()).as("%s for %s", key, first)
              .isEqualTo(1);
          assertThat(records.stream().filter(r -> monitors(r).contains(second)).count()).as("%s for %s", key, second)
              .isEqualTo(1);
        }
      }
    }
  }

  /**
   * IngestGateway.shutdown says it "publishes what is in flight". Two streams of group medium at
   * processed (one monitor per stream) get transaction T; the first copy's bytes are in the
   * producer (not yet acknowledged: a linger of 5 s makes that window wide) and the second copy
   * waits for them to point at. The gateway closes: UpdateRouter.shutdown drains the queue (empty),
   * then flushes the producer; the acknowledgement of the bytes queues the 'same' record after
   * the publisher thread has ended, and the producer closes. The second monitor never gets T; a
   * gateway without checkpoints (IngestGateway.start(config)) never replays it.
   */
  @Test
  void aGracefulShutdownPublishesTheSameRecordsOfCopiesInFlight(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String first = unique("close-a");
    String second = unique("close-b");
    String topic = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      String gatewayId = unique("close-gw");
      IngestGateway gateway = IngestGateway.start(GatewayConfig.builder()
          .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
          .kafkaBootstrapServers(bootstrap)
          .clientId("geyser-gateway-" + gatewayId)
          .gatewayId(gatewayId)
          .poolRules(FastRules.oneMonitorPerStream())
          .producerOverrides(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5_000))
          .build());
      String key;
      try {
        gateway.declare(transactions(first, "medium", CommitmentLevel.PROCESSED));
        gateway.declare(transactions(second, "medium", CommitmentLevel.PROCESSED));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 2);
        long before = gateway.poolStats().updatesReceived();
        key = Base58.encode(sim.emitTransaction(tx()).info().getSignature().toByteArray());
        // Both streams delivered T (no slot closed: T is all they got).
        await().atMost(Duration.ofSeconds(4)).until(() -> gateway.poolStats().updatesReceived() >= before + 2);
      } finally {
        gateway.close();
      }
      List<ConsumerRecord<String, byte[]>> records = recordsOf(bootstrap, topic, key);
      assertThat(records.stream().flatMap(r -> monitors(r).stream()).sorted().toList())
          .as("the monitors T's records in %s are for, after the graceful shutdown", topic)
          .containsExactly(java.util.stream.Stream.of(first, second).sorted().toArray(String[]::new));
    }
  }

  /**
   * Run 1's leftovers as described above, with both checkpoints first seen {@code firstSeenAfter}
   * after P stored T; run 2 starts, F replays T: T's bytes must be stored once.
   */
  private static void assertStoredOnceAfterRestart(KafkaCluster kafka, long firstSeenAfter) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String processed = unique("fin-p");
    String finalized = unique("fin-f");
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      long s = sim.currentSlot();
      SimEvent.TransactionUpdate t = sim.emitTransaction(tx());
      // The chain moves on until s is finalized, so run 2's finalized replay gets T.
      for (int i = 0; i <= SimulatorConfig.FINALIZATION_DEPTH; i++) {
        sim.advanceSlot();
      }

      long t0 = System.currentTimeMillis() - 60_000;
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        producer.send(processedRecord(processed, t, t0)).get();
        producer.send(checkpoint(processed, s + 27, t0 + firstSeenAfter, sim.target(), t0 + 31 * SLOT_MILLIS)).get();
        producer.send(checkpoint(finalized, s - 5, t0 + firstSeenAfter, sim.target(), t0 + 31 * SLOT_MILLIS)).get();
      }

      try (IngestGateway run2 = start(bootstrap, sim, unique("fin-gw"))) {
        run2.declare(transactions(processed, CommitmentLevel.PROCESSED));
        run2.declare(transactions(finalized, CommitmentLevel.FINALIZED));
        String key = Base58.encode(t.info().getSignature().toByteArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(bootstrap, key).stream()
            .anyMatch(r -> monitors(r).contains(finalized)));

        List<ConsumerRecord<String, byte[]>> records = recordsOf(bootstrap, key);
        assertThat(records.stream().filter(r -> type(r).isEmpty()).map(SameRecordRestartHolesTest::monitors).toList())
            .as("records holding T's bytes in %s, by their monitors (F first seen %d ms after P stored T)", TOPIC,
                firstSeenAfter).hasSize(1);
        assertThat(records.stream().filter(r -> monitors(r).contains(finalized)).map(SameRecordRestartHolesTest::type)
            .toList()).as("F's records of T").containsExactly(RecordHeaders.RECORD_TYPE_SAME);
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The record the gateway wrote for P's copy of {@code t}, stamped {@code at}. */
  private static ProducerRecord<String, byte[]> processedRecord(String monitor, SimEvent.TransactionUpdate t, long at) {
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(monitor + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setTransaction(t.info()).setSlot(t.slot()))
        .setCreatedAt(t.createdAt())
        .build();
    return new ProducerRecord<>(TOPIC, null, at, Base58.encode(t.info().getSignature().toByteArray()),
        update.toByteArray(), List.of(
            new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of(monitor))),
            new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(List.of(monitor + "/all"))),
            new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(t.slot())),
            new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(at * 1000))));
  }

  private static ProducerRecord<String, byte[]> checkpoint(String monitor, long resume, long firstSeen, String target,
      long writtenAt) {
    return new ProducerRecord<>(Topics.STREAM_CHECKPOINTS, monitor, StreamCheckpoint.newBuilder()
        .setMonitorId(monitor).setResumeFromSlot(resume).setFirstSeenAtEpochMillis(firstSeen)
        .setWrittenAtEpochMillis(writtenAt).setStreamId("slot-high-1").setGatewayId("run-1")
        .setUpstreamTarget(target).build().toByteArray());
  }

  private static IngestGateway start(String bootstrap, YellowstoneSimulator sim, String gatewayId) {
    return start(bootstrap, sim, gatewayId, FastRules.get(), Map.of());
  }

  private static IngestGateway start(String bootstrap, YellowstoneSimulator sim, String gatewayId,
      dev.geyserpool.gateway.pool.PoolRules rules, Map<String, Object> producerOverrides) {
    KafkaCheckpointStore store = KafkaCheckpointStore.open(bootstrap, (short) 1, gatewayId, Clock.systemUTC(),
        Duration.ofMillis(200));
    return IngestGateway.start(GatewayConfig.builder()
        .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
        .kafkaBootstrapServers(bootstrap)
        .clientId("geyser-gateway-" + gatewayId)
        .gatewayId(gatewayId)
        .poolRules(rules)
        .producerOverrides(producerOverrides)
        .build(), DialLedger.none(), store, e -> { }, MonitorStatusListener.none());
  }


  private static MonitorDeclaration transactions(String id, CommitmentLevel commitment) {
    return transactions(id, "high", commitment);
  }

  private static MonitorDeclaration transactions(String id, String group, CommitmentLevel commitment) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup(group)
        .setFilters(SubscribeRequest.newBuilder().setCommitment(commitment)
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }

  private static SubscribeUpdateTransactionInfo tx() {
    ByteString signature = ByteString.copyFrom(randomBytes(64));
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setTransaction(Transaction.newBuilder().addSignatures(signature)
            .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(randomBytes(32)))))
        .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
        .build();
  }

  /** Every record of the topic with {@code key}. */
  private static List<ConsumerRecord<String, byte[]>> recordsOf(String bootstrap, String key) {
    return recordsOf(bootstrap, TOPIC, key);
  }

  /** Every record of {@code topic} with {@code key}. */
  private static List<ConsumerRecord<String, byte[]>> recordsOf(String bootstrap, String topic, String key) {
    return TopicReads.withKey(bootstrap, topic, key);
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static List<String> monitors(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.MONITORS);
    return h == null ? List.of() : RecordHeaders.list(h.value());
  }

  private static String type(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
    return h == null ? "" : RecordHeaders.text(h.value());
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static String unique(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
