package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Pool rules for gateway tests on real parts: quick backoff, debounce and silence timeout. */
public final class FastRules {
  private FastRules() {}

  /** 12 connections, 4 per group, backoff 50-300 ms, silence timeout 5 s, debounce 20 ms. */
  public static PoolRules get() {
    return withMonitorsPerStream(25);
  }

  /** The same with one monitor per stream: monitors with the same filters run on streams of their own. */
  public static PoolRules oneMonitorPerStream() {
    return withMonitorsPerStream(1);
  }

  private static PoolRules withMonitorsPerStream(int monitorsPerStream) {
    Map<MonitorGroup, Integer> shares = new EnumMap<>(MonitorGroup.class);
    for (MonitorGroup g : MonitorGroup.values()) {
      shares.put(g, 4);
    }
    return new PoolRules(12, 15, monitorsPerStream, Duration.ofMinutes(5), 0, Duration.ofMinutes(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5), 55, 60, Duration.ofSeconds(60), PoolRules.RateLimitScope.CONNECTIONS, shares, 1,
        Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(20));
  }
}
