package dev.geyserpool.gateway.publish;

import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes stream updates to {@code geyser.<group>.<kind>}: value = the update's wire bytes,
 * key = signature / pubkey / slot, headers = matched monitors and filters, slot, receive time.
 *
 * <p>Thread-safe: {@link #publish} may be called from any thread; completion callbacks run on the
 * producer's I/O thread and must not block. The producer is idempotent with {@code acks=all}, so
 * a retried send is not written twice. Whoever builds the publisher closes it.
 */
public final class KafkaPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

  /** The outcome of one update's publication, reported once. */
  public interface Completion {
    void completed(boolean published, Exception failure);
  }

  private final Producer<String, byte[]> producer;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public KafkaPublisher(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** A publisher with its own idempotent producer to {@code bootstrapServers}. */
  public static KafkaPublisher create(String bootstrapServers, String clientId, Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Blocks reach 24 MB upstream; let a whole one through.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 * 1024 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
    // The publisher thread may wait for buffer space; the gRPC reader never does (flow control).
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    props.putAll(overrides);
    return new KafkaPublisher(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
  }

  /** Records acknowledged by Kafka. */
  public long recordsPublished() {
    return records.get();
  }

  /** Records Kafka refused after its retries. */
  public long failures() {
    return failures.get();
  }

  /**
   * Publishes one update to the stream topic of each group, and reports once when all are
   * acknowledged (or one failed).
   *
   * @param monitors the ids of the monitors whose filters matched
   * @param filters the qualified names of the filters that matched
   * @param groups the groups of those monitors: one record per group topic
   */
  public void publish(
      RawUpdate update,
      Collection<String> monitors,
      Collection<String> filters,
      Collection<MonitorGroup> groups,
      Completion completion) {
    Optional<UpdateKind> kind = UpdateKind.of(update.message());
    Optional<String> key = UpdateIdentity.recordKey(update.message());
    if (kind.isEmpty() || key.isEmpty() || groups.isEmpty()) {
      completion.completed(false, null);
      return;
    }
    List<RecordHeader> headers = List.of(
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(monitors)),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(filters)),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(UpdateIdentity.slotOf(update.message()))),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(update.receivedAtMicros())));
    AtomicInteger pending = new AtomicInteger(groups.size());
    for (MonitorGroup group : groups) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(Topics.stream(group, kind.get()), null, key.get(), update.wire(), List.copyOf(headers));
      producer.send(record, (metadata, e) -> {
        if (e != null) {
          failures.incrementAndGet();
          log.error("Kafka refused an update for topic {} key {}: {}", record.topic(), record.key(), e.toString());
          if (pending.getAndSet(-1) > 0) {
            completion.completed(false, e);
          }
          return;
        }
        records.incrementAndGet();
        if (pending.decrementAndGet() == 0) {
          completion.completed(true, null);
        }
      });
    }
  }

  /**
   * Publishes a gap record to the given stream topics, so the monitors reading them see the hole.
   * Waits for the acknowledgements (gaps are rare and must not be lost).
   */
  public void publishGap(
      dev.geyserpool.proto.pool.GapRecord gap, Collection<String> topics, Collection<String> monitors) {
    List<RecordHeader> headers = List.of(
        new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_GAP)),
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(monitors)),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(gap.getFromSlot())));
    String key = "gap:" + gap.getFromSlot() + "-" + gap.getToSlot();
    List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
    for (String topic : topics) {
      sends.add(producer.send(new ProducerRecord<>(topic, null, key, gap.toByteArray(), List.copyOf(headers))));
    }
    for (java.util.concurrent.Future<?> send : sends) {
      try {
        send.get(30, java.util.concurrent.TimeUnit.SECONDS);
        records.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing a gap record", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        failures.incrementAndGet();
        log.error("Kafka refused the gap record {} for {}: {}", key, topics, e.toString());
      }
    }
  }

  /** Sends everything buffered and waits for the acknowledgements. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
