package dev.geyserpool.sim;

/**
 * A monotonic clock in nanoseconds, injected wherever the simulator measures time windows (the
 * provider connection limit and its audit), so tests move time by hand instead of sleeping.
 *
 * <p>Implementations must be thread-safe; values only need to be comparable with each other.
 */
@FunctionalInterface
public interface Ticker {
  /** The current reading, in nanoseconds from an arbitrary origin; never decreases. */
  long nanoTime();

  /** The JVM's monotonic clock, {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
