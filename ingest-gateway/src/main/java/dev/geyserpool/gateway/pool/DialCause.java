package dev.geyserpool.gateway.pool;

import java.util.Locale;

/**
 * Why the pool dialed a connection. Reported on every {@link PoolEventKind#CONNECTION_CREATED}
 * and written to the connection ledger, so the provider's budget can be told apart by cause:
 * first connects cost once, replacements are what failures cost, rotations what the TTL costs.
 */
public enum DialCause {
  /** For a stream that was never open: a new monitor's, or one restored at start. */
  FIRST,
  /** For a stream that was open before and lost its connection (a failure, a stall, its call ending). */
  REPLACEMENT,
  /** For the make-before-break successor of a stream whose connection reached its TTL. */
  ROTATION;

  /** The lower-case name, as the connection ledger records it: {@code first}, {@code replacement}, {@code rotation}. */
  public String reason() {
    return name().toLowerCase(Locale.ROOT);
  }
}
