package dev.geyserpool.sim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that only moves when told to, for tests of time windows: assert nothing
 * happens at t−1 and the action at t.
 *
 * <p>Thread-safe: the reading is one atomic long.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;

  /** A ticker reading {@code startNanos}. */
  public ManualTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  /** A ticker reading 0. */
  public ManualTicker() {
    this(0L);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves the reading forward by {@code step}; negative steps are refused (time is monotonic). */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("step is " + step + ", but must not be negative");
    }
    nanos.addAndGet(step.toNanos());
  }
}
