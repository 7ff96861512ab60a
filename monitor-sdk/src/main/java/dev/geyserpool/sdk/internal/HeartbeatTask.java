package dev.geyserpool.sdk.internal;

import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.sdk.MonitorState;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a monitor's {@link MonitorHeartbeat} to {@code geyser.monitor-heartbeats} (key = monitor
 * id) every interval: delivered count and rate since the last one, lag, state, dead-lettered
 * count, p50/p99 latency from the gateway's receive time to the handler's return.
 *
 * <p>Threading: one scheduled thread ({@code geyser-heartbeat-<id>}); it never touches the
 * KafkaConsumer (not thread-safe): the lag it reports is the value the consumer thread computed
 * between polls. {@link #send} is synchronized so that scheduled and final heartbeats never
 * count the same deliveries twice. A failing send is logged and the schedule goes on. The
 * producer belongs to the caller; the owner calls {@link #shutdown()}.
 */
public final class HeartbeatTask {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatTask.class);

  private final Producer<String, byte[]> producer;
  private final String monitorId;
  private final String instanceId;
  private final String group;
  private final MonitorCounters counters;
  private final Supplier<MonitorState> state;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private long lastDelivered;
  private long lastDeadLettered;
  private long lastAtNanos = System.nanoTime();

  public HeartbeatTask(Producer<String, byte[]> producer, String monitorId, String instanceId, String group,
      MonitorCounters counters, Supplier<MonitorState> state, Clock clock) {
    this.producer = producer;
    this.monitorId = monitorId;
    this.instanceId = instanceId;
    this.group = group;
    this.counters = counters;
    this.state = state;
    this.clock = clock;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "geyser-heartbeat-" + monitorId);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Sends a heartbeat every {@code interval}, the first one after {@code interval}. */
  public void start(Duration interval) {
    long millis = interval.toMillis();
    executor.scheduleAtFixedRate(this::sendQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Sends one heartbeat now with the current state; the future completes when Kafka has it. */
  public synchronized Future<RecordMetadata> send() {
    return send(state.get());
  }

  /** Sends one heartbeat now saying {@code reported}. */
  public synchronized Future<RecordMetadata> send(MonitorState reported) {
    long nowNanos = System.nanoTime();
    long delivered = counters.delivered.get();
    long deadLettered = counters.deadLettered.get();
    double seconds = Math.max(1e-3, (nowNanos - lastAtNanos) / 1e9);
    LatencyRecorder.Snapshot latency = counters.latency.drain();
    counters.lastLatency(latency.p50Millis(), latency.p99Millis());
    Instant now = clock.instant();
    MonitorHeartbeat beat = MonitorHeartbeat.newBuilder()
        .setMonitorId(monitorId)
        .setInstanceId(instanceId)
        .setGroup(group)
        .setState(reported.heartbeatName())
        .setAtEpochMicros(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000)
        .setDelivered(delivered - lastDelivered)
        .setRatePerSecond((delivered - lastDelivered) / seconds)
        .setLag(counters.lag())
        .setDeadLettered(deadLettered - lastDeadLettered)
        .setLatencyP50Millis(latency.p50Millis())
        .setLatencyP99Millis(latency.p99Millis())
        .build();
    lastDelivered = delivered;
    lastDeadLettered = deadLettered;
    lastAtNanos = nowNanos;
    // The record's timestamp is the heartbeat's own time: liveness checks find recent
    // heartbeats with offsetsForTimes.
    return producer.send(new ProducerRecord<>(Topics.MONITOR_HEARTBEATS, null, now.toEpochMilli(), monitorId,
        beat.toByteArray()), (metadata, e) -> {
          if (e != null) {
            log.warn("Monitor {}: a heartbeat was not stored: {}", monitorId, e.toString());
          }
        });
  }

  private void sendQuietly() {
    try {
      send();
    } catch (RuntimeException e) {
      // The schedule must not die: the next heartbeat tries again.
      log.warn("Monitor {}: cannot send a heartbeat: {}", monitorId, e.toString());
    }
  }

  /** Stops the schedule and waits for a heartbeat in progress. */
  public void shutdown() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Monitor {}: the heartbeat thread did not stop within 5 s", monitorId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
