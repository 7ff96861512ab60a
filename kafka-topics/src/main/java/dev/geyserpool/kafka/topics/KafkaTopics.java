package dev.geyserpool.kafka.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Kafka topics that are missing and waits until every partition of them can take
 * records: the one place geyser-pool creates topics (gateway, monitor SDK, monitors, test kit).
 *
 * <p>A partition is ready when the cluster metadata names its leader <em>and</em> that leader
 * answers a ListOffsets request for it. The second probe matters: the broker publishes a new
 * leader to its metadata cache just before its replica manager becomes leader, and a producer that
 * writes in that window gets NOT_LEADER_OR_FOLLOWER and, with idempotence, may then lose records
 * to OUT_OF_ORDER_SEQUENCE (see BUILD-NOTES "Kafka in-process").
 *
 * <p>Topics that exist are left as they are, whatever their layout, and are not asked to be
 * created again: a client that may describe but not create topics works against topics an operator
 * created beforehand. A topic another client creates meanwhile ({@link TopicExistsException}) is fine.
 *
 * <p>Threading: stateless and thread-safe; each call opens its own short-lived {@link Admin}
 * client and closes it before returning.
 */
public final class KafkaTopics {
  private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

  /** Pause between readiness probes; a single-broker election takes tens of milliseconds. */
  private static final long PROBE_INTERVAL_MILLIS = 25;

  /** Kafka's default request timeout; a longer wait is made of retried requests. */
  private static final long MAX_REQUEST_TIMEOUT_MILLIS = 30_000;

  private static final String CHECK_REACHABLE =
      "check that Kafka is reachable at those bootstrap servers and its brokers are up";
  private static final String CHECK_LAYOUT = "check that this client may describe and create these topics and"
      + " that their layout (partitions, replication factor, configs) suits the cluster";

  private KafkaTopics() {}

  /**
   * Creates those of {@code topics} that do not exist yet and returns once every partition of
   * every one of them has a leader that answers, waiting at most {@code timeout} in all. Returns
   * at once, without connecting, when {@code topics} is empty.
   *
   * @throws IllegalArgumentException when an argument is missing or out of range, naming it
   * @throws IllegalStateException when Kafka refuses, is not reached or the partitions are not
   *     ready within {@code timeout}, naming the topics, the cluster, the timeout and what to check,
   *     with Kafka's error as the cause; also when interrupted (the interrupt flag stays set)
   */
  public static void ensure(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    requireArguments(bootstrapServers, topics, timeout);
    if (topics.isEmpty()) {
      return;
    }
    Attempt attempt = new Attempt(bootstrapServers, topics, timeout);
    Admin admin = attempt.openAdmin();
    try {
      attempt.createMissing(admin);
      attempt.awaitReady(admin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making topics " + attempt.names + " ready on Kafka at "
          + bootstrapServers, e);
    } finally {
      // Nothing is pending on success; on failure Kafka refused or the deadline passed: give up at once.
      admin.close(Duration.ZERO);
    }
  }

