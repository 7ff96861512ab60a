package dev.geyserpool.sdk.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a running monitor has done: written by its consumer thread, read by the heartbeat thread
 * and by callers of the monitor's accessors. Thread-safe (atomics and a volatile).
 */
public final class MonitorCounters {
  /** Reservoir size for latency percentiles per heartbeat interval. */
  private static final int LATENCY_SAMPLES = 4096;

  public final AtomicLong delivered = new AtomicLong();
  public final AtomicLong deadLettered = new AtomicLong();
  public final AtomicLong skipped = new AtomicLong();
  public final LatencyRecorder latency = new LatencyRecorder(LATENCY_SAMPLES);
  /** Records not yet consumed on the assigned partitions, as last computed on the consumer thread. */
  private volatile long lag;
  /** The latency percentiles of the last heartbeat interval, in milliseconds (0 before the first). */
  private volatile long lastP50Millis;
  private volatile long lastP99Millis;

  public long lastP50Millis() {
    return lastP50Millis;
  }

  public long lastP99Millis() {
    return lastP99Millis;
  }

  public void lastLatency(long p50Millis, long p99Millis) {
    this.lastP50Millis = p50Millis;
    this.lastP99Millis = p99Millis;
  }

  public long lag() {
    return lag;
  }

  public void lag(long lag) {
    this.lag = lag;
  }
}
