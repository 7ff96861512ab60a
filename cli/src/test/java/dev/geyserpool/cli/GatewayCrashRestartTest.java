package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway process killed with SIGKILL mid-stream and started again while the chain moved on
 * ten seconds' worth of slots: the monitor's topic must hold every update generated meanwhile,
 * each exactly once, and no gap record (the provider still holds those slots). The second
 * gateway learns where to resume from the stream checkpoints, and what not to publish again
 * from the topic itself. Real processes, a real broker, the simulator's log as the judge.
 */
@ExtendWith(KafkaClusterExtension.class)
class GatewayCrashRestartTest {
  private static final String TOKEN_ENV = "CRASH_TEST_TOKEN";
  private static final Duration SLOT = Duration.ofMillis(100);

  @Test
  void aGatewayKilledMidStreamAndStartedAgainLaterDeliversEveryUpdateOnce(KafkaCluster kafka) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "gateway-crash-restart-test"));
    String monitor = "crash-" + Long.toString(System.nanoTime(), 36);
    String token = "crash-test-token";
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .xToken(token)
        .slotInterval(SLOT)
        .historySlots(600)
        .trafficRate(30)
        .build())) {
      SubscribeRequest filters = SubscribeRequest.newBuilder()
          .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
              .addAccountInclude(PumpExampleMonitor.PUMP_PROGRAM).setVote(false).setFailed(false).build())
          .build();
      declare(kafka.bootstrapServers(), monitor, filters);
      StreamTopicReader topic = new StreamTopicReader(kafka.bootstrapServers(), monitor);
      Path config = GatewayProcess.writeConfig(dir, "crash-test", sim.target(), TOKEN_ENV, kafka.bootstrapServers(),
          List.of("maxConnections: 4", "backoffMin: 100ms", "backoffMax: 1s"));
      Process first = GatewayProcess.start(config, TOKEN_ENV, token, dir.resolve("first.log"));
      Process second = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> topic.poll() && topic.firstSlot() > 0);
        long firstSlot = topic.firstSlot();
        await().atMost(Duration.ofSeconds(30)).until(() -> topic.poll() && topic.lastSlot() >= firstSlot + 30);

        first.destroyForcibly().waitFor();
        long killedAt = sim.currentSlot();
        // Down while the chain moves on a hundred slots (ten seconds).
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.currentSlot() >= killedAt + 100);
        long restartedAt = sim.currentSlot();
        second = GatewayProcess.start(config, TOKEN_ENV, token, dir.resolve("second.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> topic.poll() && topic.lastSlot() >= restartedAt + 50);
        sim.stopTraffic();
        long until = restartedAt + 40;

        // Every pump transaction of slots (firstSlot, until] reached the topic once.
        List<String> generated = StreamTopicReader.generated(sim, filters, firstSlot, until);
        await().atMost(Duration.ofSeconds(30)).until(() -> topic.poll()
            && generated.stream().allMatch(topic.seen()::containsKey));
        topic.poll();
        DeliveryReport report = topic.report(generated, firstSlot, until);
        assertThat(generated).as("updates generated around the kill").hasSizeGreaterThan(100);
        assertThat(report.lost()).as("lost (%s; first %s)", report, topic.missing(generated)).isZero();
        assertThat(report.duplicated()).as("doubled in the topic (%s)", report).isZero();
        assertThat(report.unexpected()).as("never generated (%s)", report).isZero();
        assertThat(topic.gapRecords()).as("gap records: the provider still held every slot").isZero();
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroyForcibly().waitFor();
        }
        topic.close();
        remove(kafka.bootstrapServers(), monitor);
      }
    }
  }

  static void declare(String bootstrap, String monitor, SubscribeRequest filters) throws Exception {
    TopicProvisioner.ensure(bootstrap, List.of(new NewTopic(Topics.SUBSCRIPTIONS, 1, (short) 1)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    MonitorDeclaration declaration = MonitorDeclaration.newBuilder()
        .setMonitorId(monitor)
        .setGroup(MonitorGroup.HIGH.id())
        .setFilters(filters)
        .build();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, monitor, declaration.toByteArray())).get();
    }
  }

  static void remove(String bootstrap, String monitor) throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, monitor, null)).get();
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
