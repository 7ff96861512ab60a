package dev.geyserpool.gateway.admin;

import dev.geyserpool.gateway.PoolStats;
import java.time.Instant;
import java.util.Map;

/** Snapshots with known, distinct values for the tests. */
final class TestStats {
  static final Instant TAKEN_AT = Instant.parse("2026-11-26T12:34:56.789Z");

  private TestStats() {}

  /** Every number distinct, so a field wired to the wrong meter or JSON name shows. */
  static PoolStats sample() {
    return sample(Map.of("pf-price", 3, "pf-mint", 2), Map.of("pf-price", "active", "pf-mint", "waiting"));
  }

  static PoolStats sample(Map<String, Integer> connectionsPerMonitor, Map<String, String> monitorStates) {
    return new PoolStats(
        12, 3, 7, 2, 4,
        5,
        21, 37, 60, 54,
        1500,
        17,
        connectionsPerMonitor,
        Map.of("conn-1", 4, "conn-2", 9, "conn-3", 0, "conn-4", 15),
        Map.of("high", 2, "medium", 3, "low", 1),
        monitorStates,
        1001, 1002, 1003, 1004, 1005,
        2001, 2002, 2003, 2004,
        3001, 3002, 3003,
        250, 120,
        TAKEN_AT);
  }
}
