package dev.geyserpool.gateway.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pool-events topic and waits until it takes records. A partition is ready when the
 * metadata names its leader and that leader answers ListOffsets for it: producing in between can
 * hit NOT_LEADER_OR_FOLLOWER and, with idempotence, lose records (BUILD-NOTES, "Kafka in-process").
 *
 * <p>Stateless; each call opens and closes its own {@link Admin} client.
 */
final class PoolEventTopic {
  private static final Logger log = LoggerFactory.getLogger(PoolEventTopic.class);

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int PARTITIONS = 3;
  static final Duration RETENTION = Duration.ofDays(7);
  /** Pause between readiness probes; a leader election takes tens of milliseconds. */
  private static final long PROBE_INTERVAL_MILLIS = 25;

  private PoolEventTopic() {}

  static void ensure(String bootstrapServers, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "geyserpool-pool-events-topic");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    NewTopic wanted = new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
    try (Admin admin = Admin.create(props)) {
      try {
        admin.createTopics(List.of(wanted)).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        log.info("Created topic {} ({} partitions, retention {})", topic, PARTITIONS, RETENTION);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic '" + topic + "' on " + bootstrapServers + ": "
              + e.getCause().getMessage() + "; check that the brokers are reachable and allow topic creation",
              e.getCause());
        }
      }
      while (true) {
        Optional<String> notReady = probe(admin, topic, deadline);
        if (notReady.isEmpty()) {
          return;
        }
        if (remainingMillis(deadline) <= 1) {
          throw new IllegalStateException("topic '" + topic + "' on " + bootstrapServers + " not ready after "
              + timeout + " (" + notReady.get() + ")");
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(PROBE_INTERVAL_MILLIS, remainingMillis(deadline)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic '" + topic + "'", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic '" + topic + "' on " + bootstrapServers
          + " did not complete within " + timeout + "; check that the brokers are reachable", e);
    }
  }

  /** Why the topic cannot take records yet, or empty when every partition can. */
  private static Optional<String> probe(Admin admin, String topic, long deadline) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    try {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(topic);
      for (TopicPartitionInfo partition : description.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()) {
          return Optional.of("partition " + partition.partition() + " has no leader yet");
        }
        partitions.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
      }
      int millis = (int) Math.min(Integer.MAX_VALUE, remainingMillis(deadline));
      admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(millis)).all().get(millis, TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof RetriableException || cause instanceof TimeoutException
          || cause instanceof UnknownTopicOrPartitionException) {
        return Optional.of(cause.toString());
      }
      throw new IllegalStateException("cannot check topic '" + topic + "': " + cause, cause);
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
