package dev.geyserpool.gateway.pool;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with jitter for one retrying thing (a stream slot or a dial): one timer,
 * reset only after real data arrived, so a peer that accepts and then fails at once cannot pull
 * the retries into a tight loop.
 *
 * <p>The n-th delay is drawn uniformly from {@code [d/2, d]} where {@code d = min(max, min·2^(n−1))}
 * (the "equal jitter" of AWS's backoff study: never less than half, so retries stay spread out).
 * Not thread-safe: owned by the pool's control thread.
 */
public final class Backoff {
  private final long minNanos;
  private final long maxNanos;
  private final LongUnaryOperator random;
  private int attempts;

  /**
   * @param random given a bound b &gt; 0, returns a uniform value in [0, b)
   */
  public Backoff(Duration min, Duration max, LongUnaryOperator random) {
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The delay before the next attempt; counts the attempt. */
  public long nextDelayNanos() {
    attempts++;
    long ceiling = minNanos;
    for (int i = 1; i < attempts && ceiling < maxNanos; i++) {
      ceiling = Math.min(maxNanos, ceiling * 2);
    }
    long half = ceiling / 2;
    return half + random.applyAsLong(ceiling - half + 1);
  }

  /** Attempts since the last reset. */
  public int attempts() {
    return attempts;
  }

  /** Real data arrived: the next failure starts from the minimum again. */
  public void reset() {
    attempts = 0;
  }
}
