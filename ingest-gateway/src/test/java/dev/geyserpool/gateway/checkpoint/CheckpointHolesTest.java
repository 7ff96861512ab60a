package dev.geyserpool.gateway.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.DialLedger;
import dev.geyserpool.gateway.GatewayConfig;
import dev.geyserpool.gateway.IngestGateway;
import dev.geyserpool.gateway.MonitorStatusListener;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Clock;
import java.time.Duration;
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
 * Review of checkpoints across restarts, on the simulator over loopback HTTP/2 and the in-process
 * broker: real {@link IngestGateway}s with the real {@link KafkaCheckpointStore}, stopped with
 * {@link IngestGateway#halt()} (a crash: nothing flushed, no last checkpoint).
 */
@ExtendWith(KafkaClusterExtension.class)
class CheckpointHolesTest {
  /**
   * The restart test has group low to itself: in a real run records are appended in time order,
   * and another test's newer records before run 1's would let the seed's time lookup start early.
   */
  private static final String LOW_TRANSACTIONS = Topics.stream(MonitorGroup.LOW, UpdateKind.TRANSACTIONS);

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 1, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
    KafkaTopics.ensure(kafka.bootstrapServers(), List.of(new NewTopic(Topics.STREAM_CHECKPOINTS, 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Duration.ofSeconds(60));
  }

  /**
   * Run 1 published transaction B of slot S+1 a minute ago and checkpointed slot S (firstSeen a
   * minute ago) before it died. Run 2 resumes from S, drops the replay of A and B as duplicates
   * (its seed read run 1's records: right) and checkpoints S+1 with ITS OWN first-seen time,
   * IngestGateway.writeCheckpoints from SubscribeStream.resumePoint (the receive time of the
   * replayed copy, now). Run 2 dies before its checkpoint passes run 1's last slot. Run 3 seeds
   * the dedup from run 2's first-seen time minus 10 s, does not see run 1's record of B, and
   * publishes B again.
   */
  @Test
  void aSecondCrashInsideTheFirstRunsOverlapPublishesNothingTwice(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String monitor = "fs-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      long s = sim.currentSlot();
      SubscribeUpdateTransactionInfo a = tx();
      sim.emitTransaction(a);
      sim.advanceSlot();
      SubscribeUpdateTransactionInfo b = tx();
      sim.emitTransaction(b);
      sim.advanceSlot();
      // The resume point stays this many slots behind the last complete one.
      for (long i = 0; i < dev.geyserpool.gateway.upstream.SubscribeStream.REORDER_DEPTH_SLOTS; i++) {
        sim.advanceSlot();
      }

      // What run 1 left behind, one minute before run 2 starts: its records of A and B, and its
      // last checkpoint, slot S.
      long runOneAt = System.currentTimeMillis() - 60_000;
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        producer.send(streamRecord(LOW_TRANSACTIONS, monitor, s, a, runOneAt)).get();
        producer.send(streamRecord(LOW_TRANSACTIONS, monitor, s + 1, b, runOneAt + 400)).get();
        producer.send(new ProducerRecord<>(Topics.STREAM_CHECKPOINTS, monitor, StreamCheckpoint.newBuilder()
            .setMonitorId(monitor).setResumeFromSlot(s).setFirstSeenAtEpochMillis(runOneAt)
            .setWrittenAtEpochMillis(runOneAt + 1000).setStreamId("slot-low-processed-1").setGatewayId("run-1")
            .setUpstreamTarget(sim.target()).build().toByteArray())).get();
      }

      // Run 2: resumes from S, publishes nothing new, checkpoints S+1, and is killed.
      IngestGateway run2 = start(bootstrap, sim, "run-2");
      try {
        run2.declare(declaration(monitor, "low"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          StreamCheckpoint c = KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).get(monitor);
          return c != null && c.getGatewayId().equals("run-2") && c.getResumeFromSlot() == s + 1;
        });
      } finally {
        run2.halt();
      }
      assertThat(copies(bootstrap, LOW_TRANSACTIONS, monitor, b)).as("run 2 deduplicated the replay of run 1's data")
          .isEqualTo(1);

      // Run 3: resumes from S+1, replays B.
      IngestGateway run3 = start(bootstrap, sim, "run-3");
      try {
        run3.declare(declaration(monitor, "low"));
        sim.emitTransaction(tx());
        long closed = sim.advanceSlot();
        for (long i = 0; i < dev.geyserpool.gateway.upstream.SubscribeStream.REORDER_DEPTH_SLOTS; i++) {
          sim.advanceSlot();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          StreamCheckpoint c = KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).get(monitor);
          return c != null && c.getGatewayId().equals("run-3") && c.getResumeFromSlot() >= closed;
        });
      } finally {
        run3.halt();
      }
      assertThat(copies(bootstrap, LOW_TRANSACTIONS, monitor, b))
          .as("copies of transaction B (slot %d) in %s", s + 1, LOW_TRANSACTIONS).isEqualTo(1);
    }
  }

  /**
   * The provider rejects a monitor's filters (INVALID_ARGUMENT) after the gateway had written a
   * checkpoint for it: IngestGateway.callClosed drops its declaration but never its checkpoint
   * (remove() does, the rejection path does not), so it stays in geyser.stream-checkpoints for good,
   * frozen at that slot. Every later start seeds the dedup from its first-seen time (reading the
   * stream topics back to it) and, when the monitor is declared again, rewinds the shared stream
   * to it.
   */
  @Test
  void aMonitorTheProviderRejectedLeavesNoCheckpointBehind(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    String good = "good-" + suffix;
    String bad = "bad-" + suffix;
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(
        SimulatorConfig.builder().manual(true).maxAccountsPerFilter(2).build())) {
      IngestGateway gateway = start(bootstrap, sim, "reject-" + suffix);
      try {
        gateway.declare(declaration(good, "high"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
        sim.emitTransaction(tx());
        sim.advanceSlot();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).containsKey(good));

        // Valid to the gateway's own checks; this provider allows 2 pubkeys per filter.
        gateway.declare(MonitorDeclaration.newBuilder().setMonitorId(bad).setGroup("high")
            .setFilters(SubscribeRequest.newBuilder().putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
                .addAccount("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")
                .addAccount("11111111111111111111111111111111")
                .addAccount("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA").build()))
            .build());
        await().atMost(Duration.ofSeconds(10))
            .until(() -> "rejected".equals(gateway.poolStats().monitorStates().get(bad)));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
        sim.emitTransaction(tx());
        long after = sim.advanceSlot();
        for (long i = 0; i < dev.geyserpool.gateway.upstream.SubscribeStream.REORDER_DEPTH_SLOTS; i++) {
          sim.advanceSlot();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          StreamCheckpoint c = KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).get(good);
          return c != null && c.getResumeFromSlot() >= after;
        });
      } finally {
        gateway.close();
      }
      Map<String, StreamCheckpoint> left = KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10));
      assertThat(left).as("checkpoints after the rejected monitor left").containsKey(good).doesNotContainKey(bad);
    }
  }

  /**
   * IngestGateway.remove hands the removal to KafkaCheckpointStore.remove. The writer
   * (KafkaCheckpointStore.writeChanged) sends the tombstone, takes the monitor out of
   * {@code removals} and {@code acknowledged}, then walks {@code latest}, the map last offered,
   * which still holds the removed monitor's checkpoint until the gateway offers a new one (only
   * when some checkpoint changes). Unacknowledged and no longer "removed", it is written again,
   * right after its tombstone: the removed monitor's checkpoint comes back for good.
   */
  @Test
  void aRemovedMonitorsCheckpointStaysDeleted(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    String monitor = "gone-" + suffix;
    String gatewayId = "remove-" + suffix;
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      IngestGateway gateway = start(bootstrap, sim, gatewayId);
      try {
        gateway.declare(declaration(monitor, "medium"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
        sim.emitTransaction(tx());
        sim.advanceSlot();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)).containsKey(monitor));

        gateway.remove(monitor);
        // The writer's pass that sent the tombstone ends with this gateway's liveness record.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          long tombstone = -1;
          for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, Topics.STREAM_CHECKPOINTS)) {
            if (monitor.equals(r.key()) && r.value() == null) {
              tombstone = r.offset();
            } else if (tombstone >= 0 && ("gateway:" + gatewayId).equals(r.key())) {
              return true;
            }
          }
          return false;
        });
      } finally {
        gateway.close();
      }
      assertThat(KafkaCheckpointStore.read(bootstrap, Duration.ofSeconds(10)))
          .as("checkpoints after monitor %s was removed", monitor).doesNotContainKey(monitor);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static IngestGateway start(String bootstrap, YellowstoneSimulator sim, String gatewayId) {
    KafkaCheckpointStore store = KafkaCheckpointStore.open(bootstrap, (short) 1, gatewayId, Clock.systemUTC(),
        Duration.ofMillis(200));
    return IngestGateway.start(GatewayConfig.builder()
        .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
        .kafkaBootstrapServers(bootstrap)
        .clientId("geyser-gateway-" + gatewayId)
        .gatewayId(gatewayId)
        .poolRules(dev.geyserpool.gateway.FastRules.get())
        .build(), DialLedger.none(), store, e -> { }, MonitorStatusListener.none());
  }

  static MonitorDeclaration declaration(String id, String group) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup(group)
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }

  static SubscribeUpdateTransactionInfo tx() {
    byte[] sig = new byte[64];
    ThreadLocalRandom.current().nextBytes(sig);
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    ByteString signature = ByteString.copyFrom(sig);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setTransaction(Transaction.newBuilder().addSignatures(signature)
            .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(key))))
        .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
        .build();
  }

  /** The record the gateway writes for {@code info} of {@code slot} for {@code monitor}, stamped {@code at}. */
  private static ProducerRecord<String, byte[]> streamRecord(String topic, String monitor, long slot,
      SubscribeUpdateTransactionInfo info, long at) {
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(monitor + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setTransaction(info).setSlot(slot))
        .build();
    return new ProducerRecord<>(topic, null, at, Base58.encode(info.getSignature().toByteArray()),
        update.toByteArray(), List.of(
            new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of(monitor))),
            new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(List.of(monitor + "/all"))),
            new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(slot)),
            new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(at * 1000))));
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** How many records of {@code topic} carry {@code info} for {@code monitor}. */
  static int copies(String bootstrap, String topic, String monitor, SubscribeUpdateTransactionInfo info) {
    String identity = "tx:" + Base58.encode(info.getSignature().toByteArray());
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, topic)) {
      Header monitors = r.headers().lastHeader(RecordHeaders.MONITORS);
      if (monitors == null || r.headers().lastHeader(RecordHeaders.RECORD_TYPE) != null
          || !RecordHeaders.list(monitors.value()).contains(monitor)) {
        continue;
      }
      try {
        if (UpdateIdentity.of(SubscribeUpdate.parseFrom(r.value())).orElse("").equals(identity)) {
          n++;
        }
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return n;
  }

  static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    return dev.geyserpool.gateway.TopicReads.readAll(bootstrap, topic);
  }
}
