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

  PoolState(PoolRules rules, ConnectionBudget budget, LongUnaryOperator random) {
    this.rules = rules;
    this.budget = budget;
    this.random = random;
  }

  /** Adds a lifecycle event to the actions. */
  void emit(PoolEventKind type, String connectionId, StreamSlot slot, String reason, long value) {
    actions.add(new Event(type, connectionId, slot == null ? null : slot.id(),
        slot == null ? Set.of() : Set.copyOf(slot.monitors()), reason, value));
  }
}
