package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.Fault;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway process killed with SIGKILL while it has spent its connection budget, and started
 * again at once, must not exceed the provider's limit: the new process reads the connection
 * ledger before its first dial. Real processes, a real broker, the simulator's audit as judge.
 */
@ExtendWith(KafkaClusterExtension.class)
class GatewayRestartTest {
  private static final int LIMIT = 6;
  private static final Duration WINDOW = Duration.ofSeconds(20);

  @Test
  void aKilledAndRestartedGatewayStaysWithinTheConnectionLimit(KafkaCluster kafka) throws Exception {
    // Logs stay in target/ for a look after a failure.
    Path dir = Files.createDirectories(Path.of("target", "gateway-restart-test"));
    String token = "restart-test-token";
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .xToken(token)
        .slotInterval(Duration.ofMillis(100))
        .trafficRate(10)
        .connectionLimit(LIMIT)
        .connectionWindow(WINDOW)
        .fault(new Fault.DropConnections(Duration.ofSeconds(1)))
        .build())) {
      declareMonitor(kafka.bootstrapServers());
      Path config = GatewayProcess.writeConfig(dir, "restart-test", sim.target(), "RESTART_TEST_TOKEN",
          kafka.bootstrapServers(), List.of("maxConnections: 4", "rateLimitWindow: " + WINDOW.toSeconds() + "s",
              "rateLimitMax: " + LIMIT, "rateLimitSafetyMargin: 1", "backoffMin: 100ms", "backoffMax: 1s"));

      Process first = GatewayProcess.start(config, "RESTART_TEST_TOKEN", token, dir.resolve("first.log"));
      Process second = null;
      try {
        // Connections dropped every second: the first gateway spends its budget (limit 6 less a margin of 1).
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.audit().totalConnections() >= LIMIT - 1);
        first.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        long beforeRestart = sim.audit().totalConnections();

        second = GatewayProcess.start(config, "RESTART_TEST_TOKEN", token, dir.resolve("second.log"));
        // Watch a whole window after the kill while the second gateway reconnects after every drop:
        // it may dial only as the first one's attempts leave the window.
        await().atMost(WINDOW.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
            .until(() -> System.nanoTime() - killedAt >= WINDOW.plusSeconds(5).toNanos()
                && sim.audit().totalConnections() > beforeRestart + 1);
        await().atMost(WINDOW).until(() -> sim.audit().streamsOpen() >= 1);

        assertThat(sim.audit().maxInAnyWindow())
            .as("connections in the busiest %s window (%s)", WINDOW, sim.audit())
            .isLessThanOrEqualTo(LIMIT);
        assertThat(sim.audit().refusals()).isZero();
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroyForcibly().waitFor();
        }
        // Other test classes share the broker: leave no live declaration behind.
        removeMonitor(kafka.bootstrapServers());
      }
    }
  }

  private static void declareMonitor(String bootstrap) throws Exception {
    TopicProvisioner.ensure(bootstrap, List.of(new NewTopic(Topics.SUBSCRIPTIONS, 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    MonitorDeclaration declaration = MonitorDeclaration.newBuilder()
        .setMonitorId("restart-watch")
        .setGroup("high")
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
                .addAccountInclude(PumpExampleMonitor.PUMP_PROGRAM).build()))
        .build();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, "restart-watch", declaration.toByteArray())).get();
    }
  }

  private static void removeMonitor(String bootstrap) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, "restart-watch", null)).get();
    }
  }

}
