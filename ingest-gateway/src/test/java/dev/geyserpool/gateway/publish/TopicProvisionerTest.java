package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.kafka.embedded.EmbeddedKafkaBroker;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.AlterConfigPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stream topics take the largest record the gateway publishes, on a real broker with stock limits. */
@ExtendWith(KafkaClusterExtension.class)
class TopicProvisionerTest {
  private static final int MAX_INBOUND = 64 * 1024 * 1024;
  private static final int MAX_RECORD = StreamRecordLimits.maxRecordBytes(MAX_INBOUND);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void streamTopicsTakeTheLargestRecordTheGatewayPublishes(KafkaCluster kafka) throws Exception {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 1, (short) 1, Duration.ofDays(1), MAX_INBOUND);

    for (String topic : TopicProvisioner.streamTopics()) {
      assertThat(Integer.parseInt(maxMessageBytes(kafka.bootstrapServers(), topic).value())).as(topic)
          .isGreaterThanOrEqualTo(MAX_RECORD);
    }
  }

  @Test
  void raisesATopicThatTakesLessThanTheLargestRecord(KafkaCluster kafka) throws Exception {
    String topic = KafkaCluster.uniqueTopicName("small-records");
    kafka.createTopic(topic, 1);
    assertThat(Integer.parseInt(maxMessageBytes(kafka.bootstrapServers(), topic).value()))
        .as("the broker's default").isLessThan(MAX_RECORD);

    TopicProvisioner.raiseMaxMessageBytes(kafka.bootstrapServers(), List.of(topic), MAX_INBOUND, TIMEOUT);

    ConfigEntry raised = maxMessageBytes(kafka.bootstrapServers(), topic);
    assertThat(raised.value()).isEqualTo(Integer.toString(MAX_RECORD));
    assertThat(raised.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void keepsALargerLimitAnOperatorSet(KafkaCluster kafka) throws Exception {
    String topic = KafkaCluster.uniqueTopicName("larger-records");
    String operatorValue = Integer.toString(MAX_RECORD + 1);
    kafka.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, operatorValue))));

    TopicProvisioner.raiseMaxMessageBytes(kafka.bootstrapServers(), List.of(topic), MAX_INBOUND, TIMEOUT);

    assertThat(maxMessageBytes(kafka.bootstrapServers(), topic).value()).isEqualTo(operatorValue);
  }

  @Test
  void aRaiseKafkaRefusesFailsNamingTheTopicItsValueAndTheFix() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
        .brokerProperty("alter.config.policy.class.name", RefuseEveryAlter.class.getName())
        .start()) {
      String topic = "geyser.high.blocks";
      broker.createTopic(topic, 1);
      String servers = broker.bootstrapServers();

      assertThatThrownBy(() -> TopicProvisioner.raiseMaxMessageBytes(servers, List.of(topic), MAX_INBOUND, TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(PolicyViolationException.class)
          .hasMessage("stream topic 'geyser.high.blocks' on Kafka at " + servers + " takes records up to"
              + " max.message.bytes=1048588, but the gateway publishes records up to 68157440 bytes"
              + " (upstream.maxInboundMessageBytes 67108864 + 1048576 bytes of record overhead), and raising it failed"
              + " (org.apache.kafka.common.errors.PolicyViolationException: " + RefuseEveryAlter.REASON + ");"
              + " raise it yourself with kafka-configs.sh --bootstrap-server " + servers + " --alter --entity-type"
              + " topics --entity-name geyser.high.blocks --add-config max.message.bytes=68157440, or let the"
              + " gateway's principal alter topic configs");
    }
  }

  /** A broker policy that refuses every config change, as a locked-down cluster would. */
  public static final class RefuseEveryAlter implements AlterConfigPolicy {
    static final String REASON = "config changes are made by the platform team";

    @Override
    public void validate(RequestMetadata requestMetadata) {
      throw new PolicyViolationException(REASON);
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
  }

  private static ConfigEntry maxMessageBytes(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      return admin.describeConfigs(List.of(resource)).all().get().get(resource)
          .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    }
  }
}
