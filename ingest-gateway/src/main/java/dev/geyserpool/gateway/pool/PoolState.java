package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.pool.PoolAction.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * What the parts of the pool core share: the rules, the budget, the jitter source, the
 * connections and stream slots, the counters, and the actions decided so far.
 *
 * <p>Not thread-safe: owned by the pool's control thread.
 */
final class PoolState {
  final PoolRules rules;
  final ConnectionBudget budget;
  final LongUnaryOperator random;
  final Map<String, PoolConnection> connections = new LinkedHashMap<>();
  final Map<String, StreamSlot> slots = new LinkedHashMap<>();
  final List<PoolAction> actions = new ArrayList<>();
  final PoolCounters counters = new PoolCounters();
  /** Whether Kafka takes records: while it does not, no stream opens or moves. */
  boolean sinkAvailable = true;
  /**
   * Whether a dial or stream is waiting for a budget token: set by the first denial of a blocked
   * episode (the only one reported), cleared by the next grant.
   */
  boolean waitingForToken;

  PoolState(PoolRules rules, ConnectionBudget budget, LongUnaryOperator random) {
    this.rules = rules;
    this.budget = budget;
    this.random = random;
  }

  /** An event about {@code slot} (its group and monitors), or without one about nothing in particular. */
  Event event(PoolEventKind type, String connectionId, StreamSlot slot, String reason, long value) {
    return new Event(type, connectionId, slot == null ? null : slot.id(), slot == null ? Set.of() : slot.monitors(),
        reason, value, slot == null ? null : slot.kind().group(), null, null, 0);
  }

  /** An event about connection {@code c}, with the group whose share it counts against. */
  Event event(PoolEventKind type, PoolConnection c, String reason, long value) {
    return new Event(type, c.id(), null, Set.of(), reason, value, c.group(), null, null, 0);
  }

  /** Adds a lifecycle event to the actions. */
  void emit(PoolEventKind type, String connectionId, StreamSlot slot, String reason, long value) {
    emit(event(type, connectionId, slot, reason, value));
  }

  void emit(Event event) {
    actions.add(event);
  }
}
