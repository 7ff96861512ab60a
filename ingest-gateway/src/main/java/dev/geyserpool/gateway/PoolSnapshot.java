package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.PoolConnection;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the immutable {@link PoolStats} the gateway publishes after each tick for readers on
 * other threads. Runs on the control thread (it reads the pool core).
 */
final class PoolSnapshot {
  private PoolSnapshot() {}

  /** The pool's stats now, the seed's getStats(). */
  static PoolStats take(ConnectionPool pool, GatewayConfig config, UpdateRouter router, long gaps,
      Map<String, String> monitorStates) {
    return take(pool, config, router, gaps, monitorStates, config.ticker().getAsLong(), config.clock().instant());
  }

  /** The pool's stats at {@code now} (monotonic), which is {@code takenAt} on the wall clock. */
  static PoolStats take(ConnectionPool pool, GatewayConfig config, UpdateRouter router, long gaps,
      Map<String, String> monitorStates, long now, java.time.Instant takenAt) {
    int active = 0;
    int idle = 0;
    int creating = 0;
    Map<String, Integer> streamsPerConnection = new TreeMap<>();
    for (PoolConnection c : pool.connections().values()) {
      switch (c.state()) {
        case ACTIVE -> active++;
        case IDLE -> idle++;
        case CREATED -> creating++;
        default -> { }
      }
      streamsPerConnection.put(c.id(), c.streams().size());
    }
    Map<String, Integer> connectionsPerMonitor = new TreeMap<>();
    Map<String, Integer> monitorsByGroup = new TreeMap<>();
    for (MonitorGroup g : MonitorGroup.values()) {
      monitorsByGroup.put(g.id(), 0);
    }
    int openStreams = 0;
    for (StreamSlot slot : pool.slots().values()) {
      if (slot.state().isOpen()) {
        openStreams++;
      }
      int onConnections = (slot.connectionId() == null ? 0 : 1) + (slot.movingToConnectionId() == null ? 0 : 1);
      for (String monitor : slot.monitors()) {
        connectionsPerMonitor.merge(monitor, onConnections, Integer::sum);
        monitorsByGroup.merge(slot.kind().group().id(), 1, Integer::sum);
      }
    }
    var counters = pool.counters();
    ConnectionBudget budget = pool.budget();
    return new PoolStats(
        pool.connections().size(), active, idle, creating, counters.failuresLast5m(now),
        pool.queuedRequests(), budget.remaining(now), budget.used(now), config.poolRules().providerLimit(),
        budget.limit(), budget.nanosUntilAvailable(now) / 1_000_000, openStreams,
        connectionsPerMonitor, streamsPerConnection, monitorsByGroup, new TreeMap<>(monitorStates),
        router.received(), router.published(), router.duplicates(), gaps, router.failed(),
        counters.connectionsCreated(), counters.connectionsFailed(), counters.connectionsExpired(),
        counters.connectionsRecycled(), counters.streamsOpened(), counters.streamsFailed(), counters.streamsResumed(),
        counters.avgConnectTimeMillis(), counters.avgQueueWaitMillis(), takenAt);
  }
}
