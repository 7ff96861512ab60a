package dev.geyserpool.gateway.ledger.internal;

import dev.geyserpool.gateway.publish.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the connection-ledger topic when it is missing and waits until its partition has a
 * leader that answers. Producing to a partition without one can fail with NOT_LEADER_OR_FOLLOWER and then lose
 * records to OUT_OF_ORDER_SEQUENCE, so the ledger writes nothing before this returns.
 *
 * <p>The topic has one partition, so a reader sees attempts in the order they were recorded;
 * {@code cleanup.policy=delete} with a retention of {@link #RETENTION} (many rate-limit windows)
 * keeps it small; {@code message.timestamp.type=CreateTime} keeps each record's timestamp equal to
 * the attempt's time, which is what the reader seeks by. The replication factor is the broker's
 * default ({@code default.replication.factor}).
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerTopic {
  /** How long the ledger keeps attempts: a few windows would do; an hour costs nothing. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private LedgerTopic() {}

  /**
   * Creates {@code topic} unless it exists and waits, up to {@code timeout}, until every partition
   * has a leader that answers.
   *
   * @throws IllegalStateException when Kafka refuses, is not reached or the timeout passes first,
   *     or when interrupted (then with the {@link InterruptedException} as its cause and the flag set)
   */
  public static void ensure(String bootstrapServers, String topic, Duration timeout) {
    NewTopic wanted = new NewTopic(topic, Optional.of(1), Optional.empty())
        .configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis()),
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));
    TopicProvisioner.ensure(bootstrapServers, List.of(wanted), timeout);
  }
}
