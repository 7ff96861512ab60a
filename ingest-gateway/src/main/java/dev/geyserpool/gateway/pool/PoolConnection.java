package dev.geyserpool.gateway.pool;

import dev.geyserpool.wire.MonitorGroup;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The pool's record of one upstream connection: its state, its deadlines, and the stream slots
 * placed on it. The adapter holds the real gRPC channel under the same id.
 *
 * <p>Not thread-safe: owned by the pool's control thread.
 */
public final class PoolConnection {
  private final String id;
  /** The group whose share this connection counts against; {@code null} for the reserve. */
  private final MonitorGroup group;
  private final long createdAtNanos;
  private final long expiresAtNanos;
  private final Set<String> streams = new LinkedHashSet<>();
  private ConnectionState state = ConnectionState.CREATED;
  private long stateSinceNanos;
  private String reason = "";

  PoolConnection(String id, MonitorGroup group, long createdAtNanos, long expiresAtNanos) {
    this.id = id;
    this.group = group;
    this.createdAtNanos = createdAtNanos;
    this.expiresAtNanos = expiresAtNanos;
    this.stateSinceNanos = createdAtNanos;
  }

  public String id() {
    return id;
  }

  /** The group this connection counts against, or {@code null} when it is reserve capacity. */
  public MonitorGroup group() {
    return group;
  }

  public ConnectionState state() {
    return state;
  }

  public long createdAtNanos() {
    return createdAtNanos;
  }

  /** When the jittered TTL runs out. */
  public long expiresAtNanos() {
    return expiresAtNanos;
  }

  /** When the connection entered its current state. */
  public long stateSinceNanos() {
    return stateSinceNanos;
  }

  public String reason() {
    return reason;
  }

  /** The ids of the stream slots placed here. */
  public Set<String> streams() {
    return streams;
  }

  /**
   * Moves to {@code next}; the one way state changes.
   *
   * @throws IllegalStateException when the lifecycle does not allow it
   */
  void transition(ConnectionState next, long nowNanos, String why) {
    if (!state.canTransitionTo(next)) {
      throw new IllegalStateException("connection " + id + " cannot go from " + state + " to " + next);
    }
    state = next;
    stateSinceNanos = nowNanos;
    reason = why == null ? "" : why;
  }

  @Override
  public String toString() {
    return id + "[" + state + ", " + streams.size() + " streams]";
  }
}
