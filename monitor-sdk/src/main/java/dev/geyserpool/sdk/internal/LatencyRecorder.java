package dev.geyserpool.sdk.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Latencies of one heartbeat interval in a bounded reservoir (Vitter's algorithm R): up to
 * {@code capacity} samples, each latency of the interval equally likely to be kept, so the
 * percentiles stay fair at any rate while memory stays fixed.
 *
 * <p>Thread-safe: the consumer thread records, the heartbeat thread drains; both hold the lock
 * only to touch the array (sorting happens after the copy, outside it).
 */
public final class LatencyRecorder {
  /** Percentiles of one interval; zeros when nothing was recorded. */
  public record Snapshot(long count, long p50Millis, long p99Millis) {}

  private final long[] samples;
  private final SplittableRandom random = new SplittableRandom(42);
  private int size;
  private long seen;

  public LatencyRecorder(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("latency reservoir capacity is " + capacity + ", but must be at least 1");
    }
    this.samples = new long[capacity];
  }

  public synchronized void record(long millis) {
    seen++;
    if (size < samples.length) {
      samples[size++] = millis;
      return;
    }
    long slot = random.nextLong(seen);
    if (slot < samples.length) {
      samples[(int) slot] = millis;
    }
  }

  /** The percentiles since the last drain; starts a new interval. */
  public Snapshot drain() {
    long[] copy;
    long count;
    synchronized (this) {
      copy = Arrays.copyOf(samples, size);
      count = seen;
      size = 0;
      seen = 0;
    }
    if (copy.length == 0) {
      return new Snapshot(0, 0, 0);
    }
    Arrays.sort(copy);
    return new Snapshot(count, percentile(copy, 0.50), percentile(copy, 0.99));
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
