package dev.geyserpool.gateway.admin;

import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the pool's lifecycle {@link PoolEvent}s to {@code geyser.pool-events} (value = the
 * event's protobuf bytes, key = the gateway id, so one gateway's events stay in order on one
 * partition) without ever blocking the caller, which is the pool's control thread.
 *
 * <p>{@link #publish} only stamps the event and offers it to a bounded queue. When the queue is
 * full the new event is dropped and counted in {@link #dropped()}: pool events are telemetry, and a
 * stalled broker must not stall the pool (stream updates go through their own publisher and are
 * never dropped). A single named daemon thread, {@code geyserpool-pool-events}, drains the queue
 * into the producer's asynchronous {@code send}; only that thread ever waits on Kafka (for metadata
 * or buffer space, up to {@code max.block.ms}). The producer is idempotent with {@code acks=all}
 * and one thread sends, so events arrive in the order they were accepted.
 *
 * <p><b>Threading:</b> {@link #publish}, the counters and {@link #flush} are safe from any thread.
 * <b>Ownership:</b> the publisher builds its producer and closes it in {@link #close()}, which is
 * bounded by {@code closeTimeout}; whoever builds the publisher closes it.
 */
public final class PoolEventPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PoolEventPublisher.class);

  /** Events the queue holds before new ones are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  /** Bound on {@link #close()}. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** How often the sending thread checks for close while the queue is empty. */
  private static final long IDLE_POLL_MILLIS = 100;

  private final String topic;
  private final String gatewayId;
  private final Clock clock;
  private final Duration closeTimeout;
  private final int queueCapacity;
  private final BlockingQueue<PoolEvent> queue;
  private final Producer<String, byte[]> producer;
  private final Thread sender;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();

  private PoolEventPublisher(Builder builder) {
    this.topic = builder.topic;
    this.gatewayId = builder.gatewayId;
    this.clock = builder.clock;
    this.closeTimeout = builder.closeTimeout;
    this.queueCapacity = builder.queueCapacity;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "geyserpool-pool-events-" + gatewayId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putAll(builder.producerConfig);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.sender = new Thread(this::drain, "geyserpool-pool-events");
    sender.setDaemon(true);
  }

  /**
   * A builder for the gateway {@code gatewayId} writing to Kafka at {@code bootstrapServers}.
   */
  public static Builder builder(String bootstrapServers, String gatewayId) {
    return new Builder(bootstrapServers, gatewayId);
  }

  /**
   * Creates {@link Topics#POOL_EVENTS} if missing (3 partitions, delete policy, 7 days' retention)
   * and returns once every partition has a leader; see {@link #ensureTopic(String, String, Duration)}.
   */
  public static void ensureTopic(String bootstrapServers) {
    ensureTopic(bootstrapServers, Topics.POOL_EVENTS, PoolEventTopic.DEFAULT_TIMEOUT);
  }

  /**
   * Creates {@code topic} if missing (3 partitions, the broker's replication factor,
   * {@code cleanup.policy=delete}, {@code retention.ms} of 7 days; an existing topic is left as it
   * is) and returns once every partition has a leader that answers.
   *
   * @throws IllegalStateException if that does not happen within {@code timeout}, with the reason
   */
  public static void ensureTopic(String bootstrapServers, String topic, Duration timeout) {
    PoolEventTopic.ensure(bootstrapServers, topic, timeout);
  }

  /**
   * Stamps {@code event} with this gateway's id and the clock's time where those fields are unset,
   * and queues it for Kafka. Never blocks and never throws for a full queue or a closed publisher.
   *
   * @return true if queued; false if dropped (queue full or publisher closed), counted in {@link #dropped()}
   */
  public boolean publish(PoolEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed.get()) {
      dropped.incrementAndGet();
      return false;
    }
    PoolEvent stamped = stamp(event);
    if (!queue.offer(stamped)) {
      long total = dropped.incrementAndGet();
      if (dropping.compareAndSet(false, true)) {
        log.warn("Pool-event queue full ({} events queued): dropping new events until it drains ({} dropped so far)",
            queue.size(), total);
      }
      return false;
    }
    accepted.incrementAndGet();
    // Hysteresis: a queue hovering at capacity would otherwise log a pair of lines per event drained.
    if (dropping.get() && queue.size() <= queueCapacity / 2 && dropping.compareAndSet(true, false)) {
      log.info("Pool-event queue below half full again ({} dropped so far)", dropped.get());
    }
    return true;
  }

  /** Events acknowledged by Kafka. */
  public long published() {
    return published.get();
  }

  /** Events handed to Kafka that it refused (after its retries) or that could not be sent. */
  public long failed() {
    return failed.get();
  }

  /** Events dropped: queue full, publisher closed, or still queued when {@link #close()} gave up. */
  public long dropped() {
    return dropped.get();
  }

  /** Events waiting in the queue now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Waits until every event queued before this call has been acknowledged or has failed.
   *
   * @return true if they all completed within {@code timeout}
   */
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    // No producer.flush(): it waits up to delivery.timeout.ms, past this call's bound; linger is 5 ms.
    synchronized (progress) {
      while (completed.get() < target) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
          return false;
        }
        try {
          progress.wait(remainingMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Stops accepting events, sends what is queued, and closes the producer, all within
   * {@code closeTimeout}; events still queued then are counted as dropped. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    try {
      sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (sender.isAlive()) {
        // Stuck waiting on Kafka (metadata or buffer space): interrupt the wait.
        sender.interrupt();
        sender.join(TimeUnit.SECONDS.toMillis(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<PoolEvent> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      dropped.addAndGet(left.size());
      complete(left.size());
      log.warn("Pool-event publisher closed with {} events unsent; they are counted as dropped", left.size());
    }
    Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    producer.close(remaining);
    log.info("Pool-event publisher closed: {} published, {} failed, {} dropped", published(), failed(), dropped());
  }

  private void start() {
    sender.start();
  }

  private PoolEvent stamp(PoolEvent event) {
    boolean needsId = event.getGatewayId().isEmpty();
    boolean needsTime = event.getAtEpochMicros() == 0;
    if (!needsId && !needsTime) {
      return event;
    }
    PoolEvent.Builder builder = event.toBuilder();
    if (needsId) {
      builder.setGatewayId(gatewayId);
    }
    if (needsTime) {
      builder.setAtEpochMicros(epochMicros(clock.instant()));
    }
    return builder.build();
  }

  static long epochMicros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The sending thread: drains the queue into the producer until closed and empty. */
  private void drain() {
    while (!Thread.currentThread().isInterrupted()) {
      PoolEvent event;
      try {
        event = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        if (closed.get()) {
          return;
        }
        continue;
      }
      send(event);
    }
  }

  private void send(PoolEvent event) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.getGatewayId(), event.toByteArray());
    try {
      producer.send(record, (metadata, exception) -> onCompletion(event, metadata, exception));
    } catch (RuntimeException e) {
      // Kafka throws here for an interrupt (close gave up waiting) or a producer already closed.
      onCompletion(event, null, e);
    }
  }

  private void onCompletion(PoolEvent event, RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      published.incrementAndGet();
      if (failing.compareAndSet(true, false)) {
        log.info("Pool events reach Kafka again (topic {})", topic);
      }
    } else {
      failed.incrementAndGet();
      if (failing.compareAndSet(false, true)) {
        log.warn("Pool event {} not published to {}: {}; further failures are counted, not logged",
            event.getType(), topic, exception.toString());
      }
    }
    complete(1);
  }

  private void complete(long count) {
    completed.addAndGet(count);
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** Configuration of a {@link PoolEventPublisher}, validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private final String gatewayId;
    private String topic = Topics.POOL_EVENTS;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Clock clock = Clock.systemUTC();
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private final Map<String, Object> producerConfig = new HashMap<>();

    private Builder(String bootstrapServers, String gatewayId) {
      this.bootstrapServers = bootstrapServers;
      this.gatewayId = gatewayId;
    }

    /** The topic; default {@link Topics#POOL_EVENTS}. Tests use their own. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Events the queue holds before new ones are dropped; default {@value PoolEventPublisher#DEFAULT_QUEUE_CAPACITY}. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** The clock stamping {@code at_epoch_micros}; default the system's UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Bound on {@link PoolEventPublisher#close()}; default 10 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Producer settings added to (or replacing) the defaults, e.g. {@code max.block.ms}. */
    public Builder producerConfig(Map<String, Object> overrides) {
      producerConfig.putAll(overrides);
      return this;
    }

    /** Validates the configuration, builds the publisher and starts its sending thread. */
    public PoolEventPublisher build() {
      require(bootstrapServers != null && !bootstrapServers.isBlank(),
          "bootstrapServers is '" + bootstrapServers + "', but must list at least one host:port");
      require(gatewayId != null && !gatewayId.isBlank(), "gatewayId is '" + gatewayId + "', but must be non-blank");
      require(topic != null && !topic.isBlank(), "topic is '" + topic + "', but must be non-blank");
      require(queueCapacity >= 1, "queueCapacity is " + queueCapacity + ", but must be at least 1");
      require(clock != null, "clock is null, but must be a clock");
      require(closeTimeout != null && !closeTimeout.isNegative(),
          "closeTimeout is " + closeTimeout + ", but must be zero or positive");
      PoolEventPublisher publisher = new PoolEventPublisher(this);
      publisher.start();
      return publisher;
    }

    private static void require(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
