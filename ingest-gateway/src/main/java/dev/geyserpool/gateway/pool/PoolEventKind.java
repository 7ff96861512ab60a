package dev.geyserpool.gateway.pool;

/**
 * The lifecycle events the pool core reports ({@link PoolAction.Event}); the adapter publishes
 * each as the {@code PoolEventType} of the same name on {@code geyser.pool-events}.
 */
public enum PoolEventKind {
  /** A connection was dialed; its {@link DialCause} says why, its value is the tokens it spent (0 or 1). */
  CONNECTION_CREATED,
  /** A dialed connection is ready and carries streams; value: connect time in ms. */
  CONNECTION_ACTIVE,
  /** A connection has no stream: its last one left, or it was ready with none (value: connect time in ms). */
  CONNECTION_IDLE,
  /** A connection reached its TTL; its streams move make-before-break. */
  CONNECTION_EXPIRED,
  /** A connection failed; its {@link FailureKind} says how. */
  CONNECTION_FAILED,
  /** An idle connection took a stream again. */
  CONNECTION_RECYCLED,
  /** A connection is closed and forgotten. */
  CONNECTION_REMOVED,
  /** A stream's call started live, or a make-before-break successor started; value: its from_slot. */
  STREAM_OPENED,
  /** A stream closed: its last monitor left. */
  STREAM_CLOSED,
  /** A stream's call failed; its {@link FailureKind} says how, value: the backoff attempts so far. */
  STREAM_FAILED,
  /** A stream's call started again from its resume point, or a successor took over; value: the slot. */
  STREAM_RESUMED,
  /** A monitor joined an open stream (the event's monitors: the one that joined); value: the stream's monitors now. */
  MONITOR_JOINED,
  /** A monitor left an open stream (the event's monitors: the one that left); value: the stream's monitors now. */
  MONITOR_LEFT,
  /** A dial or stream spent a budget token; value: tokens remaining. */
  TOKEN_GRANTED,
  /** A dial or stream waits for a token: once per blocked episode, which the next grant ends; value 0. */
  TOKEN_DENIED,
  /** The queue's depth changed; value: the depth. */
  QUEUE_DEPTH,
  /** A request waited past the request timeout; value: ms waited. */
  REQUEST_TIMED_OUT,
  /** A stream's request for a connection joined the queue; value: the depth with it. */
  REQUEST_QUEUED,
  /** The provider rejected a stream's filters; the monitor whose change came last is dropped. */
  FILTER_REJECTED,
  /** Kafka refuses records: no stream opens or moves until it takes them again. */
  SINK_UNAVAILABLE,
  /** Kafka takes records again. */
  SINK_AVAILABLE
}
