package dev.geyserpool.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.pool.ConnectionAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger on a real broker: topic set-up, write before dial, read back by a new instance. */
@ExtendWith(KafkaClusterExtension.class)
class ConnectionLedgerTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final Duration ACK = Duration.ofSeconds(10);

  /** Fifteen minutes in the past: recent enough for the topic's retention, never in the broker's future. */
  private static FakeTime timeline() {
    return new FakeTime(System.currentTimeMillis() - Duration.ofMinutes(15).toMillis());
  }

  @Test
  void openCreatesTheTopicWithOnePartitionDeletePolicyAndOneHourRetention(KafkaCluster kafka) throws Exception {
    String topic = KafkaCluster.uniqueTopicName("connection-ledger");
    try (ConnectionLedger ledger = ConnectionLedger.open(
        kafka.bootstrapServers(), topic, "gw-a", timeline().wallClock(), ConnectionLedger.DEFAULT_TIMEOUT)) {
      assertThat(ledger.topic()).isEqualTo(topic);
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      assertThat(description.partitions()).hasSize(1);
      assertThat(description.partitions().get(0).leader()).isNotNull();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
      assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("CreateTime");
    }
  }

  @Test
  void attemptsRecordedBeforeACrashAreReadBackByTheNextGatewayIncludingOtherGateways(KafkaCluster kafka) {
    String topic = KafkaCluster.uniqueTopicName("connection-ledger");
    FakeTime time = timeline();
    ConnectionAttempt first;
    ConnectionAttempt second;
    ConnectionAttempt standby;
    try (ConnectionLedger active = open(kafka, topic, "gw-active", time);
        ConnectionLedger passive = open(kafka, topic, "gw-standby", time)) {
      first = active.newAttempt("conn-1", "connections", "first");
      active.record(first, ACK);
      time.advanceMillis(1_500);
      second = active.newAttempt("conn-1", "connections", "reconnect");
      active.record(second, ACK);
      time.advanceMillis(10);
      standby = passive.newAttempt("conn-9", "connections", "first");
      passive.record(standby, ACK);
    }
    time.advanceMillis(5_000);
    try (ConnectionLedger restarted = open(kafka, topic, "gw-active", time)) {
      assertThat(restarted.recent(WINDOW)).containsExactly(first, second, standby);
    }
    assertThat(first.getGatewayId()).isEqualTo("gw-active");
    assertThat(first.getAtEpochMillis()).isEqualTo(second.getAtEpochMillis() - 1_500);
    assertThat(second.getReason()).isEqualTo("reconnect");
  }

  @Test
  void attemptsAtOrBeforeTheStartOfTheWindowAreNotReturned(KafkaCluster kafka) {
    String topic = KafkaCluster.uniqueTopicName("connection-ledger");
    FakeTime time = timeline();
    long now = time.epochMillis() + 120_000;
    long[] ats = {now - 61_000, now - 60_000, now - 59_999, now - 1_000, now};
    try (ConnectionLedger ledger = open(kafka, topic, "gw-a", time)) {
      for (int i = 0; i < ats.length; i++) {
        ledger.record(ConnectionAttempt.newBuilder()
            .setAtEpochMillis(ats[i]).setGatewayId("gw-a").setConnectionId("conn-" + i)
            .setScope("connections").setReason("first").build(), ACK);
      }
    }
    time.advanceMillis(now - time.epochMillis());
    try (ConnectionLedger restarted = open(kafka, topic, "gw-a", time)) {
      List<ConnectionAttempt> recent = restarted.recent(WINDOW);
      assertThat(recent).extracting(ConnectionAttempt::getAtEpochMillis).containsExactly(now - 59_999, now - 1_000, now);
      assertThat(restarted.recent(Duration.ofSeconds(1))).extracting(ConnectionAttempt::getConnectionId).containsExactly("conn-4");
      assertThat(restarted.recent(Duration.ofMinutes(5))).hasSize(5);
    }
  }

  @Test
  void emptyLedgerHasNoRecentAttempts(KafkaCluster kafka) {
    String topic = KafkaCluster.uniqueTopicName("connection-ledger");
    try (ConnectionLedger ledger = open(kafka, topic, "gw-a", timeline())) {
      assertThat(ledger.recent(WINDOW)).isEmpty();
    }
  }

  @Test
  void crashRestartLoopNeverExceedsTheLimitInAnyWindow(KafkaCluster kafka) {
    CrashRestartLoop.Result result = new CrashRestartLoop(kafka.bootstrapServers(),
        KafkaCluster.uniqueTopicName("connection-ledger"), 10, WINDOW, 42L, true).run(8);

    assertThat(result.maxInAnyWindow()).isLessThanOrEqualTo(10);
    // Dialing as fast as allowed fills a window: the limit is reached, not merely respected.
    assertThat(result.maxInAnyWindow()).isEqualTo(10);
    assertThat(result.readBack()).isEqualTo(result.recorded());
    assertThat(result.recorded()).isGreaterThan(20);
    // Each restarted gateway counted exactly the attempts of the last window, whoever made them.
    assertThat(result.restoredAtStart()).isEqualTo(result.expectedAtStart());
    assertThat(result.restoredAtStart()).anyMatch(n -> n == 10);
  }

  @Test
  void withoutRestoringFromTheLedgerTheSameLoopWouldExceedTheLimit(KafkaCluster kafka) {
    CrashRestartLoop.Result result = new CrashRestartLoop(kafka.bootstrapServers(),
        KafkaCluster.uniqueTopicName("connection-ledger"), 10, WINDOW, 42L, false).run(8);

    assertThat(result.maxInAnyWindow()).isGreaterThan(10);
  }

  private static ConnectionLedger open(KafkaCluster kafka, String topic, String gatewayId, FakeTime time) {
    return ConnectionLedger.open(kafka.bootstrapServers(), topic, gatewayId, time.wallClock(), ConnectionLedger.DEFAULT_TIMEOUT);
  }
}
