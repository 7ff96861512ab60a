package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.pool.PoolAction.Dial;
import dev.geyserpool.wire.MonitorGroup;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where streams go and when connections are made: the pool's placement rules (a group's own
 * least-loaded connection, a new one within its share and the budget, the reserve, then any with
 * room), the dial and its budget token, the dial backoff, and a connection's idle and removal
 * bookkeeping as streams come and go.
 *
 * <p>Not thread-safe: part of the pool core, run on its control thread.
 */
final class Placement {
  private final PoolState state;
  private final Backoff dialBackoff;
  private long nextConnectionNumber = 1;
  private long dialAllowedAtNanos;

  Placement(PoolState state) {
    this.state = state;
    this.dialBackoff = new Backoff(state.rules.backoffMin(), state.rules.backoffMax(), state.random);
  }

  /** A dial failed before the connection was ready: the next waits for the dial backoff. */
  void dialFailed(long nowNanos) {
    dialAllowedAtNanos = nowNanos + dialBackoff.nextDelayNanos();
  }

  /** Before this, no connection is dialed. */
  long dialAllowedAtNanos() {
    return dialAllowedAtNanos;
  }

  /** When the provider counts streams, whether a stream may be opened now. */
  boolean streamTokenAvailable(long now) {
    return state.rules.scope() != PoolRules.RateLimitScope.STREAMS || state.budget.remaining(now) > 0;
  }


  /**
   * When the provider counts streams, spends the token for {@code slot}'s open on {@code connectionId};
   * returns whether it did.
   */
  boolean spendStreamToken(StreamSlot slot, String connectionId, long now) {
    if (state.rules.scope() != PoolRules.RateLimitScope.STREAMS) {
      return false;
    }
    if (!state.budget.tryAcquire(now)) {
      throw new IllegalStateException("stream token vanished between check and spend");
    }
    state.waitingForToken = false;
    state.emit(PoolEventKind.TOKEN_GRANTED, connectionId, slot, "stream", state.budget.remaining(now));
    return true;
  }

  /**
   * {@code slot}'s dial or stream waits for a budget token. Reported once per blocked episode: the
   * pool retries every tick while it waits, and each retry is not a new denial.
   */
  void tokenDenied(StreamSlot slot, long now) {
    if (state.waitingForToken) {
      return;
    }
    state.waitingForToken = true;
    state.emit(PoolEventKind.TOKEN_DENIED, null, slot, "budget spent: " + state.budget.used(now) + " of "
        + state.budget.limit() + " attempts in the window; next token in "
        + state.budget.nanosUntilAvailable(now) / 1_000_000 + " ms", 0);
  }

  long nextPlacementChance(long now) {
    long budgetAt = now + state.budget.nanosUntilAvailable(now);
    return Math.max(budgetAt, dialAllowedAtNanos);
  }


  /**
   * Where {@code slot}'s stream goes: the least-loaded connection of its own group with room; else
   * a new connection of its own (within the group's share and the budget); else a reserve
   * connection with room, or a new reserve one; else any connection with room.
   *
   * @param cause why a connection would be dialed for it
   */
  Optional<PoolConnection> placeFor(StreamSlot slot, String excluded, long now, DialCause cause) {
    MonitorGroup group = slot.kind().group();
    Comparator<PoolConnection> leastLoaded = Comparator.comparingInt(c -> c.streams().size());
    Optional<PoolConnection> own = usable(excluded).filter(c -> c.group() == group).min(leastLoaded);
    if (own.isPresent()) {
      return own;
    }
    if (countLive(group) < state.rules.groupLimit(group)) {
      Optional<PoolConnection> dialed = dial(group, slot, now, cause);
      if (dialed.isPresent()) {
        return dialed;
      }
    }
    Optional<PoolConnection> reserve = usable(excluded).filter(c -> c.group() == null).min(leastLoaded);
    if (reserve.isPresent()) {
      return reserve;
    }
    if (countLive(null) < state.rules.reserveConnections()) {
      Optional<PoolConnection> dialed = dial(null, slot, now, cause);
      if (dialed.isPresent()) {
        return dialed;
      }
    }
    return usable(excluded).min(leastLoaded);
  }


  java.util.stream.Stream<PoolConnection> usable(String excluded) {
    return state.connections.values().stream()
        .filter(c -> c.state().acceptsStreams())
        .filter(c -> !c.id().equals(excluded))
        .filter(c -> c.streams().size() < state.rules.maxStreamsPerConnection());
  }


  int countLive(MonitorGroup group) {
    return (int) state.connections.values().stream()
        .filter(c -> c.state() != ConnectionState.REMOVED && c.group() == group)
        .count();
  }


  /**
   * Dials a connection counting against {@code group}'s share ({@code null}: the reserve) for
   * {@code slot}. When the provider counts connections it spends a token, or is denied one; when it
   * counts streams the dial spends none and reports no token event.
   */
  Optional<PoolConnection> dial(MonitorGroup group, StreamSlot slot, long now, DialCause cause) {
    if (state.connections.size() >= state.rules.maxConnections() || now < dialAllowedAtNanos) {
      return Optional.empty();
    }
    boolean budgeted = state.rules.scope() == PoolRules.RateLimitScope.CONNECTIONS;
    if (budgeted && !state.budget.tryAcquire(now)) {
      tokenDenied(slot, now);
      return Optional.empty();
    }
    String id = "conn-" + nextConnectionNumber++;
    long ttl = state.rules.connectionTtl().toNanos();
    long jitter = ttl / 1000 * state.random.applyAsLong(state.rules.ttlJitterPermille() + 1L);
    PoolConnection c = new PoolConnection(id, group, now, now + ttl - jitter);
    state.connections.put(id, c);
    state.counters.connectionsCreated++;
    if (budgeted) {
      state.waitingForToken = false;
      state.emit(state.event(PoolEventKind.TOKEN_GRANTED, c, cause.reason(), state.budget.remaining(now)));
    }
    state.emit(state.event(PoolEventKind.CONNECTION_CREATED, c, cause.reason(), budgeted ? 1 : 0).withDialCause(cause));
    state.actions.add(new Dial(id, cause.reason()));
    return Optional.of(c);
  }


  void activate(PoolConnection c, long now) {
    if (c.state() == ConnectionState.IDLE) {
      c.transition(ConnectionState.ACTIVE, now, "stream placed");
      state.counters.connectionsRecycled++;
      state.emit(state.event(PoolEventKind.CONNECTION_RECYCLED, c, "idle connection reused", 0));
    }
  }


  void idleIfEmpty(PoolConnection c, long now) {
    if (c.streams().isEmpty() && c.state() == ConnectionState.ACTIVE) {
      c.transition(ConnectionState.IDLE, now, "no streams");
      state.emit(state.event(PoolEventKind.CONNECTION_IDLE, c, "no streams", 0));
    }
  }


  void detach(StreamSlot slot, long now) {
    PoolConnection c = slot.connectionId() == null ? null : state.connections.get(slot.connectionId());
    if (c != null) {
      c.streams().remove(slot.id());
      idleIfEmpty(c, now);
    }
  }


  void removeConnection(PoolConnection c, String reason, long now) {
    if (c.state() != ConnectionState.REMOVED) {
      c.transition(ConnectionState.REMOVED, now, reason);
    }
    state.connections.remove(c.id());
    state.emit(state.event(PoolEventKind.CONNECTION_REMOVED, c, reason, 0));
  }
}
