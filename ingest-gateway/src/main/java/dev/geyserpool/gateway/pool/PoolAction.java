package dev.geyserpool.gateway.pool;

import dev.geyserpool.wire.MonitorGroup;
import java.util.Set;

/**
 * What the pool core asks its adapter to do. The core decides; the adapter (gRPC channels,
 * Subscribe calls, Kafka) carries out, then reports back what happened. Keeping decisions apart
 * from I/O is what lets every pool rule be tested with a fake clock and no sockets.
 */
public sealed interface PoolAction {
  /**
   * Dial a new upstream connection. The budget token is already spent; the adapter writes the
   * ledger before dialing and reports {@code connectionReady} or {@code connectionFailed}.
   */
  record Dial(String connectionId, String reason) implements PoolAction {}

  /** Close a connection and everything still on it. */
  record CloseConnection(String connectionId, String reason) implements PoolAction {}

  /**
   * Start a Subscribe call for a slot on a connection.
   *
   * @param generation tags the call; reports about older generations are stale
   * @param fromSlot resume from this slot (replaying the overlap, which dedup removes), or 0 to
   *     start live
   * @param gapFromSlot for a live start after the provider refused {@code from_slot}: the slots from
   *     here up to the first update are reported as a gap; else 0
   * @param budgeted whether this stream spent a budget token (the provider counts streams): the
   *     adapter writes the ledger before opening it
   */
  record OpenStream(String slotId, String connectionId, int generation, StreamKind kind, Set<String> monitors, long fromSlot,
      long gapFromSlot, boolean budgeted) implements PoolAction {}

  /** Re-send the slot's merged request on its open call(s): its monitors changed. */
  record UpdateFilters(String slotId, Set<String> monitors) implements PoolAction {}

  /** End one call of a slot. */
  record CloseStream(String slotId, int generation, String reason) implements PoolAction {}

  /** Send a ping on the slot's open call(s); the pong is reported through {@code observe}. */
  record Ping(String slotId) implements PoolAction {}

  /** Tell a monitor how it stands (waiting too long, failed, active again). */
  record MonitorStatus(String monitorId, String state, String message) implements PoolAction {}

  /** A duration the pool measured, for the metrics' timers. */
  record Measured(Measure measure, long nanos) implements PoolAction {}

  /** What a {@link Measured} duration is. */
  enum Measure {
    /** From a dial to the connection being ready. */
    CONNECT,
    /** How long a stream's request waited in the queue before it was placed. */
    QUEUE_WAIT
  }

  /**
   * A lifecycle event for {@code geyser.pool-events}.
   *
   * @param monitors the stream's monitors, or for {@link PoolEventKind#MONITOR_JOINED} and
   *     {@link PoolEventKind#MONITOR_LEFT} the one that joined or left
   * @param group the group the event concerns: the stream's; for connection events the group whose
   *     share the connection counts against; null for none (a reserve connection, the queue depth, the sink)
   * @param failure for {@link PoolEventKind#CONNECTION_FAILED} and {@link PoolEventKind#STREAM_FAILED}; else null
   * @param dialCause for {@link PoolEventKind#CONNECTION_CREATED}; else null
   * @param queueWaitNanos for {@link PoolEventKind#STREAM_OPENED} and {@link PoolEventKind#STREAM_RESUMED}: how
   *     long the stream's request waited in the queue (0 for a make-before-break move, which never queues)
   */
  record Event(PoolEventKind type, String connectionId, String slotId, Set<String> monitors, String reason, long value,
      MonitorGroup group, FailureKind failure, DialCause dialCause, long queueWaitNanos) implements PoolAction {

    public Event {
      monitors = Set.copyOf(monitors);
    }

    /** An event without group, failure, dial cause or queue wait. */
    public Event(PoolEventKind type, String connectionId, String slotId, Set<String> monitors, String reason, long value) {
      this(type, connectionId, slotId, monitors, reason, value, null, null, null, 0);
    }

    public Event withMonitors(Set<String> only) {
      return new Event(type, connectionId, slotId, only, reason, value, group, failure, dialCause, queueWaitNanos);
    }

    public Event withFailure(FailureKind kind) {
      return new Event(type, connectionId, slotId, monitors, reason, value, group, kind, dialCause, queueWaitNanos);
    }

    public Event withDialCause(DialCause cause) {
      return new Event(type, connectionId, slotId, monitors, reason, value, group, failure, cause, queueWaitNanos);
    }

    public Event withQueueWaitNanos(long nanos) {
      return new Event(type, connectionId, slotId, monitors, reason, value, group, failure, dialCause, nanos);
    }
  }
}
