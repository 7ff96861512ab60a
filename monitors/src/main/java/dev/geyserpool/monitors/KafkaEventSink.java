package dev.geyserpool.monitors;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events as JSON to {@code monitor.<id>.events}, keyed by {@link MonitorEvent#key()} (the
 * mint), with the event type in header {@code geyser.event-type}. Creates a monitor's topic when it
 * opens (or first publishes) (broker default partitions and replication). One idempotent producer,
 * {@code acks=all}; {@link #flush()} waits for every send and rethrows the first failure, so the
 * SDK does not commit updates whose events were lost.
 *
 * <p>Threading: one monitor thread per instance, or several monitors sharing it (the producer is
 * thread-safe; topic creation is synchronized).
 */
public final class KafkaEventSink implements EventSink {
  /** The header carrying {@link MonitorEvent#type()}. */
  public static final String EVENT_TYPE_HEADER = "geyser.event-type";

  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final Set<String> topics = new HashSet<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaEventSink(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyser-monitor-events");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(adminProps);
  }

  /** The topic monitor {@code monitorId} publishes to. */
  public static String topic(String monitorId) {
    return "monitor." + monitorId + ".events";
  }

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
        List.of(new RecordHeader(EVENT_TYPE_HEADER, event.type().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
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
    admin.close();
  }

  private synchronized void ensureTopic(String topic) {
    if (topics.contains(topic)) {
      return;
    }
    try {
      admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": Kafka did not answer within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
    topics.add(topic);
  }
}
