package dev.geyserpool.gateway.publish;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the gateway writes, when they are missing, and waits until each partition
 * has a leader that answers: producing to a partition without one can lose records. The one
 * place the gateway creates topics (stream topics, ledger, pool events, subscriptions).
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  /** How long to wait for topics to be ready unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 25;

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
   * Creates the missing topics and waits until they are ready.
   *
   * @throws IllegalStateException naming the cluster and what to check when Kafka refuses or
   *     the timeout passes
   */
  public static void ensure(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      ensure(admin, topics, System.nanoTime() + timeout.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + topics.stream().map(NewTopic::name).toList()
          + " on Kafka at " + bootstrapServers + " within " + timeout + ": " + e.getMessage()
          + "; check that the brokers are reachable and allow topic creation", e);
    }
  }

  /**
   * Creates the missing topics with {@code admin} and waits, up to {@code deadlineNanos} on
   * {@link System#nanoTime()}, until every partition has a leader that serves a ListOffsets
   * request. Right after creation a broker may not know a topic yet: retriable errors mean "not
   * yet", not failure.
   *
   * @throws TimeoutException when the deadline passes first
   * @throws ExecutionException when Kafka refuses for good
   */
  public static void ensure(Admin admin, Collection<NewTopic> topics, long deadlineNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> names = topics.stream().map(NewTopic::name).toList();
    var existing = admin.listTopics().names().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
    List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
    if (!missing.isEmpty()) {
      try {
        admin.createTopics(missing).all().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    while (!isReady(admin, names, deadlineNanos)) {
      if (remainingMillis(deadlineNanos) <= POLL_MILLIS) {
        throw new TimeoutException("partitions of " + names + " still without a leader");
      }
      // Leader election takes milliseconds on a healthy cluster; the loop is bounded by the deadline.
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }

  private static boolean isReady(Admin admin, List<String> names, long deadlineNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(names).allTopicNames().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String name : names) {
        TopicDescription description = descriptions.get(name);
        if (description == null || !description.partitions().stream().allMatch(TopicProvisioner::hasLeader)) {
          return false;
        }
        for (TopicPartitionInfo partition : description.partitions()) {
          latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest());
        }
      }
      admin.listOffsets(latest).all().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException) {
        return false;
      }
      throw e;
    }
  }

  private static boolean hasLeader(TopicPartitionInfo partition) {
    return partition.leader() != null && !partition.leader().isEmpty();
  }

  private static long remainingMillis(long deadlineNanos) throws TimeoutException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (remaining <= 0) {
      throw new TimeoutException("deadline passed");
    }
    return remaining;
  }
}
