package dev.geyserpool.monitors;

import dev.geyserpool.kafka.topics.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events as JSON to {@code monitor.<id>.events}, keyed by {@link MonitorEvent#key()} (the
 * mint), with the event type in header {@code geyser.event-type}. Creates a monitor's topic when it
 * opens (or first publishes), with the broker's default partitions and replication, and waits until
 * every partition has a leader that answers (at most {@link #TOPIC_READY_TIMEOUT}): producing to a
 * partition without one can lose events (see {@link KafkaTopics}). One idempotent producer,
 * {@code acks=all}, shared by the monitors; {@link #flush(String)} waits only for the sends of the
 * monitor that flushes and fails only with its own failures, so one monitor's broken topic neither
 * stalls nor rewinds the others, and the SDK never commits updates whose events were lost.
 *
 * <p>Threading: several monitors may share one sink; each monitor publishes and flushes on its own
 * consumer thread (its in-flight sends are confined to it). The producer is thread-safe; topic
 * creation is idempotent, so monitors opening at once need no lock.
 */
public final class KafkaEventSink implements EventSink {
  /** The header carrying {@link MonitorEvent#type()}. */
  public static final String EVENT_TYPE_HEADER = "geyser.event-type";
  /** How long {@link #open} (or a first publish to a topic) waits for the topic to take events. */
  public static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
  /** How long {@link #close} waits for unsent events before giving up on them. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  /** Topics ensured already: only a topic's first open or event pays for the check. */
  private final Set<String> readyTopics = ConcurrentHashMap.newKeySet();
  /** Each monitor's sends not yet flushed; a list is touched only by its monitor's thread. */
  private final Map<String, List<Future<RecordMetadata>>> inFlight = new ConcurrentHashMap<>();

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
    inFlight.computeIfAbsent(monitorId, id -> new ArrayList<>()).add(producer.send(record));
  }

  /**
   * Waits for every event {@code monitorId} published since its last flush.
   *
   * @throws IllegalStateException when any was not written, naming the monitor, the topic, the
   *     cluster and how many; the SDK then handles the batch again
   */
  @Override
  public void flush(String monitorId) throws InterruptedException {
    List<Future<RecordMetadata>> sends = inFlight.remove(monitorId);
    if (sends == null) {
      return;
    }
    int failed = 0;
    Throwable first = null;
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        failed++;
        first = first == null ? e.getCause() : first;
      }
    }
    if (failed > 0) {
      throw new IllegalStateException("monitor " + monitorId + ": " + failed + " of " + sends.size() + " events to "
          + topic(monitorId) + " on Kafka at " + bootstrapServers + " were not written (first: " + first
          + "); the batch is handled again; check that the brokers are up and the topic's partitions have leaders",
          first);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
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
