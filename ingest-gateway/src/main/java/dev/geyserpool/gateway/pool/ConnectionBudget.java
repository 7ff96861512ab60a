package dev.geyserpool.gateway.pool;

import java.time.Duration;
import java.util.ArrayDeque;

/** Sliding-log connection budget (placeholder until the full implementation lands). */
public final class ConnectionBudget {
  private final int limit;
  private final long windowNanos;
  private final ArrayDeque<Long> log = new ArrayDeque<>();

  public ConnectionBudget(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  private void prune(long now) {
    while (!log.isEmpty() && log.peekFirst() <= now - windowNanos) {
      log.pollFirst();
    }
  }

  public synchronized boolean tryAcquire(long now) {
    prune(now);
    if (log.size() >= limit) {
      return false;
    }
    log.addLast(now);
    return true;
  }

  public synchronized long nanosUntilAvailable(long now) {
    prune(now);
    if (log.size() < limit) {
      return 0;
    }
    int excess = log.size() - limit;
    long t = log.stream().skip(excess).findFirst().orElse(now);
    return t + windowNanos - now;
  }

  public synchronized int used(long now) {
    prune(now);
    return log.size();
  }

  public synchronized int remaining(long now) {
    return Math.max(0, limit - used(now));
  }

  public synchronized void restore(long at) {
    log.addLast(at);
  }

  public int limit() {
    return limit;
  }
}
