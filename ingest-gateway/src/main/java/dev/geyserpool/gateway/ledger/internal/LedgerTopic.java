package dev.geyserpool.gateway.ledger.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.RetriableException;

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
 * <p>Stateless; each call uses the caller's {@link Admin}, which the caller owns and closes.
 */
public final class LedgerTopic {
  /** How long the ledger keeps attempts: a few windows would do; an hour costs nothing. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private static final long POLL_MILLIS = 50;

  private LedgerTopic() {}

  /**
   * Creates {@code topic} unless it exists and waits, up to {@code deadlineNanos} on
   * {@link System#nanoTime()}, until every partition has a leader.
   *
   * @throws TimeoutException when the deadline passes first
   * @throws ExecutionException when Kafka refuses
   * @throws InterruptedException when interrupted (the flag is left to the caller to restore)
   */
  public static void ensure(Admin admin, String topic, long deadlineNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    NewTopic wanted = new NewTopic(topic, Optional.of(1), Optional.empty())
        .configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis()),
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));
    dev.geyserpool.gateway.publish.TopicProvisioner.ensure(admin, List.of(wanted), deadlineNanos);
  }

}
