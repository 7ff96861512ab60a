package dev.geyserpool.gateway.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One fake timeline for tests: a wall clock (a {@link Clock} for the ledger) and the monotonic nanos
 * of a process whose {@code nanoTime} origin is arbitrary. Both move only when the test advances
 * them, together. Not thread-safe: one test thread drives it.
 */
final class FakeTime {
  private final long baseEpochMillis;
  private long elapsedNanos;

  FakeTime(long baseEpochMillis) {
    this.baseEpochMillis = baseEpochMillis;
  }

  void advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time only moves forward, not by " + nanos + " ns");
    }
    elapsedNanos += nanos;
  }

  void advanceMillis(long millis) {
    advanceNanos(millis * 1_000_000L);
  }

  long elapsedNanos() {
    return elapsedNanos;
  }

  long epochMillis() {
    return baseEpochMillis + elapsedNanos / 1_000_000L;
  }

  /** The monotonic time of a process whose clock reads {@code origin} at this timeline's start. */
  long nanos(long origin) {
    return origin + elapsedNanos;
  }

  Clock wallClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the fake wall clock is UTC only");
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(epochMillis());
      }

      @Override
      public long millis() {
        return epochMillis();
      }
    };
  }
}
