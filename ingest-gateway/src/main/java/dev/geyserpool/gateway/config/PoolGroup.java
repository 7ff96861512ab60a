package dev.geyserpool.gateway.config;

import dev.geyserpool.wire.MonitorGroup;
import java.util.Locale;

/**
 * The parts the pool's connections are shared out between (the seed's "connection pooling
 * groups"): one per monitor frequency group, plus a reserve for bursts, failover and new monitors.
 */
public enum PoolGroup {
  /** Real-time data: prices, trades. Seed share 40%. */
  HIGH,
  /** Token events: mints, graduations. Seed share 30%. */
  MEDIUM,
  /** State monitoring: accounts. Seed share 20%. */
  LOW,
  /** Burst capacity, failover connections and new monitors. Seed share 10%. */
  RESERVE;

  /** The config-file spelling, e.g. {@code high} in {@code pool.groupShares.high}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The pool group of a monitor group. */
  public static PoolGroup of(MonitorGroup group) {
    switch (group) {
      case HIGH:
        return HIGH;
      case MEDIUM:
        return MEDIUM;
      case LOW:
        return LOW;
      default:
        throw new IllegalArgumentException("no pool group for monitor group " + group);
    }
  }
}
