package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.pool.PoolAction.CloseConnection;
import dev.geyserpool.gateway.pool.PoolAction.CloseStream;
import dev.geyserpool.gateway.pool.PoolAction.OpenStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TTL rotation, make-before-break: a connection past its (jittered) TTL takes no new streams; each
 * of its streams opens a successor elsewhere, resuming from the slot Kafka holds, and the old call
 * is closed only once the successor delivered past that slot; the connection closes when it
 * carries nothing.
 *
 * <p>Not thread-safe: part of the pool core, run on its control thread.
 */
final class Rotation {
  private final PoolState state;
  private final Placement placement;

  Rotation(PoolState state, Placement placement) {
    this.state = state;
    this.placement = placement;
  }

  /** Connections past their TTL take no new streams and move theirs, make-before-break. */
  long expireConnections(long now) {
    long next = Long.MAX_VALUE;
    for (PoolConnection c : List.copyOf(state.connections.values())) {
      if ((c.state() == ConnectionState.ACTIVE || c.state() == ConnectionState.IDLE) && now >= c.expiresAtNanos()) {
        c.transition(ConnectionState.EXPIRED, now, "TTL reached");
        state.counters.connectionsExpired++;
        state.emit(state.event(PoolEventKind.CONNECTION_EXPIRED, c, "TTL reached", 0));
      }
      if (c.state() == ConnectionState.EXPIRED) {
        for (String slotId : List.copyOf(c.streams())) {
          StreamSlot slot = state.slots.get(slotId);
          if (slot != null && slot.movingToConnectionId() == null && slot.connectionId() != null
              && slot.connectionId().equals(c.id())) {
            startMove(slot, c, now);
          }
        }
        if (c.streams().isEmpty()) {
          state.actions.add(new CloseConnection(c.id(), "TTL reached; its streams moved"));
          placement.removeConnection(c, "expired", now);
        }
      } else if (c.state() == ConnectionState.ACTIVE || c.state() == ConnectionState.IDLE) {
        next = Math.min(next, c.expiresAtNanos());
      }
    }
    return next;
  }


  void startMove(StreamSlot slot, PoolConnection from, long now) {
    if (!state.sinkAvailable) {
      return;
    }
    if (!placement.streamTokenAvailable(now)) {
      placement.tokenDenied(slot, now);
      return;
    }
    Optional<PoolConnection> target = placement.placeFor(slot, from.id(), now, DialCause.ROTATION);
    if (target.isEmpty()) {
      return;
    }
    PoolConnection to = target.get();
    boolean budgeted = placement.spendStreamToken(slot, to.id(), now);
    to.streams().add(slot.id());
    placement.activate(to, now);
    slot.movingTo(to.id(), slot.lastSlot());
    state.actions.add(new OpenStream(slot.id(), to.id(), slot.generation(), slot.kind(), Set.copyOf(slot.monitors()),
        slot.lastSlot(), 0, budgeted));
    state.counters.streamsOpened++;
    state.emit(PoolEventKind.STREAM_OPENED, to.id(), slot, "rotation from " + from.id(), slot.lastSlot());
  }


  void completeMove(StreamSlot slot, CallProgress successor, long now) {
    String old = slot.connectionId();
    if (old != null) {
      PoolConnection c = state.connections.get(old);
      if (c != null) {
        c.streams().remove(slot.id());
        placement.idleIfEmpty(c, now);
      }
      state.actions.add(new CloseStream(slot.id(), slot.primaryGeneration(), "moved to " + slot.movingToConnectionId()));
    }
    slot.moved(successor, now);
    state.counters.streamsResumed++;
    state.emit(PoolEventKind.STREAM_RESUMED, slot.connectionId(), slot, "moved from " + old, slot.lastSlot());
  }


  void abandonMove(StreamSlot slot) {
    PoolConnection to = state.connections.get(slot.movingToConnectionId());
    if (to != null) {
      to.streams().remove(slot.id());
    }
    slot.abandonMove();
  }
}
