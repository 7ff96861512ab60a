package dev.geyserpool.monitors;

import dev.geyserpool.kafka.topics.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events as JSON to {@code monitor.<id>.events}, keyed by {@link MonitorEvent#key()} (the
 * mint), with the event type in header {@code geyser.event-type}. Creates a monitor's topic when it
 * opens (or first publishes), with the broker's default partitions and replication, and waits until
 * every partition has a leader that answers (at most {@link #TOPIC_READY_TIMEOUT}): producing to a
 * partition without one can lose events (see {@link KafkaTopics}). One idempotent producer,
 * {@code acks=all}; {@link #flush()} waits for every send and rethrows the first failure, so the
 * SDK does not commit updates whose events were lost.
 *
 * <p>Threading: one monitor thread per instance, or several monitors sharing it (the producer is
 * thread-safe; topic creation is idempotent, so monitors opening at once need no lock).
 */
public final class KafkaEventSink implements EventSink {
  /** The header carrying {@link MonitorEvent#type()}. */
  public static final String EVENT_TYPE_HEADER = "geyser.event-type";
  /** How long {@link #open} (or a first publish to a topic) waits for the topic to take events. */
  public static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  /** Topics ensured already: only a topic's first open or event pays for the check. */
  private final Set<String> readyTopics = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaEventSink(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyser-monitor-events");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** The topic monitor {@code monitorId} publishes to. */
  public static String topic(String monitorId) {
    return "monitor." + monitorId + ".events";
  }

  /**
   * Creates {@code monitor.<monitorId>.events} unless it exists and waits until it takes events.
   *
   * @throws IllegalStateException when that does not happen within {@link #TOPIC_READY_TIMEOUT},
   *     naming the topic, the cluster and what to check
   */
  @Override
  public void open(String monitorId) {
    ensureTopic(topic(monitorId));
  }

  @Override
  public void publish(String monitorId, MonitorEvent event) {
    String topic = topic(monitorId);
    ensureTopic(topic);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.key(),
        EventJson.toBytes(monitorId, event),
        List.of(new RecordHeader(EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8))));
    producer.send(record, (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void flush() throws Exception {
    producer.flush();
    Exception e = failure.getAndSet(null);
    if (e != null) {
      throw new IllegalStateException("an event was not written to Kafka: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  private void ensureTopic(String topic) {
    if (readyTopics.contains(topic)) {
      return;
    }
    // Outside any lock: a concurrent call for the same topic is harmless (existing topics are left as they are).
    KafkaTopics.ensure(bootstrapServers, List.of(new NewTopic(topic, Optional.empty(), Optional.empty())),
        TOPIC_READY_TIMEOUT);
    readyTopics.add(topic);
  }
}
