package dev.geyserpool.sdk.internal;

import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the control topics a monitor writes or reads, when they are missing, and waits until
 * every partition has a leader that answers (producing to a partition without one can lose the
 * record). Existing topics are left as they are. Layouts: {@code geyser.subscriptions} and
 * {@code geyser.subscription-status} 1 partition, compacted (the latest record per monitor id
 * is the truth); {@code geyser.monitor-heartbeats} 1 partition, deleted after a day;
 * {@code geyser.dead-letter} 1 partition, kept 14 days, records up to 32 MiB. Stream topics are the gateway's.
 *
 * <p>Stateless and thread-safe.
 */
public final class ControlTopics {
  private static final Logger log = LoggerFactory.getLogger(ControlTopics.class);
  private static final long POLL_MILLIS = 25;

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
   * @throws IllegalStateException naming the topics, the cluster and what to check
   */
  public static void ensure(String bootstrapServers, Duration timeout) {
    List<NewTopic> topics = all();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        create(admin, missing, deadline);
      }
      List<String> names = topics.stream().map(NewTopic::name).toList();
      while (!isReady(admin, names, deadline)) {
        // Leader election takes milliseconds on a healthy cluster; the loop is bounded by the deadline.
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the control topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("monitor SDK: cannot create or reach topics "
          + topics.stream().map(NewTopic::name).toList() + " on Kafka at " + bootstrapServers + " within "
          + timeout.toMillis() + " ms (" + e.getMessage() + "); check that the brokers are reachable and allow topic"
          + " creation", e);
    }
  }

  private static void create(Admin admin, List<NewTopic> missing, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    try {
      admin.createTopics(missing).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
    } catch (ExecutionException e) {
      // Another monitor or the gateway created them meanwhile: fine.
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private static boolean isReady(Admin admin, List<String> names, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(names).allTopicNames().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription description : descriptions.values()) {
        for (var partition : description.partitions()) {
          if (partition.leader() == null || partition.leader().isEmpty()) {
            return false;
          }
          latest.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
        }
      }
      // A leader that serves ListOffsets serves Produce.
      admin.listOffsets(latest).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException) {
        return false;
      }
      throw e;
    }
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

  private static long remainingMillis(long deadlineNanos) throws TimeoutException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (remaining <= 0) {
      throw new TimeoutException("partitions still without a leader");
    }
    return remaining;
  }
}
