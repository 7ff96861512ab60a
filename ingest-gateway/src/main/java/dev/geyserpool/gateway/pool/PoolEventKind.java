package dev.geyserpool.gateway.pool;

/**
 * The lifecycle events the pool core reports ({@link PoolAction.Event}); the adapter publishes
 * each as the {@code PoolEventType} of the same name on {@code geyser.pool-events}.
 */
public enum PoolEventKind {
  CONNECTION_CREATED,
  CONNECTION_ACTIVE,
  CONNECTION_IDLE,
  CONNECTION_EXPIRED,
  CONNECTION_FAILED,
  CONNECTION_RECYCLED,
  CONNECTION_REMOVED,
  STREAM_OPENED,
  STREAM_CLOSED,
  STREAM_FAILED,
  STREAM_RESUMED,
  TOKEN_GRANTED,
  TOKEN_DENIED,
  QUEUE_DEPTH,
  REQUEST_TIMED_OUT,
  FILTER_REJECTED,
  SINK_UNAVAILABLE,
  SINK_AVAILABLE
}
