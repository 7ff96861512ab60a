package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.proto.pool.DialCause;
import dev.geyserpool.proto.pool.FailureKind;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.PoolSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The gateway's side of {@code geyser.pool-events}: every event of one gateway incarnation goes
 * out through here, so a stream processor can rebuild the pool from them. Each is stamped with
 * the incarnation id (random per start: connection and stream ids such as {@code conn-1} restart
 * with each incarnation) and the next sequence number, 1, 2, 3, ... without holes: a hole on the
 * topic means an event was dropped (the sink's bounded queue was full, or Kafka refused it).
 * {@link #started} is the first event and {@link #stopped} the last of an orderly stop. The pool
 * core's events ({@link PoolAction.Event}) are mapped to {@link PoolEvent}s here, at the edge.
 *
 * <p>Threading: every method runs on the gateway's control thread, so the sequence is the order
 * the sink receives (the sink must not block: {@code PoolEventPublisher#publish} only queues).
 * Owns nothing that needs closing.
 */
final class PoolEventLog {
  private final Consumer<PoolEvent> sink;
  private final String gatewayId;
  private final String incarnationId;
  private final Clock clock;
  private long sequence;
  private boolean stopped;

  PoolEventLog(Consumer<PoolEvent> sink, String gatewayId, Clock clock) {
    this(sink, gatewayId, UUID.randomUUID().toString(), clock);
  }

  PoolEventLog(Consumer<PoolEvent> sink, String gatewayId, String incarnationId, Clock clock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.gatewayId = gatewayId;
    this.incarnationId = incarnationId;
    this.clock = clock;
  }

  String incarnationId() {
    return incarnationId;
  }

  /** The sequence number of the last event emitted; 0 before the first. */
  long lastSequence() {
    return sequence;
  }

  /** The first event of the incarnation. */
  void started(String reason) {
    emit(PoolEvent.newBuilder().setType(PoolEventType.GATEWAY_STARTED).setReason(reason).build());
  }

  /**
   * The last event of an orderly stop: everything of this incarnation is gone. Nothing is emitted
   * after it.
   */
  void stopped(String reason) {
    emit(PoolEvent.newBuilder().setType(PoolEventType.GATEWAY_STOPPED).setReason(reason).build());
    stopped = true;
  }

  /** {@code attempts} of the last window were restored from the connection ledger at start. */
  void tokensRestored(int attempts) {
    emit(PoolEvent.newBuilder().setType(PoolEventType.TOKENS_RESTORED).setValue(attempts)
        .setReason("attempts of the last window, read from the connection ledger").build());
  }

  /** The whole pool as of {@code takenAt}. */
  void snapshot(PoolSnapshot snapshot, Instant takenAt) {
    emit(PoolEvent.newBuilder().setType(PoolEventType.POOL_SNAPSHOT).setAtEpochMicros(epochMicros(takenAt))
        .setSnapshot(snapshot).build());
  }

  /** An event the pool core decided. */
  void pool(PoolAction.Event e) {
    emit(toProto(e));
  }

  /**
   * Stamps {@code event} with the gateway id, the incarnation, the next sequence number and (when
   * unset) the time, and hands it to the sink; after {@link #stopped} it is ignored.
   */
  void emit(PoolEvent event) {
    if (stopped) {
      return; // a call's last words after the stop: the incarnation has ended
    }
    PoolEvent.Builder stamped = event.toBuilder()
        .setGatewayId(gatewayId)
        .setIncarnationId(incarnationId)
        .setSequence(++sequence);
    if (event.getAtEpochMicros() == 0) {
      stamped.setAtEpochMicros(epochMicros(clock.instant()));
    }
    sink.accept(stamped.build());
  }

  /** The pool core's event as a {@link PoolEvent} (not yet stamped). */
  static PoolEvent toProto(PoolAction.Event e) {
    return PoolEvent.newBuilder()
        .setType(type(e.type()))
        .setConnectionId(e.connectionId() == null ? "" : e.connectionId())
        .setStreamId(e.slotId() == null ? "" : e.slotId())
        .addAllMonitorIds(new TreeSet<>(e.monitors()))
        .setGroup(e.group() == null ? "" : e.group().id())
        .setReason(e.reason() == null ? "" : e.reason())
        .setValue(e.value())
        .setFailure(failure(e.failure()))
        .setDialCause(dialCause(e.dialCause()))
        .setQueueWaitMicros(e.queueWaitNanos() / 1_000)
        .build();
  }

  static PoolEventType type(dev.geyserpool.gateway.pool.PoolEventKind kind) {
    return switch (kind) {
      case CONNECTION_CREATED -> PoolEventType.CONNECTION_CREATED;
      case CONNECTION_ACTIVE -> PoolEventType.CONNECTION_ACTIVE;
      case CONNECTION_IDLE -> PoolEventType.CONNECTION_IDLE;
      case CONNECTION_EXPIRED -> PoolEventType.CONNECTION_EXPIRED;
      case CONNECTION_FAILED -> PoolEventType.CONNECTION_FAILED;
      case CONNECTION_RECYCLED -> PoolEventType.CONNECTION_RECYCLED;
      case CONNECTION_REMOVED -> PoolEventType.CONNECTION_REMOVED;
      case STREAM_OPENED -> PoolEventType.STREAM_OPENED;
      case STREAM_CLOSED -> PoolEventType.STREAM_CLOSED;
      case STREAM_FAILED -> PoolEventType.STREAM_FAILED;
      case STREAM_RESUMED -> PoolEventType.STREAM_RESUMED;
      case MONITOR_JOINED -> PoolEventType.MONITOR_JOINED;
      case MONITOR_LEFT -> PoolEventType.MONITOR_LEFT;
      case TOKEN_GRANTED -> PoolEventType.TOKEN_GRANTED;
      case TOKEN_DENIED -> PoolEventType.TOKEN_DENIED;
      case QUEUE_DEPTH -> PoolEventType.QUEUE_DEPTH;
      case REQUEST_TIMED_OUT -> PoolEventType.REQUEST_TIMED_OUT;
      case REQUEST_QUEUED -> PoolEventType.REQUEST_QUEUED;
      case FILTER_REJECTED -> PoolEventType.FILTER_REJECTED;
      case SINK_UNAVAILABLE -> PoolEventType.SINK_UNAVAILABLE;
      case SINK_AVAILABLE -> PoolEventType.SINK_AVAILABLE;
    };
  }

  static FailureKind failure(dev.geyserpool.gateway.pool.FailureKind kind) {
    if (kind == null) {
      return FailureKind.FAILURE_KIND_UNSPECIFIED;
    }
    return switch (kind) {
      case UNAVAILABLE -> FailureKind.FAILURE_UNAVAILABLE;
      case UNAUTHENTICATED -> FailureKind.FAILURE_UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED -> FailureKind.FAILURE_RESOURCE_EXHAUSTED;
      case TIMEOUT -> FailureKind.FAILURE_TIMEOUT;
      case REJECTED -> FailureKind.FAILURE_REJECTED;
      case OUT_OF_RANGE -> FailureKind.FAILURE_OUT_OF_RANGE;
      case SERVER -> FailureKind.FAILURE_SERVER;
      case CANCELLED -> FailureKind.FAILURE_CANCELLED;
      case OTHER -> FailureKind.FAILURE_OTHER;
    };
  }

  static DialCause dialCause(dev.geyserpool.gateway.pool.DialCause cause) {
    if (cause == null) {
      return DialCause.DIAL_CAUSE_UNSPECIFIED;
    }
    return switch (cause) {
      case FIRST -> DialCause.DIAL_FIRST;
      case REPLACEMENT -> DialCause.DIAL_REPLACEMENT;
      case ROTATION -> DialCause.DIAL_ROTATION;
    };
  }

  static long epochMicros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
