package dev.geyserpool.aggregator;

import dev.geyserpool.kafka.topics.KafkaTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics the job reads and writes, with the layouts they are created with when missing
 * (Kafka Streams refuses to start on a missing source topic, and an aggregator may well start
 * before the gateway). The input layouts are the ones the gateway and the monitor SDK create:
 * pool events 3 partitions kept 7 days; heartbeats 1 partition kept a day; subscription status
 * 1 partition, compacted. The outputs: the 5-minute history 3 partitions kept 30 days (it is the
 * history that outlives the stores' 24 hours), alerts 1 partition kept 30 days. Existing topics
 * are left as they are. Stateless.
 */
public final class AggregatorTopics {
  private static final Duration HISTORY_RETENTION = Duration.ofDays(30);

  private AggregatorTopics() {}

  public static List<NewTopic> all(AggregatorConfig.TopicNames topics) {
    return List.of(
        deleted(topics.poolEvents(), 3, Duration.ofDays(7)),
        deleted(topics.monitorHeartbeats(), 1, Duration.ofDays(1)),
        new NewTopic(topics.subscriptionStatus(), Optional.of(1), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        deleted(topics.poolMetrics5m(), 3, HISTORY_RETENTION),
        deleted(topics.alerts(), 1, HISTORY_RETENTION));
  }

  /**
   * Creates the missing topics and waits until every partition has a leader.
   *
   * @throws IllegalStateException naming the topics, the cluster and what to check
   */
  public static void ensure(AggregatorConfig config, Duration timeout) {
    KafkaTopics.ensure(config.bootstrapServers(), all(config.topics()), timeout);
  }

  private static NewTopic deleted(String name, int partitions, Duration retention) {
    return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
  }
}