  private static void requireArguments(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is " + (bootstrapServers == null ? "null" : "'"
          + bootstrapServers + "'") + ", but must list at least one host:port");
    }
    if (topics == null) {
      throw new IllegalArgumentException("topics is null, but must be a collection (empty for none)");
    }
    for (NewTopic topic : topics) {
      if (topic == null) {
        throw new IllegalArgumentException("topics " + topics + " contains null, but every element must be a topic");
      }
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout is " + timeout + ", but must be positive");
    }
  }

  /** One call of {@link #ensure}: its arguments, its deadline and the messages that name them. */
  private static final class Attempt {
    final String bootstrapServers;
    final Collection<NewTopic> topics;
    final Set<String> names = new LinkedHashSet<>();
    final Duration timeout;
    final long deadlineNanos;

    Attempt(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
      this.bootstrapServers = bootstrapServers;
      this.topics = topics;
      topics.forEach(topic -> names.add(topic.name()));
      this.timeout = timeout;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    Admin openAdmin() {
      int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      Properties properties = new Properties();
      properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      // Kafka requires default.api.timeout.ms >= request.timeout.ms.
      properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
      properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
          (int) Math.min(timeoutMillis, MAX_REQUEST_TIMEOUT_MILLIS));
      try {
        return Admin.create(properties);
      } catch (KafkaException e) {
        throw new IllegalStateException("cannot make topics " + names + " ready on Kafka at " + bootstrapServers
            + ": no admin client for those bootstrap servers (" + e.getMessage()
            + "); check that they are host:port pairs whose hosts resolve", e);
      }
    }

    void createMissing(Admin admin) throws InterruptedException {
      Set<String> existing;
      try {
        int millis = remainingMillis();
        existing = admin.listTopics(new ListTopicsOptions().timeoutMs(millis)).names()
            .get(millis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw failure("listing topics failed: " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw failure("listing topics did not complete", e);
      }
      List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      List<String> created = new ArrayList<>();
      Map<String, KafkaFuture<Void>> results =
          admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(remainingMillis())).values();
      for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
        try {
          result.getValue().get(remainingMillis(), TimeUnit.MILLISECONDS);
          created.add(result.getKey());
        } catch (ExecutionException e) {
          // TopicExistsException: another client (a monitor, the gateway) created it meanwhile: fine.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw failure("creating topic '" + result.getKey() + "' failed: " + e.getCause().getMessage(),
                e.getCause());
          }
        } catch (TimeoutException e) {
          throw failure("creating topic '" + result.getKey() + "' did not complete", e);
        }
      }
      if (!created.isEmpty()) {
        log.info("Created topics {} on Kafka at {}", created, bootstrapServers);
      }
    }

    void awaitReady(Admin admin) throws InterruptedException {
      while (true) {
        Optional<NotReady> notReady = probe(admin);
        if (notReady.isEmpty()) {
          return;
        }
        long remainingMillis = remainingMillis();
        if (remainingMillis <= 1) {
          throw failure(notReady.get().reason(), notReady.get().cause());
        }
        // Bounded by the deadline: each pass either returns, throws or sleeps less than what remains.
        Thread.sleep(Math.min(PROBE_INTERVAL_MILLIS, remainingMillis));
      }
    }

    /** Returns why the topics are not ready yet, or empty when every partition is. */
    private Optional<NotReady> probe(Admin admin) throws InterruptedException {
      Map<String, TopicDescription> descriptions;
      try {
        int millis = remainingMillis();
        descriptions = admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(millis))
            .allTopicNames().get(millis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return notYet("describing the topics", e);
      }
      List<TopicPartition> leaderless = new ArrayList<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription description : descriptions.values()) {
        for (TopicPartitionInfo partition : description.partitions()) {
          TopicPartition topicPartition = new TopicPartition(description.name(), partition.partition());
          if (partition.leader() == null || partition.leader().isEmpty()) {
            leaderless.add(topicPartition);
          }
          latest.put(topicPartition, OffsetSpec.latest());
        }
      }
      if (!leaderless.isEmpty()) {
        return Optional.of(new NotReady("partitions still without a leader: " + leaderless, null));
      }
      try {
        int millis = remainingMillis();
        admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(millis)).all().get(millis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return notYet("a partition leader did not answer ListOffsets", e);
      }
      return Optional.empty();
    }

    /** A retriable error or a timeout means "not yet": right after creation a broker may not know the topic. */
    private Optional<NotReady> notYet(String what, Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof RetriableException || cause instanceof TimeoutException) {
        return Optional.of(new NotReady(what + " (" + cause + ")", cause));
      }
      throw failure(what + " failed: " + cause.getMessage(), cause);
    }

    private IllegalStateException failure(String what, Throwable cause) {
      boolean unreachable = cause == null || cause instanceof RetriableException || cause instanceof TimeoutException;
      return new IllegalStateException("cannot make topics " + names + " ready on Kafka at " + bootstrapServers
          + " within " + timeout.toMillis() + " ms: " + what + "; " + (unreachable ? CHECK_REACHABLE : CHECK_LAYOUT),
          cause);
    }

    /** What remains of the timeout, at least 1 ms so that a last request is still bounded. */
    private int remainingMillis() {
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
    }
  }

  /** Why the topics are not ready yet; {@code cause} is Kafka's last error, or null. */
  private record NotReady(String reason, Throwable cause) {}
}
