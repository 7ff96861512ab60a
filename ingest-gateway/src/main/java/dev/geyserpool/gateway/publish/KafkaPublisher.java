package dev.geyserpool.gateway.publish;

import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.UpdateIdentity;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
 * key = signature / pubkey / slot, headers = matched monitors and filters, slot, receive time; or,
 * for an update the topic already holds, a {@code same} record pointing at it.
 *
 * <p>Thread-safe: {@link #publish} may be called from any thread; completion callbacks run on the
 * producer's I/O thread and must not block. The producer is idempotent with {@code acks=all}, so
 * a retried send is not written twice. Whoever builds the publisher closes it.
 */
public final class KafkaPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

  /** The outcome of one record's publication, reported once. */
  public interface Completion {
    void completed(boolean published, Exception failure);
  }

  /** The outcome of one update's publication, reported once, with where Kafka stored it. */
  public interface Stored {
    /**
     * @param partition the record's partition, or -1 when refused (or unknown)
     * @param offset the record's offset, or -1
     */
    void completed(boolean published, Exception failure, int partition, long offset);
  }

  private static final byte[] EMPTY = new byte[0];

  private final Producer<String, byte[]> producer;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long lastSuccessNanos;
  private volatile long lastFailureNanos;

  private final String bootstrapServers;
  private volatile org.apache.kafka.clients.admin.Admin admin;

  public KafkaPublisher(Producer<String, byte[]> producer, String bootstrapServers) {
    this.producer = producer;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * A publisher with its own idempotent producer to {@code bootstrapServers}, sized for the
   * largest update the gateway accepts from upstream ({@link StreamRecordLimits}).
   */
  public static KafkaPublisher create(String bootstrapServers, String clientId, int maxInboundMessageBytes,
      Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Blocks reach 24 MB upstream: any update gRPC accepted must fit in one record.
    props.putAll(StreamRecordLimits.producerConfig(maxInboundMessageBytes));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
    // The publisher thread may wait for buffer space; the gRPC reader never does (flow control).
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    props.putAll(overrides);
    return new KafkaPublisher(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()),
        bootstrapServers);
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
   * Publishes one update to one stream topic and reports once when Kafka acknowledged or refused
   * it. Never blocks on the broker beyond the producer's {@code max.block.ms} (metadata, buffer).
   *
   * @param monitors the ids of the monitors the record is for
   * @param filters the qualified names of their filters that matched
   */
  public void publish(RawUpdate update, String topic, Collection<String> monitors, Collection<String> filters,
      Stored completion) {
    Optional<String> key = UpdateIdentity.recordKey(update.message());
    if (key.isEmpty()) {
      completion.completed(false, new IllegalArgumentException("update has no record key: "
          + update.message().getUpdateOneofCase()), -1, -1);
      return;
    }
    List<RecordHeader> headers = List.of(
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(monitors)),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(filters)),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(UpdateIdentity.slotOf(update.message()))),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(update.receivedAtMicros())));
    send(new ProducerRecord<>(topic, null, key.get(), update.wire(), List.copyOf(headers)), completion);
  }

  /**
   * Publishes, for more monitors, an update the topic already holds: a record of type
   * {@code same} with an empty value, pointing at the record with the bytes (in the same
   * partition, so it follows it). Reports once.
   *
   * @param partition the partition of the record holding the update's bytes
   * @param offset its offset
   */
  public void publishSame(RawUpdate update, String topic, Collection<String> monitors, Collection<String> filters,
      int partition, long offset, Stored completion) {
    Optional<String> key = UpdateIdentity.recordKey(update.message());
    if (key.isEmpty()) {
      completion.completed(false, new IllegalArgumentException("update has no record key: "
          + update.message().getUpdateOneofCase()), -1, -1);
      return;
    }
    List<RecordHeader> headers = List.of(
        new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_SAME)),
        new RecordHeader(RecordHeaders.SAME_AS, RecordHeaders.number(offset)),
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(monitors)),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(filters)),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(UpdateIdentity.slotOf(update.message()))),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(update.receivedAtMicros())));
    send(new ProducerRecord<>(topic, partition, key.get(), EMPTY, List.copyOf(headers)), completion);
  }

  /**
   * Publishes a gap record to one stream topic, so the monitors reading it see the hole; reports
   * once. The caller retries a refused one until Kafka holds it.
   */
  public void publishGap(GapRecord gap, String topic, Collection<String> monitors, Completion completion) {
    List<RecordHeader> headers = List.of(
        new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_GAP)),
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(monitors)),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(gap.getFromSlot())));
    String key = "gap:" + gap.getFromSlot() + "-" + gap.getToSlot();
    send(new ProducerRecord<>(topic, null, key, gap.toByteArray(), List.copyOf(headers)),
        (ok, failure, partition, offset) -> completion.completed(ok, failure));
  }

  private void send(ProducerRecord<String, byte[]> record, Stored completion) {
    try {
      producer.send(record, (metadata, e) -> {
        if (e != null) {
          failures.incrementAndGet();
          if (!isPermanent(e)) {
            lastFailureNanos = System.nanoTime();
          }
          log.error("Kafka refused a record for topic {} key {}: {}", record.topic(), record.key(), e.toString());
          completion.completed(false, e, -1, -1);
          return;
        }
        records.incrementAndGet();
        lastSuccessNanos = System.nanoTime();
        boolean placed = metadata != null && metadata.hasOffset();
        completion.completed(true, null, placed ? metadata.partition() : -1, placed ? metadata.offset() : -1);
      });
    } catch (RuntimeException e) {
      // Serialization, a closed producer, or max.block.ms passed: refused like any failure.
      failures.incrementAndGet();
      lastFailureNanos = System.nanoTime();
      log.error("Kafka did not take a record for topic {} key {}: {}", record.topic(), record.key(), e.toString());
      completion.completed(false, e, -1, -1);
    }
  }

  /** When Kafka last acknowledged a record (or answered a probe), on {@link System#nanoTime()}; 0 before. */
  public long lastSuccessNanos() {
    return lastSuccessNanos;
  }

  /** When Kafka last refused a record for a transient reason, on {@link System#nanoTime()}; 0 before. */
  public long lastFailureNanos() {
    return lastFailureNanos;
  }

  /**
   * Whether a refusal is about the record itself (too large, invalid) rather than the cluster:
   * sending it again cannot help.
   */
  public static boolean isPermanent(Exception failure) {
    return failure instanceof org.apache.kafka.common.errors.RecordTooLargeException
        || failure instanceof org.apache.kafka.common.InvalidRecordException
        || failure instanceof org.apache.kafka.common.errors.SerializationException;
  }

  /**
   * Asks the cluster for its nodes (bounded by 5 s) and counts an answer as a success: how a
   * gateway that stopped reading learns Kafka is back. Blocks: call it off the control thread.
   */
  public void probe() {
    try {
      if (admin == null) {
        Properties props = new Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG, "geyser-gateway-probe");
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        admin = org.apache.kafka.clients.admin.Admin.create(props);
      }
      if (!admin.describeCluster().nodes().get(5, java.util.concurrent.TimeUnit.SECONDS).isEmpty()) {
        lastSuccessNanos = System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | org.apache.kafka.common.KafkaException e) {
      log.debug("Kafka probe failed: {}", e.toString());
    }
  }

  /** Sends everything buffered and waits for the acknowledgements. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }

  /** Closes the producer without sending what is buffered: an abrupt stop. */
  public void closeNow() {
    producer.close(Duration.ZERO);
    if (admin != null) {
      admin.close(Duration.ZERO);
    }
  }
}
