package dev.geyserpool.gateway.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the pool-events topic and waits until it takes records. A partition is ready when the
 * metadata names its leader and that leader answers ListOffsets for it: producing in between can
 * hit NOT_LEADER_OR_FOLLOWER and, with idempotence, lose records (BUILD-NOTES, "Kafka in-process").
 *
 * <p>Stateless; each call opens and closes its own {@link Admin} client.
 */
final class PoolEventTopic {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int PARTITIONS = 3;
  static final Duration RETENTION = Duration.ofDays(7);

  private PoolEventTopic() {}

  static void ensure(String bootstrapServers, String topic, Duration timeout) {
    NewTopic wanted = new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
    dev.geyserpool.gateway.publish.TopicProvisioner.ensure(bootstrapServers, List.of(wanted), timeout);
  }
}
