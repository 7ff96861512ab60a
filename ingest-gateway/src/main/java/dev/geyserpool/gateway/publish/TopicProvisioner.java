package dev.geyserpool.gateway.publish;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the stream topics the gateway writes, when they are missing, and waits until every
 * partition has a leader: producing to a partition without one can lose records.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

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

  /**
   * Creates the missing stream topics with {@code partitions} partitions, replication
   * {@code replication} and the given retention, and waits for their leaders.
   */
  public static void ensureStreamTopics(String bootstrapServers, int partitions, short replication, Duration retention) {
    List<NewTopic> wanted = new ArrayList<>();
    for (String name : streamTopics()) {
      wanted.add(new NewTopic(name, partitions, replication)
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()))));
    }
    ensure(bootstrapServers, wanted);
  }

  /** Creates the missing topics and waits until every partition of each has a leader. */
  public static void ensure(String bootstrapServers, Collection<NewTopic> topics) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create the stream topics on Kafka at " + bootstrapServers + ": " + e.getMessage()
              + "; check that the brokers are reachable and allow topic creation", e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      boolean ready = descriptions.values().stream()
          .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics " + names + " still have partitions without a leader after " + READY_TIMEOUT);
      }
      // A bounded poll: leader election takes milliseconds on a healthy cluster.
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
