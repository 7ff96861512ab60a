package dev.geyserpool.gateway;

import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.wire.MonitorGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes gap records: slots a stream could not deliver because the provider no longer held
 * them. A gap is never silent: its record goes to every stream topic of the stream, and a refused
 * one is retried (backing off up to 30 s) until Kafka holds it. Until then the stream's
 * checkpoint stays at the gap's first slot, so a gateway that stops meanwhile detects the gap
 * again on restart instead of skipping it.
 *
 * <p>Threading: {@link #report}, {@link #floor} and {@link #forget} run on the gateway's control
 * thread; acknowledgements arrive on the producer's thread and are handed back to the control
 * thread through {@code control}; retries wait on {@code retries}.
 */
final class GapReporter {
  private static final Logger log = LoggerFactory.getLogger(GapReporter.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final Duration firstRetry;

  private final KafkaPublisher publisher;
  private final Executor control;
  private final ScheduledExecutorService retries;
  private final Clock clock;
  private final String gatewayId;
  private final Consumer<PoolEvent> events;
  private final MonitorStatusListener statuses;
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong pendingRecords = new AtomicLong();

  // Control thread only.
  /** Per stream slot, the last slot already in a gap record (acknowledged or being retried). */
  private final Map<String, Long> reportedThrough = new HashMap<>();
  /** Per stream slot, the first slots of gaps whose records Kafka does not hold yet. */
  private final Map<String, TreeMap<Long, Integer>> unacknowledged = new HashMap<>();

  /** @param firstRetry how long after a refusal the record is sent again (doubling up to 30 s) */
  GapReporter(KafkaPublisher publisher, Executor control, ScheduledExecutorService retries, Clock clock,
      String gatewayId, Consumer<PoolEvent> events, MonitorStatusListener statuses, Duration firstRetry) {
    this.firstRetry = firstRetry;
    this.publisher = publisher;
    this.control = control;
    this.retries = retries;
    this.clock = clock;
    this.gatewayId = gatewayId;
    this.events = events;
    this.statuses = statuses;
  }

  /**
   * Reports that slots {@code from..to} of a stream will not be delivered. The part already
   * reported is not reported again.
   */
  void report(String slotId, String connectionId, List<String> topics, Set<String> monitors, long from, long to,
      String reason) {
    report(slotId, connectionId, null, topics, monitors, from, to, reason);
  }

  /**
   * Reports that slots {@code from..to} of a stream of {@code group} (null when unknown) will not
   * be delivered. The part already reported is not reported again.
   */
  void report(String slotId, String connectionId, MonitorGroup group, List<String> topics, Set<String> monitors,
      long from, long to, String reason) {
    long through = reportedThrough.getOrDefault(slotId, 0L);
    if (to <= through || topics.isEmpty()) {
      return;
    }
    long first = Math.max(from, through + 1);
    reportedThrough.put(slotId, to);
    GapRecord gap = GapRecord.newBuilder()
        .setFromSlot(first)
        .setToSlot(to)
        .setReason(reason)
        .addAllMonitorIds(monitors)
        .setStreamId(slotId)
        .setDetectedAtEpochMicros(clock.millis() * 1000)
        .build();
    unacknowledged.computeIfAbsent(slotId, s -> new TreeMap<>()).merge(first, 1, Integer::sum);
    AtomicInteger remaining = new AtomicInteger(topics.size());
    for (String topic : topics) {
      send(gap, topic, monitors, firstRetry, () -> {
        if (remaining.decrementAndGet() == 0) {
          control.execute(() -> acknowledged(slotId, first));
        }
      });
    }
    gaps.incrementAndGet();
    for (String monitor : monitors) {
      statuses.onStatus(monitor, "gap", "slots " + first + ".." + to + " were not delivered: " + reason);
    }
    events.accept(PoolEvent.newBuilder()
        .setType(PoolEventType.GAP)
        .setGatewayId(gatewayId)
        .setConnectionId(connectionId == null ? "" : connectionId)
        .setStreamId(slotId)
        .addAllMonitorIds(monitors)
        .setGroup(group == null ? "" : group.id())
        .setReason(reason)
        .setFromSlot(first)
        .setToSlot(to)
        .build());
    log.warn("Gap on {}: slots {}..{} not delivered ({})", slotId, first, to, reason);
  }

  private void send(GapRecord gap, String topic, Set<String> monitors, Duration retryIn, Runnable done) {
    pendingRecords.incrementAndGet();
    publisher.publishGap(gap, topic, monitors, (ok, failure) -> {
      pendingRecords.decrementAndGet();
      if (ok) {
        done.run();
        return;
      }
      log.warn("gap record {}..{} for {} refused ({}); retrying in {}", gap.getFromSlot(), gap.getToSlot(), topic,
          failure == null ? "?" : failure.toString(), retryIn);
      Duration next = retryIn.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryIn.multipliedBy(2);
      try {
        retries.schedule(() -> send(gap, topic, monitors, next, done), retryIn.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.error("gap record {}..{} for {} not retried: the gateway is stopping; its checkpoint still holds the "
            + "gap, so the next start reports it again", gap.getFromSlot(), gap.getToSlot(), topic);
      }
    });
  }

  private void acknowledged(String slotId, long first) {
    TreeMap<Long, Integer> open = unacknowledged.get(slotId);
    if (open != null) {
      open.computeIfPresent(first, (s, n) -> n == 1 ? null : n - 1);
      if (open.isEmpty()) {
        unacknowledged.remove(slotId);
      }
    }
  }

  /** The first slot of the oldest gap of a stream whose record Kafka does not hold yet, or MAX. */
  long floor(String slotId) {
    TreeMap<Long, Integer> open = unacknowledged.get(slotId);
    return open == null || open.isEmpty() ? Long.MAX_VALUE : open.firstKey();
  }

  /** A stream slot is gone: forget what was reported for it (its pending records are still retried). */
  void forget(String slotId) {
    reportedThrough.remove(slotId);
  }

  /** Gap records published (one per gap, whatever the number of topics). */
  long gaps() {
    return gaps.get();
  }

  /** Gap records not yet acknowledged. */
  long pendingRecords() {
    return pendingRecords.get();
  }
}
