package dev.geyserpool.sdk.internal;

import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the control topics a monitor writes or reads, when they are missing, and waits until
 * every partition has a leader that answers (producing to a partition without one can lose the
 * record; see {@link KafkaTopics}). Existing topics are left as they are. Layouts: {@code geyser.subscriptions} and
 * {@code geyser.subscription-status} 1 partition, compacted (the latest record per monitor id
 * is the truth); {@code geyser.monitor-heartbeats} 1 partition, deleted after a day;
 * {@code geyser.dead-letter} 1 partition, kept 14 days, records up to 32 MiB. Stream topics are the gateway's.
 *
 * <p>Stateless and thread-safe.
 */
public final class ControlTopics {

  private ControlTopics() {}

  /** The control topics with their layouts. */
  public static List<NewTopic> all() {
    return List.of(
        compacted(Topics.SUBSCRIPTIONS),
        compacted(Topics.SUBSCRIPTION_STATUS),
        deleted(Topics.MONITOR_HEARTBEATS, Duration.ofDays(1), Map.of()),
        // A dead letter holds a whole stream record; blocks reach 24 MB upstream.
        deleted(Topics.DEAD_LETTER, Duration.ofDays(14),
            Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024))));
  }

  /**
   * Creates the missing control topics and waits until they are ready.
   *
   * @throws IllegalStateException naming the topics, the cluster, the timeout and what to check
   */
  public static void ensure(String bootstrapServers, Duration timeout) {
    KafkaTopics.ensure(bootstrapServers, all(), timeout);
  }

  private static NewTopic compacted(String name) {
    return new NewTopic(name, Optional.of(1), Optional.empty())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  private static NewTopic deleted(String name, Duration retention, Map<String, String> more) {
    Map<String, String> configs = new HashMap<>(more);
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    return new NewTopic(name, Optional.of(1), Optional.empty()).configs(configs);
  }
}
