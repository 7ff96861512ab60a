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

  /** What the test does to the broker: take it away, and bring it back on the same address. */
  private interface Outage {
    void begin() throws Exception;

    void end() throws Exception;
  }

  @Test
  void aBrokerStoppedPastTheDeliveryTimeoutLosesAndDoublesNothing() throws Exception {
    Path data = Files.createTempDirectory("geyserpool-outage-");
    EmbeddedKafkaBroker[] broker = {EmbeddedKafkaBroker.start(data)};
    try {
      losesAndDoublesNothingThrough(broker[0].bootstrapServers(), "outage-stopped", new Outage() {
        @Override
        public void begin() {
          broker[0].close();
        }

        @Override
        public void end() {
          broker[0] = broker[0].restartedOnSamePorts();
        }
      });
    } finally {
      broker[0].close();
      delete(data);
    }
  }

  @Test
  void aBrokerFrozenPastTheDeliveryTimeoutLosesAndDoublesNothing() throws Exception {
    // SIGSTOP: its sockets stay open and nothing answers, as on a stalled host or a long GC pause.
    Path data = Files.createTempDirectory("geyserpool-frozen-");
    try (BrokerProcess broker = BrokerProcess.start(data, Duration.ofSeconds(60))) {
      losesAndDoublesNothingThrough(broker.bootstrapServers(), "outage-frozen", new Outage() {
        @Override
        public void begin() {
          broker.freeze();
        }

        @Override
        public void end() {
          broker.thaw();
        }
      });
    } finally {
      delete(data);
    }
  }

  private static void delete(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void losesAndDoublesNothingThrough(String kafka, String monitor, Outage outage) throws Exception {
    IngestGateway gateway = null;
    StreamTopicReader topic = null;
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(100))
        .historySlots(900)
        .trafficRate(30)
        .build())) {
      TopicProvisioner.ensureStreamTopics(kafka, 3, (short) 1, Duration.ofDays(1), 64 * 1024 * 1024);
      SubscribeRequest filters = SubscribeRequest.newBuilder()
          .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
              .addAccountInclude(PumpExampleMonitor.PUMP_PROGRAM).setVote(false).setFailed(false).build())
          .build();
      topic = new StreamTopicReader(kafka, monitor);
      GatewayConfig config = GatewayConfig.builder()
          .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
          .kafkaBootstrapServers(kafka)
          .gatewayId(monitor)
          .producerOverrides(Map.of(
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
              ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
              ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))
          .build();
      gateway = IngestGateway.start(config, DialLedger.none(),
          KafkaCheckpointStore.open(kafka, (short) 1, monitor, Clock.systemUTC(), Duration.ofSeconds(1)),
          event -> { }, MonitorStatusListener.none());
      gateway.declare(MonitorDeclaration.newBuilder()
          .setMonitorId(monitor).setGroup(MonitorGroup.HIGH.id()).setFilters(filters).build());
      StreamTopicReader reader = topic;
      IngestGateway running = gateway;

      await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll() && reader.firstSlot() > 0);
      long firstSlot = reader.firstSlot();
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll() && reader.lastSlot() >= firstSlot + 30);

      outage.begin();
      long stoppedAt = sim.currentSlot();
      // Down until sends failed past the delivery timeout, and the chain moved on.
      await().atMost(Duration.ofSeconds(60))
          .until(() -> running.poolStats().publishFailures() > 0 && sim.currentSlot() >= stoppedAt + 100);
      long failuresDuringOutage = running.poolStats().publishFailures();
      outage.end();
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
    }
  }
}
