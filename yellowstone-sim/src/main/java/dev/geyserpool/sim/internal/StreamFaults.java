package dev.geyserpool.sim.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What every {@link SubscribeStream} reads of the injected faults: the current per-message lag,
 * the time source and delayer used to honour it, and the count of updates that stalled streams
 * skipped. Stalling itself is per stream ({@link SubscribeStream#stall()}), driven by the hub.
 *
 * <p>Thread-safe: the lag is volatile, the counter atomic; the delayer must be thread-safe.
 */
public final class StreamFaults {
  /** Runs a task after a delay; the simulator's clock scheduler, or a fake in unit tests. */
  @FunctionalInterface
  public interface Delayer {
    /**
     * Runs {@code task} once, {@code delayNanos} from now.
     *
     * @throws java.util.concurrent.RejectedExecutionException when shutting down
     */
    void schedule(Runnable task, long delayNanos);
  }

  private final LongSupplier nanoTime;
  private final Delayer delayer;
  private final AtomicLong updatesSkipped = new AtomicLong();
  private volatile long lagNanos;

  public StreamFaults(LongSupplier nanoTime, Delayer delayer) {
    this.nanoTime = nanoTime;
    this.delayer = delayer;
  }

  /** Sets the delay every message to every stream gets; {@link Duration#ZERO} turns it off. */
  public void lag(Duration lag) {
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag is " + lag + ", but must not be negative");
    }
    this.lagNanos = lag.toNanos();
  }

  public Duration lag() {
    return Duration.ofNanos(lagNanos);
  }

  public long updatesSkipped() {
    return updatesSkipped.get();
  }

  long lagNanos() {
    return lagNanos;
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  Delayer delayer() {
    return delayer;
  }

  void skipped() {
    updatesSkipped.incrementAndGet();
  }
}
