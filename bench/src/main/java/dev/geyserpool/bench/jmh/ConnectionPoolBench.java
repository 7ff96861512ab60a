package dev.geyserpool.bench.jmh;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.CallProgress;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionState;
import dev.geyserpool.gateway.pool.MonitorSpec;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.PoolConnection;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pool's housekeeper, {@link ConnectionPool#runOnce} followed by {@link
 * ConnectionPool#drainActions}, on a full pool at steady state: 40 connections (the seed's
 * maximum, every one ACTIVE) carrying 100 open stream slots, on a fake clock that moves 1 µs per
 * call, so every rule is evaluated (backoff, watchdog, health check, TTL, idle, placement,
 * debounce, queue timeouts) and none fires.
 *
 * <p>The state is built the way the gateway reaches it: 120 monitors declared (one slot each,
 * three slots per connection, groups filling their shares 16/12/8 and the reserve's 4), the
 * dials reported ready and data observed on every slot; then one monitor is removed from each of
 * 20 connections, leaving 100 slots on 40 connections. Rebuilt every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionPoolBench {
  static final int STREAMS_PER_CONNECTION = 3;
  static final int REMOVED = 20;

  private ConnectionPool pool;
  private long now;

  @Setup(Level.Iteration)
  public void setUp() {
    PoolRules d = dev.geyserpool.gateway.config.PoolConfig.defaults().toPoolRules();
    // One monitor per slot and three slots per connection, so 40 connections carry 120 slots.
    PoolRules rules = new PoolRules(d.maxConnections(), STREAMS_PER_CONNECTION, 1, d.connectionTtl(),
        d.ttlJitterPermille(), d.idleTimeout(), d.healthCheckInterval(), d.streamSilenceTimeout(), d.budgetLimit(),
        d.providerLimit(), d.budgetWindow(), d.scope(), d.groupConnections(), d.reserveConnections(),
        d.requestTimeout(), d.backoffMin(), d.backoffMax(), d.filterDebounce());
    pool = new ConnectionPool(rules, new ConnectionBudget(rules.budgetLimit(), rules.budgetWindow()), bound -> bound / 2);
    now = 1_000_000_000_000L;

    int declared = 0;
    for (MonitorGroup group : MonitorGroup.values()) {
      int count = rules.groupLimit(group) * STREAMS_PER_CONNECTION;
      if (group == MonitorGroup.HIGH) {
        count += rules.reserveConnections() * STREAMS_PER_CONNECTION; // overflows into the reserve
      }
      for (int i = 0; i < count; i++) {
        StreamKey key = new StreamKey(group, CommitmentLevel.PROCESSED, List.of());
        pool.declare(new MonitorSpec(group.id() + "-monitor-" + i, key.kind(), 0), now);
        declared++;
      }
    }
    pool.runOnce(now);
    for (PoolAction action : pool.drainActions()) {
      if (action instanceof PoolAction.Dial dial) {
        pool.connectionReady(dial.connectionId(), now);
      }
    }
    observeAll();
    pool.runOnce(now);
    pool.drainActions();
    if (pool.connections().size() != d.maxConnections() || openSlots() != declared) {
      throw new IllegalStateException("setup: expected " + d.maxConnections() + " connections carrying " + declared
          + " slots, got " + pool.describe(now) + " with " + openSlots() + " open slots");
    }

    List<String> toRemove = new ArrayList<>();
    for (PoolConnection c : pool.connections().values()) {
      if (toRemove.size() == REMOVED) {
        break;
      }
      StreamSlot slot = pool.slots().get(c.streams().iterator().next());
      toRemove.add(slot.monitors().iterator().next());
    }
    now += 1_000_000L;
    toRemove.forEach(monitor -> pool.remove(monitor, now));
    observeAll();
    pool.runOnce(now);
    pool.drainActions();
    long active = pool.connections().values().stream().filter(c -> c.state() == ConnectionState.ACTIVE).count();
    if (active != d.maxConnections() || openSlots() != declared - REMOVED) {
      throw new IllegalStateException("setup: expected " + d.maxConnections() + " active connections carrying "
          + (declared - REMOVED) + " slots, got " + pool.describe(now) + " with " + openSlots() + " open slots");
    }
  }

  private void observeAll() {
    for (StreamSlot s : pool.slots().values()) {
      pool.observe(s.id(), s.generation(), new CallProgress(now, now, 350_000_000L, 350_000_000L, false), now);
    }
  }

  private long openSlots() {
    return pool.slots().values().stream().filter(s -> s.state().isOpen()).count();
  }

  @Benchmark
  public void runOnce(Blackhole bh) {
    now += 1_000L;
    bh.consume(pool.runOnce(now));
    bh.consume(pool.drainActions());
  }
}
