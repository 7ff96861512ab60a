package dev.geyserpool.bench.jmh;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ConnectionBudget#tryAcquire} with the default budget (55 attempts per 60 s: the provider's
 * 60 less the safety margin) on a fake clock, in its two steady states:
 *
 * <ul>
 *   <li>{@link #granted}: the clock moves one window/limit per call, so each call finds exactly
 *       one attempt left the window and is granted (prune + insert + exact max-in-window update);
 *   <li>{@link #refused}: the window is full and the clock moves 1 ns per call, so each call is
 *       refused (a binary search over the log).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionBudgetBench {
  static final int LIMIT = 55;
  static final Duration WINDOW = Duration.ofSeconds(60);

  /** A budget whose every call is granted. */
  @State(Scope.Thread)
  public static class Granting {
    ConnectionBudget budget;
    long now;
    long step;
    long misses;

    @Setup(Level.Iteration)
    public void setUp() {
      budget = new ConnectionBudget(LIMIT, WINDOW);
      step = WINDOW.toNanos() / LIMIT + 1;
      now = 1_000_000_000_000L;
      for (int i = 0; i < 2 * LIMIT; i++) {
        now += step;
        if (!budget.tryAcquire(now)) {
          throw new IllegalStateException("setup: attempt " + i + " refused: " + budget);
        }
      }
      misses = 0;
    }

    @TearDown(Level.Iteration)
    public void check() {
      if (misses > 0) {
        throw new IllegalStateException(misses + " calls were refused; the benchmark measured the wrong path: " + budget);
      }
    }
  }

  /** A budget whose window is full. */
  @State(Scope.Thread)
  public static class Full {
    ConnectionBudget budget;
    long now;
    long misses;

    @Setup(Level.Iteration)
    public void setUp() {
      budget = new ConnectionBudget(LIMIT, WINDOW);
      now = 1_000_000_000_000L;
      for (int i = 0; i < LIMIT; i++) {
        now += 1_000_000L;
        if (!budget.tryAcquire(now)) {
          throw new IllegalStateException("setup: attempt " + i + " refused: " + budget);
        }
      }
      misses = 0;
    }

    @TearDown(Level.Iteration)
    public void check() {
      if (misses > 0) {
        throw new IllegalStateException(misses + " calls were granted; the benchmark measured the wrong path: " + budget);
      }
    }
  }

  @Benchmark
  public boolean granted(Granting s) {
    s.now += s.step;
    boolean granted = s.budget.tryAcquire(s.now);
    if (!granted) {
      s.misses++;
    }
    return granted;
  }

  @Benchmark
  public boolean refused(Full s) {
    s.now += 1;
    boolean granted = s.budget.tryAcquire(s.now);
    if (granted) {
      s.misses++;
    }
    return granted;
  }
}
