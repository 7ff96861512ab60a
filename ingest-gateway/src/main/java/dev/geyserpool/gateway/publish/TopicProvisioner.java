package dev.geyserpool.gateway.publish;

import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics the gateway writes, when they are missing, and waits until each partition
 * has a leader that answers: producing to a partition without one can lose records (see
 * {@link KafkaTopics}). The one place the gateway creates topics (stream topics, ledger, pool
 * events, subscriptions); each caller keeps its topic's layout.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicProvisioner {
  /** How long to wait for topics to be ready unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private TopicProvisioner() {}

  /** Every stream topic: each group's transactions, accounts and blocks. */
  public static List<String> streamTopics() {
    List<String> topics = new ArrayList<>();
    for (MonitorGroup group : MonitorGroup.values()) {
      for (UpdateKind kind : UpdateKind.values()) {
        topics.add(Topics.stream(group, kind));
      }
    }
    return topics;
  }

  /** Creates the missing stream topics with the given layout and retention, and waits for them. */
  public static void ensureStreamTopics(String bootstrapServers, int partitions, short replication, Duration retention) {
    List<NewTopic> wanted = new ArrayList<>();
    for (String name : streamTopics()) {
      wanted.add(new NewTopic(name, partitions, replication)
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()))));
    }
    ensure(bootstrapServers, wanted);
  }

  /** As {@link #ensure(String, Collection, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static void ensure(String bootstrapServers, Collection<NewTopic> topics) {
    ensure(bootstrapServers, topics, DEFAULT_TIMEOUT);
  }

  /**
   * Creates the missing topics (existing ones are left as they are) and waits until every
   * partition has a leader that answers ListOffsets.
   *
   * @throws IllegalStateException naming the topics, the cluster, the timeout and what to check
   *     when Kafka refuses or the timeout passes
   */
  public static void ensure(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    KafkaTopics.ensure(bootstrapServers, topics, timeout);
  }
}
