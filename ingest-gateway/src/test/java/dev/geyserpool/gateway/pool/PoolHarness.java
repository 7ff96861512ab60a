package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A pool core on a fake clock, with helpers to play the adapter's part. */
final class PoolHarness {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;

  long now = 1_000 * S;
  final ConnectionPool pool;
  final List<PoolAction> log = new ArrayList<>();

  PoolHarness(PoolRules rules) {
    this(rules, bound -> 0L);
  }

  /** @param random the pool's jitter source, scripted by the test */
  PoolHarness(PoolRules rules, java.util.function.LongUnaryOperator random) {
    this.pool = new ConnectionPool(rules, new ConnectionBudget(rules.budgetLimit(), rules.budgetWindow()), random);
  }

  /** Rules as {@link #rules} with a TTL jitter of {@code permille}. */
  static PoolRules withJitter(PoolRules r, int permille) {
    return new PoolRules(r.maxConnections(), r.maxStreamsPerConnection(), r.maxMonitorsPerStream(), r.connectionTtl(),
        permille, r.idleTimeout(), r.healthCheckInterval(), r.streamSilenceTimeout(), r.budgetLimit(),
        r.providerLimit(), r.budgetWindow(), r.scope(), r.groupConnections(), r.reserveConnections(),
        r.requestTimeout(), r.backoffMin(), r.backoffMax(), r.filterDebounce(), r.pingTimeout());
  }

  static PoolRules rules(int maxConnections, int maxStreams, int budget, Map<MonitorGroup, Integer> shares, int reserve) {
    return new PoolRules(maxConnections, maxStreams, 25, Duration.ofMinutes(5), 0, Duration.ofMinutes(1),
        Duration.ofSeconds(30), Duration.ofSeconds(60), budget, budget, Duration.ofSeconds(60),
        PoolRules.RateLimitScope.CONNECTIONS, shares, reserve, Duration.ofSeconds(30), Duration.ofMillis(500),
        Duration.ofSeconds(30), Duration.ofMillis(200));
  }

  static Map<MonitorGroup, Integer> shares(int high, int medium, int low) {
    Map<MonitorGroup, Integer> m = new EnumMap<>(MonitorGroup.class);
    m.put(MonitorGroup.HIGH, high);
    m.put(MonitorGroup.MEDIUM, medium);
    m.put(MonitorGroup.LOW, low);
    return m;
  }

  static StreamKind key(MonitorGroup group) {
    return new StreamKey(group, CommitmentLevel.PROCESSED, List.of()).kind();
  }

  void declare(String id, MonitorGroup group) {
    declare(id, group, 0);
  }

  void declare(String id, MonitorGroup group, int priority) {
    pool.declare(new MonitorSpec(id, key(group), priority), now);
  }

  /** Runs the housekeeper at the current time and returns what it decided. */
  List<PoolAction> run() {
    pool.runOnce(now);
    return drain();
  }

  List<PoolAction> drain() {
    List<PoolAction> actions = pool.drainActions();
    log.addAll(actions);
    return actions;
  }

  void advance(long nanos) {
    now += nanos;
  }

  /** Reports every dialed connection ready. */
  void readyAll(List<PoolAction> actions) {
    for (PoolAction a : actions) {
      if (a instanceof PoolAction.Dial d) {
        pool.connectionReady(d.connectionId(), now);
      }
    }
  }

  /** Reports data on every open call at the current time, at {@code slot}. */
  void dataOnAll(long slot) {
    for (StreamSlot s : pool.slots().values()) {
      if (s.state().isOpen()) {
        pool.observe(s.id(), s.generation(), new CallProgress(now, now, slot, slot, false), now);
        if (s.movingToConnectionId() != null) {
          pool.observe(s.id(), s.generation() - 1, new CallProgress(now, now, slot, slot, false), now);
        }
      }
    }
  }

  static <T extends PoolAction> List<T> of(List<PoolAction> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
