package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.DialLedger;
import dev.geyserpool.gateway.GatewayConfig;
import dev.geyserpool.gateway.IngestGateway;
import dev.geyserpool.gateway.MonitorStatusListener;
import dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.EmbeddedKafkaBroker;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The broker stops for longer than the gateway's delivery timeout and comes back on the same
 * address: the sends in flight fail, the gateway stops reading and opens nothing while Kafka
 * refuses records, then resumes every stream from the last slot Kafka acknowledged. The topic
 * must hold every update of the outage exactly once, and no gap record (the provider still holds
 * the slots). A dedicated in-process broker (the shared one must not stop), the simulator over
 * loopback, the real gateway.
 */
class KafkaOutageTest {
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(6);

  @Test
  void aBrokerStoppedPastTheDeliveryTimeoutLosesAndDoublesNothing() throws Exception {
    Path data = Files.createTempDirectory("geyserpool-outage-");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data);
    IngestGateway gateway = null;
    StreamTopicReader topic = null;
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(100))
        .historySlots(900)
        .trafficRate(30)
        .build())) {
      String kafka = broker.bootstrapServers();
      TopicProvisioner.ensureStreamTopics(kafka, 3, (short) 1, Duration.ofDays(1), 64 * 1024 * 1024);
      SubscribeRequest filters = SubscribeRequest.newBuilder()
          .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
              .addAccountInclude(PumpExampleMonitor.PUMP_PROGRAM).setVote(false).setFailed(false).build())
          .build();
      topic = new StreamTopicReader(kafka, "outage-watch");
      GatewayConfig config = GatewayConfig.builder()
          .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
          .kafkaBootstrapServers(kafka)
          .gatewayId("outage-test")
          .producerOverrides(Map.of(
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
              ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
              ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))
          .build();
      gateway = IngestGateway.start(config, DialLedger.none(),
          KafkaCheckpointStore.open(kafka, (short) 1, "outage-test", Clock.systemUTC(), Duration.ofSeconds(1)),
          event -> { }, MonitorStatusListener.none());
      gateway.declare(MonitorDeclaration.newBuilder()
          .setMonitorId("outage-watch").setGroup(MonitorGroup.HIGH.id()).setFilters(filters).build());
      StreamTopicReader reader = topic;
      IngestGateway running = gateway;

      await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll() && reader.firstSlot() > 0);
      long firstSlot = reader.firstSlot();
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll() && reader.lastSlot() >= firstSlot + 30);

      broker.close();
      long stoppedAt = sim.currentSlot();
      // Down until sends failed past the delivery timeout, and the chain moved on.
      await().atMost(Duration.ofSeconds(60))
          .until(() -> running.poolStats().publishFailures() > 0 && sim.currentSlot() >= stoppedAt + 100);
      long failuresDuringOutage = running.poolStats().publishFailures();
      broker = broker.restartedOnSamePorts();
      long restartedAt = sim.currentSlot();

      await().atMost(Duration.ofSeconds(120)).until(() -> reader.poll() && reader.lastSlot() >= restartedAt + 50);
      sim.stopTraffic();
      long until = restartedAt + 40;
      List<String> generated = StreamTopicReader.generated(sim, filters, firstSlot, until);
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll()
          && generated.stream().allMatch(reader.seen()::containsKey));
      DeliveryReport report = reader.report(generated, firstSlot, until);

      assertThat(failuresDuringOutage).as("sends failed during the outage").isPositive();
      assertThat(generated).as("updates generated around the outage").hasSizeGreaterThan(100);
      assertThat(report.lost()).as("lost (%s; first %s)", report, reader.missing(generated)).isZero();
      assertThat(report.duplicated()).as("doubled in the topic (%s)", report).isZero();
      assertThat(report.unexpected()).as("never generated (%s)", report).isZero();
      assertThat(reader.gapRecords()).as("gap records: the provider still held every slot").isZero();
    } finally {
      if (topic != null) {
        topic.close();
      }
      if (gateway != null) {
        gateway.close();
      }
      broker.close();
      try (var paths = Files.walk(data)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
