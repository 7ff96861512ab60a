package dev.geyserpool.gateway.pool;

import java.util.ArrayDeque;

/**
 * Cumulative counts of what the pool did, for stats and metrics. Written by the control thread
 * only; read through the adapter's snapshots.
 */
public final class PoolCounters {
  private static final long FIVE_MINUTES_NANOS = 300_000_000_000L;

  long connectionsCreated;
  long connectionsFailed;
  long connectionsExpired;
  long connectionsRecycled;
  long streamsOpened;
  long streamsClosed;
  long streamsFailed;
  long streamsResumed;
  long gaps;
  long connectTimeNanosTotal;
  long connectTimeSamples;
  long queueWaitNanosTotal;
  long queueWaitSamples;
  private final ArrayDeque<Long> recentFailures = new ArrayDeque<>();

  void recordFailure(long nowNanos) {
    recentFailures.addLast(nowNanos);
    while (recentFailures.size() > 10_000) {
      recentFailures.pollFirst();
    }
  }

  /** Connection failures within the last five minutes. */
  public long failuresLast5m(long nowNanos) {
    while (!recentFailures.isEmpty() && recentFailures.peekFirst() <= nowNanos - FIVE_MINUTES_NANOS) {
      recentFailures.pollFirst();
    }
    return recentFailures.size();
  }

  public long connectionsCreated() {
    return connectionsCreated;
  }

  public long connectionsFailed() {
    return connectionsFailed;
  }

  public long connectionsExpired() {
    return connectionsExpired;
  }

  public long connectionsRecycled() {
    return connectionsRecycled;
  }

  public long streamsOpened() {
    return streamsOpened;
  }

  public long streamsClosed() {
    return streamsClosed;
  }

  public long streamsFailed() {
    return streamsFailed;
  }

  public long streamsResumed() {
    return streamsResumed;
  }

  public long gaps() {
    return gaps;
  }

  public long avgConnectTimeMillis() {
    return connectTimeSamples == 0 ? 0 : connectTimeNanosTotal / connectTimeSamples / 1_000_000;
  }

  public long avgQueueWaitMillis() {
    return queueWaitSamples == 0 ? 0 : queueWaitNanosTotal / queueWaitSamples / 1_000_000;
  }
}
