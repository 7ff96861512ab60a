package dev.geyserpool.gateway.ledger;

import dev.geyserpool.gateway.ledger.internal.LedgerReader;
import dev.geyserpool.gateway.ledger.internal.LedgerTopic;
import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.proto.pool.ConnectionAttempt;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's connection limit made durable: every connection attempt is written to the topic
 * {@value Topics#CONNECTION_LEDGER} <em>before</em> dialing, and a starting gateway reads the last
 * window first, so a crash-restart loop cannot exceed the limit (DESIGN invariant 1). Attempts of
 * every gateway sharing the topic are read, which is what an active/standby pair needs.
 *
 * <p>Usage on the pool's thread: {@code budget.tryAcquire(now)}, then {@link #record}, then dial;
 * if {@code record} throws {@link LedgerUnavailableException}, do not dial. At start:
 * {@link #restoreInto(ConnectionBudget, Collection, long, long)} with {@link #recent(Duration)}.
 *
 * <p>Writes use an idempotent producer with {@code acks=all}; {@code record} returns only once the
 * attempt is acknowledged. A record that timed out may still be written later: the ledger then
 * over-counts an attempt that was never made, which errs towards dialing less.
 *
 * <p>Threading: {@link #record} and {@link #recent} may be called from any thread (the producer is
 * thread-safe; each read uses its own consumer). Ownership: {@link #open} creates the producer and
 * the ledger owns it; whoever opens the ledger calls {@link #close()}.
 */
public final class ConnectionLedger implements AutoCloseable {
  /** Bounds topic setup, metadata waits and reads when no other timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ConnectionLedger.class);

  private final String bootstrapServers;
  private final String topic;
  private final String gatewayId;
  private final Clock wallClock;
  private final Duration timeout;
  private final Producer<String, byte[]> producer;
  private final LedgerReader reader;

  private ConnectionLedger(String bootstrapServers, String topic, String gatewayId, Clock wallClock, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.gatewayId = gatewayId;
    this.wallClock = wallClock;
    this.timeout = timeout;
    this.producer = new KafkaProducer<>(producerProperties());
    this.reader = new LedgerReader(bootstrapServers, topic, "geyserpool-ledger-reader-" + gatewayId);
  }

  /**
   * Opens the ledger on {@value Topics#CONNECTION_LEDGER}, creating the topic when missing, with
   * {@link #DEFAULT_TIMEOUT}.
   *
   * @throws LedgerUnavailableException when the topic cannot be created or has no leader in time
   */
  public static ConnectionLedger open(String bootstrapServers, String gatewayId, Clock wallClock) {
    return open(bootstrapServers, Topics.CONNECTION_LEDGER, gatewayId, wallClock, DEFAULT_TIMEOUT);
  }

  /**
   * Opens the ledger on {@code topic}: creates it when missing (one partition,
   * {@code cleanup.policy=delete}, retention {@link LedgerTopic#RETENTION}), waits until its
   * partition has a leader, and loads the producer's metadata, all within {@code timeout}, which
   * also bounds each later {@link #recent} read and the producer's metadata waits.
   *
   * @throws LedgerUnavailableException when that does not happen in time
   */
  public static ConnectionLedger open(
      String bootstrapServers, String topic, String gatewayId, Clock wallClock, Duration timeout) {
    ConnectionLedger ledger = connect(bootstrapServers, topic, gatewayId, wallClock, timeout);
    try {
      LedgerTopic.ensure(bootstrapServers, topic, timeout);
      ledger.producer.partitionsFor(topic); // bounded by max.block.ms; later sends then do not block
    } catch (IllegalStateException | KafkaException e) {
      ledger.producer.close(Duration.ZERO);
      if (e.getCause() instanceof InterruptedException) { // the interrupt flag is set again already
        throw new LedgerUnavailableException("interrupted while opening the connection ledger on topic '" + topic + "'", e);
      }
      throw new LedgerUnavailableException("connection ledger unavailable: topic '" + topic
          + "' could not be created or found with a leader on Kafka at '" + bootstrapServers + "' within "
          + timeout.toMillis() + " ms, so the gateway cannot know its recent connection attempts and does not dial;"
          + " check that Kafka is reachable at those bootstrap servers and allows creating the topic"
          + " (or create it beforehand with 1 partition)", e);
    }
    log.info("Connection ledger on topic {} at {} (gateway {})", topic, bootstrapServers, gatewayId);
    return ledger;
  }

  /** A ledger that neither creates nor checks its topic: for tests of unreachable brokers. */
  static ConnectionLedger connect(String bootstrapServers, String topic, String gatewayId, Clock wallClock, Duration timeout) {
    requireText("bootstrapServers", bootstrapServers);
    requireText("topic", topic);
    requireText("gatewayId", gatewayId);
    Objects.requireNonNull(wallClock, "wallClock");
    if (timeout == null || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("ledger timeout is " + timeout + ", but must be at least 1 ms");
    }
    return new ConnectionLedger(bootstrapServers, topic, gatewayId, wallClock, timeout);
  }

  /**
   * A new attempt stamped with this gateway's id and the wall clock's current time.
   *
   * @param connectionId the pool's id of the connection (or stream, when the provider counts streams)
   * @param scope {@code connections} or {@code streams}: what the provider's limit counts
   * @param reason why the pool dials: first, reconnect, rotation, replacement
   */
  public ConnectionAttempt newAttempt(String connectionId, String scope, String reason) {
    return ConnectionAttempt.newBuilder()
        .setAtEpochMillis(wallClock.millis())
        .setGatewayId(gatewayId)
        .setConnectionId(connectionId)
        .setScope(scope)
        .setReason(reason)
        .build();
  }

  /**
   * Writes {@code attempt} and returns once Kafka acknowledged it (all in-sync replicas).
   *
   * <p>{@code send} itself waits for the topic's metadata only when the producer has none: never
   * after {@link #open}, which loads it and keeps it (metadata is not dropped for idleness), so the
   * call returns within {@code timeout}. Without metadata that wait is bounded by the ledger's
   * timeout.
   *
   * @throws LedgerUnavailableException when it is not acknowledged within {@code timeout} or Kafka
   *     refuses it; the caller must then not dial
   * @throws IllegalArgumentException when the attempt has no time
   */
  public void record(ConnectionAttempt attempt, Duration timeout) {
    if (attempt.getAtEpochMillis() <= 0) {
      throw new IllegalArgumentException(
          "at_epoch_millis is " + attempt.getAtEpochMillis() + ", but must be the wall-clock time of the attempt");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    // The record's timestamp is the attempt's time: recent() seeks by it.
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(
        topic, null, attempt.getAtEpochMillis(), attempt.getGatewayId(), attempt.toByteArray());
    try {
      Future<RecordMetadata> ack = producer.send(record);
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(attempt, "was interrupted before it was acknowledged", e);
    } catch (TimeoutException e) {
      throw unavailable(attempt, notAcknowledgedWithin(timeout), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String what = cause instanceof org.apache.kafka.common.errors.TimeoutException
          ? notAcknowledgedWithin(timeout)
          : "was refused (" + cause.getClass().getSimpleName() + ")";
      throw unavailable(attempt, what, cause);
    } catch (KafkaException e) {
      throw unavailable(attempt, "could not be sent (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Every attempt, of any gateway, with {@code at_epoch_millis > now - window} on the wall clock,
   * in the order recorded.
   *
   * @throws LedgerUnavailableException when the ledger cannot be read to its end within the
   *     ledger's timeout; a starting gateway must then not dial
   */
  public List<ConnectionAttempt> recent(Duration window) {
    long cutoff = wallClock.millis() - window.toMillis();
    try {
      return reader.readAfter(cutoff, timeout);
    } catch (TimeoutException | KafkaException e) {
      throw new LedgerUnavailableException("connection ledger unavailable: could not read topic '" + topic
          + "' on Kafka at '" + bootstrapServers + "' within " + timeout.toMillis()
          + " ms, so the gateway cannot know its recent connection attempts and does not dial;"
          + " check that Kafka is reachable at those bootstrap servers", e);
    }
  }

  /**
   * Converts an attempt's wall-clock time to the budget's monotonic clock. The ledger has
   * millisecond resolution, so the age is rounded down by a millisecond (a restored attempt never
   * leaves the window before the real one did), and an attempt stamped after now (a clock running
   * ahead) is taken as now.
   */
  public static long toMonotonicNanos(long attemptEpochMillis, long nowEpochMillis, long nowNanos) {
    // Older than any budget window (at most a day): clamped so the multiplication cannot overflow.
    long ageMillis = Math.min(nowEpochMillis - attemptEpochMillis - 1, Duration.ofDays(2).toMillis());
    return ageMillis <= 0 ? nowNanos : nowNanos - TimeUnit.MILLISECONDS.toNanos(ageMillis);
  }

  /**
   * Restores {@code attempts} (from {@link #recent}) into {@code budget}, converting their times
   * with {@link #toMonotonicNanos}; returns how many now count against the budget.
   */
  public static int restoreInto(
      ConnectionBudget budget, Collection<ConnectionAttempt> attempts, long nowEpochMillis, long nowNanos) {
    for (ConnectionAttempt attempt : attempts) {
      budget.restore(toMonotonicNanos(attempt.getAtEpochMillis(), nowEpochMillis, nowNanos));
    }
    return budget.used(nowNanos);
  }

  /** The topic this ledger writes and reads. */
  public String topic() {
    return topic;
  }

  /** The gateway that this ledger's {@link #newAttempt} stamps. */
  public String gatewayId() {
    return gatewayId;
  }

  /** Closes the producer, waiting up to the ledger's timeout for records in flight. */
  @Override
  public void close() {
    producer.close(timeout);
  }

  @Override
  public String toString() {
    return "ConnectionLedger{topic=" + topic + ", bootstrapServers=" + bootstrapServers + ", gatewayId=" + gatewayId + "}";
  }

  private String notAcknowledgedWithin(Duration timeout) {
    return "was not acknowledged within " + timeout.toMillis() + " ms";
  }

  private LedgerUnavailableException unavailable(ConnectionAttempt attempt, String what, Throwable cause) {
    return new LedgerUnavailableException("connection ledger unavailable: attempt of gateway '" + attempt.getGatewayId()
        + "' for connection '" + attempt.getConnectionId() + "' (" + attempt.getReason() + ") " + what
        + " by topic '" + topic + "' on Kafka at '" + bootstrapServers + "', so the gateway does not dial;"
        + " check that Kafka is reachable at those bootstrap servers and that the topic exists and accepts writes"
        + " (the pool retries after its backoff)", cause);
  }

  private Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyserpool-ledger-" + gatewayId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // One attempt at a time, sent at once: batching would only delay the dial.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    // The ledger may go unwritten for hours while the pool is stable; had the producer dropped the
    // topic's metadata meanwhile, the next send would block on fetching it while Kafka is away.
    props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is '" + value + "', but must not be blank");
    }
  }
}
