package dev.geyserpool.gateway.publish;

import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the gateway writes, when they are missing, and waits until each partition
 * has a leader that answers: producing to a partition without one can lose records (see
 * {@link KafkaTopics}). The one place the gateway creates topics (stream topics, ledger, pool
 * events, subscriptions); each caller keeps its topic's layout. Stream topics also get the record
 * size limit the gateway needs ({@link StreamRecordLimits}).
 *
 * <p>Stateless and thread-safe; each call opens its own short-lived admin client.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

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

  /**
   * Creates the missing stream topics with the given layout and retention, and waits for them.
   * Each must take the largest record the gateway publishes,
   * {@link StreamRecordLimits#maxRecordBytes}{@code (maxInboundMessageBytes)}: new topics are
   * created with that {@code max.message.bytes}, and existing ones that take less are raised to it
   * (see {@link #raiseMaxMessageBytes}).
   *
   * @param maxInboundMessageBytes the largest update accepted from upstream
   *     ({@code upstream.maxInboundMessageBytes})
   * @throws IllegalStateException when Kafka refuses, is not reached or the topics are not ready in
   *     time, or refuses to raise a topic's {@code max.message.bytes} (naming the topic, its value
   *     and the fix)
   */
  public static void ensureStreamTopics(String bootstrapServers, int partitions, short replication, Duration retention,
      int maxInboundMessageBytes) {
    String maxMessageBytes = Integer.toString(StreamRecordLimits.maxRecordBytes(maxInboundMessageBytes));
    List<NewTopic> wanted = new ArrayList<>();
    for (String name : streamTopics()) {
      wanted.add(new NewTopic(name, partitions, replication).configs(Map.of(
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes)));
    }
    ensure(bootstrapServers, wanted);
    raiseMaxMessageBytes(bootstrapServers, streamTopics(), maxInboundMessageBytes, DEFAULT_TIMEOUT);
  }

  /**
   * Raises {@code max.message.bytes} of those {@code topics} that take less than
   * {@link StreamRecordLimits#maxRecordBytes}{@code (maxInboundMessageBytes)} to exactly that, with
   * an incremental alter (no other config is touched); larger values, set by an operator, are kept.
   *
   * <p>Raising rather than refusing to start: the gateway owns its stream topics and the value
   * follows from its own setting; a larger limit only admits bigger batches, changes no stored
   * record and is idempotent, so gateways with the same setting agree; and every topic created
   * before the gateway set the limit has the broker's default (about 1 MB), so refusing would turn
   * each such deployment's upgrade into a manual step. Where Kafka refuses the alter (no ALTER_CONFIGS
   * permission, a config policy), start fails with what to do instead.
   *
   * @throws IllegalStateException when the topics cannot be described, or Kafka refuses to raise
   *     one: names the topic, its value, the value needed and the {@code kafka-configs.sh} command
   *     that sets it, with Kafka's error as the cause
   */
  static void raiseMaxMessageBytes(String bootstrapServers, Collection<String> topics, int maxInboundMessageBytes,
      Duration timeout) {
    int required = StreamRecordLimits.maxRecordBytes(maxInboundMessageBytes);
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    Admin admin = admin(bootstrapServers, timeout);
    try {
      Map<String, Integer> current = currentMaxMessageBytes(admin, bootstrapServers, topics, timeout);
      AlterConfigOp raise = new AlterConfigOp(
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(required)), AlterConfigOp.OpType.SET);
      Map<ConfigResource, Collection<AlterConfigOp>> raises = new LinkedHashMap<>();
      current.forEach((topic, bytes) -> {
        if (bytes < required) {
          raises.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(raise));
        }
      });
      if (raises.isEmpty()) {
        return;
      }
      Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(raises).values();
      for (Map.Entry<ConfigResource, KafkaFuture<Void>> result : results.entrySet()) {
        String topic = result.getKey().name();
        try {
          result.getValue().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          throw new IllegalStateException("stream topic '" + topic + "' on Kafka at " + bootstrapServers
              + " takes records up to max.message.bytes=" + current.get(topic)
              + ", but the gateway publishes records up to " + required + " bytes (upstream.maxInboundMessageBytes "
              + maxInboundMessageBytes + " + " + StreamRecordLimits.RECORD_OVERHEAD_BYTES
              + " bytes of record overhead), and raising it failed ("
              + cause + "); raise it yourself with kafka-configs.sh --bootstrap-server " + bootstrapServers
              + " --alter --entity-type topics --entity-name " + topic + " --add-config "
              + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + "=" + required
              + ", or let the gateway's principal alter topic configs", cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while raising max.message.bytes of stream topic '" + topic
              + "' on Kafka at " + bootstrapServers, e);
        }
        log.warn("Raised max.message.bytes of stream topic {} from {} to {}: upstream.maxInboundMessageBytes {}"
            + " + {} bytes of record overhead", topic, current.get(topic), required, maxInboundMessageBytes,
            StreamRecordLimits.RECORD_OVERHEAD_BYTES);
      }
    } finally {
      // Nothing is pending on success; on failure Kafka refused or the deadline passed: give up at once.
      admin.close(Duration.ZERO);
    }
  }

  /** What remains until {@code deadlineNanos}, at least 1 ms so that a last wait is still bounded. */
  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  /** Each topic's effective {@code max.message.bytes}: its own, or the broker default it inherits. */
  private static Map<String, Integer> currentMaxMessageBytes(Admin admin, String bootstrapServers,
      Collection<String> topics, Duration timeout) {
    List<ConfigResource> resources = new ArrayList<>();
    topics.forEach(topic -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
    Map<ConfigResource, Config> configs;
    try {
      configs = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot read max.message.bytes of topics " + topics + " on Kafka at "
          + bootstrapServers + " within " + timeout.toMillis() + " ms (" + cause
          + "); check that Kafka is reachable and that the gateway may describe topic configs", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading max.message.bytes of topics " + topics
          + " on Kafka at " + bootstrapServers, e);
    }
    Map<String, Integer> bytes = new LinkedHashMap<>();
    for (ConfigResource resource : resources) {
      ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      bytes.put(resource.name(), Integer.parseInt(entry.value()));
    }
    return bytes;
  }

  private static Admin admin(String bootstrapServers, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Kafka requires default.api.timeout.ms >= request.timeout.ms.
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
    return Admin.create(properties);
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
