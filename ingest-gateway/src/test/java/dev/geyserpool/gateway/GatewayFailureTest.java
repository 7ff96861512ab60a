package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures the gateway must isolate or make visible, on the simulator over HTTP/2 and a real
 * broker: a request the provider rejects costs only the offending monitor, and slots the provider
 * no longer holds become an explicit gap record instead of a silent hole.
 */
@ExtendWith(KafkaClusterExtension.class)
class GatewayFailureTest {
  private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 1, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
  }

  private static IngestGateway gateway(KafkaCluster kafka, YellowstoneSimulator sim) {
    return IngestGateway.start(GatewayConfig.builder()
        .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
        .kafkaBootstrapServers(kafka.bootstrapServers())
        .poolRules(FastRules.get())
        .build());
  }

  private static MonitorDeclaration monitor(String id, SubscribeRequest filters) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("high").setFilters(filters).build();
  }

  @Test
  void aRequestTheProviderRejectsCostsOnlyTheOffendingMonitor(KafkaCluster kafka) throws Exception {
    // This provider allows 2 pubkeys per accounts filter: a limit the gateway cannot know in advance.
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(
            SimulatorConfig.builder().manual(true).maxAccountsPerFilter(2).build());
        IngestGateway gateway = gateway(kafka, sim)) {
      gateway.declare(monitor("reject-good", SubscribeRequest.newBuilder()
          .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build())
          .build()));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
      // Valid to the gateway's checks, refused by this provider: it ends the whole stream.
      gateway.declare(monitor("reject-bad", SubscribeRequest.newBuilder()
          .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
              .addAccount(PUMP)
              .addAccount("11111111111111111111111111111111")
              .addAccount("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
              .build())
          .build()));

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        PoolStats stats = gateway.poolStats();
        assertThat(stats.monitorStates()).containsEntry("reject-bad", "rejected").containsEntry("reject-good", "active");
        assertThat(stats.totalStreams()).isEqualTo(1);
      });
      int transactions = sim.generateTraffic(20).size();
      sim.advanceSlot();
      List<ConsumerRecord<String, byte[]>> records =
          readUntil(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS), "reject-good", 1);
      assertThat(transactions).isPositive();
      assertThat(records).allSatisfy(r -> assertThat(RecordHeaders.list(header(r, RecordHeaders.MONITORS)))
          .containsExactly("reject-good"));
    }
  }

  @Test
  void slotsTheProviderNoLongerHoldsArePublishedAsAGapRecord(KafkaCluster kafka) throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).historySlots(40).trafficRate(0).build());
        IngestGateway gateway = gateway(kafka, sim)) {
      gateway.declare(monitor("gap-watch", SubscribeRequest.newBuilder()
          .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
          .build()));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
      long seen = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > seen + 5);

      // An outage longer than the provider's replay window (40 slots of 50 ms).
      sim.rejectNewConnections(true);
      sim.dropConnections();
      long outageFrom = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > outageFrom + 80);
      sim.rejectNewConnections(false);

      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.poolStats().totalStreams() == 1 && gateway.gaps() > 0);
      // Resuming can race the provider's moving window; each retry reports only what it adds.
      int reported = (int) gateway.gaps();
      List<GapRecord> gaps = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : readUntil(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS),
          "gap-watch", reported)) {
        gaps.add(GapRecord.parseFrom(r.value()));
      }
      assertThat(gaps).hasSizeGreaterThanOrEqualTo(reported);
      gaps.sort(java.util.Comparator.comparingLong(GapRecord::getFromSlot));
      assertThat(gaps.get(0).getFromSlot()).isLessThanOrEqualTo(outageFrom).isGreaterThan(seen - 5);
      for (int i = 1; i < gaps.size(); i++) {
        assertThat(gaps.get(i).getFromSlot()).as("gap records neither overlap nor leave holes")
            .isEqualTo(gaps.get(i - 1).getToSlot() + 1);
      }
      GapRecord last = gaps.get(gaps.size() - 1);
      assertThat(last.getToSlot()).isGreaterThan(outageFrom + 80 - 40);
      assertThat(gaps).allSatisfy(g -> assertThat(g.getMonitorIdsList()).containsExactly("gap-watch"));
    }
  }

  @Test
  void aFromSlotTheProviderRefusesAsOutOfRangeIsReportedAsAGapAndTheStreamGoesLive(KafkaCluster kafka)
      throws Exception {
    // No SubscribeReplayInfo: the gateway learns only from OUT_OF_RANGE that the slots are gone.
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).historySlots(40).trafficRate(0).replayInfo(false).build());
        IngestGateway gateway = gateway(kafka, sim)) {
      gateway.declare(monitor("gap-out-of-range", SubscribeRequest.newBuilder()
          .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
          .build()));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
      long seen = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > seen + 5);

      sim.rejectNewConnections(true);
      sim.dropConnections();
      long outageFrom = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > outageFrom + 80);
      sim.rejectNewConnections(false);

      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.poolStats().totalStreams() == 1 && gateway.gaps() > 0);
      long opened = sim.audit().streamsOpened();
      GapRecord gap = GapRecord.parseFrom(readUntil(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS),
          "gap-out-of-range", 1).get(0).value());
      assertThat(gap.getFromSlot()).isLessThanOrEqualTo(outageFrom).isGreaterThan(seen - 5);
      assertThat(gap.getToSlot()).isGreaterThan(outageFrom + 80 - 40);
      long now = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > now + 20);
      assertThat(sim.audit().streamsOpened()).as("live again, not retrying the refused slot").isEqualTo(opened);
    }
  }

  @Test
  void aProviderThatIgnoresFromSlotGetsTheGapReportedInsteadOfARetryLoop(KafkaCluster kafka) throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).trafficRate(0).replayInfo(false).honorsFromSlot(false).build());
        IngestGateway gateway = gateway(kafka, sim)) {
      gateway.declare(monitor("gap-ignored-from-slot", SubscribeRequest.newBuilder()
          .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
          .build()));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
      long seen = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > seen + 5);

      sim.rejectNewConnections(true);
      sim.dropConnections();
      long outageFrom = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > outageFrom + 20);
      sim.rejectNewConnections(false);

      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.poolStats().totalStreams() == 1 && gateway.gaps() > 0);
      GapRecord gap = GapRecord.parseFrom(readUntil(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS),
          "gap-ignored-from-slot", 1).get(0).value());
      assertThat(gap.getFromSlot()).isLessThanOrEqualTo(outageFrom).isGreaterThan(seen - 5);
      assertThat(gap.getToSlot()).isGreaterThanOrEqualTo(outageFrom + 20);
      long opened = sim.audit().streamsOpened();
      long now = sim.currentSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() > now + 20);
      assertThat(sim.audit().streamsOpened()).as("the stream goes on; it does not retry the slot").isEqualTo(opened);
    }
  }

  private static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : h.value();
  }

  /** Reads the topic from the start until {@code count} records for {@code monitor} arrived (bounded). */
  private static List<ConsumerRecord<String, byte[]>> readUntil(KafkaCluster kafka, String topic, String monitor, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + monitor + "-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          boolean gap = RecordHeaders.RECORD_TYPE_GAP.equals(RecordHeaders.text(header(r, RecordHeaders.RECORD_TYPE)));
          if (gap == monitor.startsWith("gap-") && RecordHeaders.list(header(r, RecordHeaders.MONITORS)).contains(monitor)) {
            mine.add(r);
          }
        }
        return mine.size() >= count;
      });
    }
    return mine;
  }
}
