package dev.geyserpool.gateway.pool;

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

  /** A lifecycle event for {@code geyser.pool-events}. */
  record Event(PoolEventKind type, String connectionId, String slotId, Set<String> monitors, String reason, long value)
      implements PoolAction {}
}
