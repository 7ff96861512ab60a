package dev.geyserpool.gateway.pool;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one upstream connection, as the seed draws it:
 * {@code Created → Active → Idle → Expired/Failed → Removed}, with Idle recycled back to Active.
 */
public enum ConnectionState {
  /** Dialed (a budget token was spent and the ledger written), not yet ready. */
  CREATED,
  /** Ready and carrying at least one stream. */
  ACTIVE,
  /** Ready with no stream; closed after the idle timeout unless a stream is placed on it. */
  IDLE,
  /** Past its jittered TTL: takes no new stream; its streams move, make-before-break. */
  EXPIRED,
  /** Its transport failed or its health check did; its streams move to healthy connections. */
  FAILED,
  /** Closed and forgotten. Terminal. */
  REMOVED;

  private static final Set<ConnectionState> FROM_CREATED = EnumSet.of(ACTIVE, IDLE, FAILED, REMOVED);
  private static final Set<ConnectionState> FROM_ACTIVE = EnumSet.of(IDLE, EXPIRED, FAILED, REMOVED);
  private static final Set<ConnectionState> FROM_IDLE = EnumSet.of(ACTIVE, EXPIRED, FAILED, REMOVED);
  private static final Set<ConnectionState> FROM_ENDING = EnumSet.of(FAILED, REMOVED);

  /** Whether the lifecycle allows going from this state to {@code next}. */
  public boolean canTransitionTo(ConnectionState next) {
    return switch (this) {
      case CREATED -> FROM_CREATED.contains(next);
      case ACTIVE -> FROM_ACTIVE.contains(next);
      case IDLE -> FROM_IDLE.contains(next);
      case EXPIRED, FAILED -> FROM_ENDING.contains(next) && next != this;
      case REMOVED -> false;
    };
  }

  /** Whether a new stream may be placed on a connection in this state. */
  public boolean acceptsStreams() {
    return this == CREATED || this == ACTIVE || this == IDLE;
  }
}
