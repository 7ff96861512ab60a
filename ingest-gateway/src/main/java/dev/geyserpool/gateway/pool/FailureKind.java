package dev.geyserpool.gateway.pool;

/**
 * What kind of failure ended a connection or a stream, in codes a stream processor can count.
 * The adapter classifies the gRPC status (the pool core itself knows only its own watchdog,
 * {@link #TIMEOUT}); the reason text keeps the provider's words.
 */
public enum FailureKind {
  /** The endpoint could not be reached or dropped the connection (gRPC UNAVAILABLE, a transport closed). */
  UNAVAILABLE,
  /** The provider refused the token (UNAUTHENTICATED, PERMISSION_DENIED). */
  UNAUTHENTICATED,
  /** The provider's limits, or an update over the inbound message limit (RESOURCE_EXHAUSTED). */
  RESOURCE_EXHAUSTED,
  /** No pong or no data within the timeouts: the watchdog, or DEADLINE_EXCEEDED. */
  TIMEOUT,
  /** The provider rejected a request (INVALID_ARGUMENT, FAILED_PRECONDITION, UNIMPLEMENTED). */
  REJECTED,
  /** {@code from_slot} outside the provider's window (OUT_OF_RANGE). */
  OUT_OF_RANGE,
  /** The server failed (INTERNAL, UNKNOWN, DATA_LOSS). */
  SERVER,
  /** The call was cancelled (CANCELLED, ABORTED). */
  CANCELLED,
  /** Anything else: the gateway's own reasons (the ledger unavailable, Kafka refusing, skipped slots). */
  OTHER
}
