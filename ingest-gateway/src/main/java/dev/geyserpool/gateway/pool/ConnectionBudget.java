package dev.geyserpool.gateway.pool;

import java.time.Duration;
import java.util.Arrays;

/**
 * The provider's connection limit as a sliding log: at most {@link #limit()} connection attempts
 * in <em>any</em> sliding window of {@link #window()}, counted when dialing (first connects,
 * reconnects, TTL rotations, health-check replacements, gRPC's own transparent reconnects).
 *
 * <p>A window is half-open, {@code (t - W, t]}: an attempt made at exactly {@code t - W} no longer
 * counts at {@code t}, so {@link #tryAcquire} refuses at {@code t - 1 ns} and grants at {@code t}.
 * Time is passed in as monotonic nanoseconds (for example {@link System#nanoTime()}); no wall
 * clock is read here, and comparisons are overflow-safe ({@code a - b < 0}), so any origin works.
 *
 * <h2>Why a sliding log and not the seed's token bucket</h2>
 *
 * <p>A token bucket of capacity {@code B} refilled at {@code r} tokens per second admits a full
 * bucket at once and then everything refilled while the window runs: {@code B + r·W} attempts in a
 * window {@code W}. The seed's bucket (capacity 60, refill 1/s) therefore admits 60 + 60 = 119
 * attempts in 60 s against a provider that allows 60. A bucket is only safe with
 * {@code B + r·W ≤ limit} (for example 30 + 30/min), which halves the burst a gateway needs after a
 * restart. The log keeps the time of every attempt still inside the window, grants the whole limit
 * as a burst, and grants the next attempt exactly when the oldest one leaves the window. The
 * arithmetic is integer nanoseconds throughout; there are no fractional tokens.
 *
 * <h2>Time going backwards</h2>
 *
 * <p>Callers are expected to pass non-decreasing times. A {@code nowNanos} earlier than the latest
 * one seen (a thread that read the clock just before another won the lock) is treated as that
 * latest time, so the log stays ordered and the limit holds over the recorded times.
 *
 * <h2>Restored attempts</h2>
 *
 * <p>{@link #restore} records an attempt made earlier, by this or a previous gateway process (read
 * from the connection ledger), even if that puts the window over the limit: then nothing is granted
 * until enough attempts have aged out. A restored attempt already outside the window of the latest
 * time seen is ignored, since it can never count again. An attempt stamped later than now (another
 * host's clock running ahead) counts from now until it leaves the window after its own time.
 *
 * <h2>Memory</h2>
 *
 * <p>Each call prunes the log. It holds the attempts of the last two windows: at most
 * {@code 2 × limit} granted ones plus the restored ones of that span. One window would do for
 * granting; the second lets {@link #maxInAnyWindow()} stay exact when an attempt is restored after
 * older ones were pruned (every window containing an attempt restored at {@code a > t - W} starts
 * after {@code t - 2W}).
 *
 * <h2>Threading</h2>
 *
 * <p>The pool calls this from its one serialized bookkeeping thread; every method is nonetheless
 * {@code synchronized} (uncontended, no I/O or callbacks under the lock), so readers such as a
 * stats endpoint may call {@link #used}, {@link #remaining} and {@link #maxInAnyWindow} from other
 * threads. Ownership: the pool creates and owns its budget; nothing here needs closing.
 */
public final class ConnectionBudget {
  private static final Duration MAX_WINDOW = Duration.ofDays(1);

  private final int limit;
  private final Duration window;
  private final long windowNanos;

  /** Attempt times, ascending by overflow-safe comparison, in {@code log[head, head + size)}. */
  private long[] log;
  private int head;
  private int size;

  private boolean timeSeen;
  private long latestNanos;
  private int maxInAnyWindow;

  /**
   * Creates an empty budget.
   *
   * @param limit the most attempts allowed in any window, at least 1 (the pool passes the
   *     provider's limit less its safety margin)
   * @param window the sliding window, positive and at most one day
   * @throws IllegalArgumentException naming the bad argument, the rule and the value
   */
  public ConnectionBudget(int limit, Duration window) {
    if (limit < 1) {
      throw new IllegalArgumentException("connection budget limit is " + limit + ", but must be at least 1");
    }
    if (window == null || window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "connection budget window is " + window + ", but must be positive and at most " + MAX_WINDOW);
    }
    this.limit = limit;
    this.window = window;
    this.windowNanos = window.toNanos();
    this.log = new long[Math.max(4, Math.min(2 * limit, 1024))];
  }

  /** The most attempts granted in any window. */
  public int limit() {
    return limit;
  }

  /** The length of the sliding window. */
  public Duration window() {
    return window;
  }

  /**
   * Grants and records an attempt at {@code nowNanos} if fewer than {@link #limit()} attempts count
   * in the window ending then; otherwise records nothing.
   *
   * @return true when the caller may dial now; false when it must wait
   *     {@link #nanosUntilAvailable}
   */
  public synchronized boolean tryAcquire(long nowNanos) {
    long now = advance(nowNanos);
    if (countFrom(firstCounting(now)) >= limit) {
      return false;
    }
    insert(now);
    return true;
  }

  /**
   * How long from {@code nowNanos} until {@link #tryAcquire} will grant: 0 when an attempt is
   * available now, otherwise the exact time at which enough of the oldest attempts have left the
   * window (one attempt is refused a nanosecond earlier).
   */
  public synchronized long nanosUntilAvailable(long nowNanos) {
    long now = advance(nowNanos);
    int first = firstCounting(now);
    int counted = countFrom(first);
    if (counted < limit) {
      return 0;
    }
    // With `counted` attempts in the window, the (counted - limit + 1) oldest must leave it.
    long leaving = log[first + counted - limit];
    return Math.max(0, leaving + windowNanos - nowNanos);
  }

  /**
   * The attempts that count against the window ending at {@code nowNanos}: those made after
   * {@code nowNanos - window}, including restored ones stamped later than now.
   */
  public synchronized int used(long nowNanos) {
    long now = advance(nowNanos);
    return countFrom(firstCounting(now));
  }

  /** How many attempts {@link #tryAcquire} would grant at {@code nowNanos}; never negative. */
  public synchronized int remaining(long nowNanos) {
    long now = advance(nowNanos);
    return Math.max(0, limit - countFrom(firstCounting(now)));
  }

  /**
   * Records an attempt made earlier at {@code atNanos} (on this budget's clock), whether or not it
   * fits the limit. Ignored when it is already outside the window of the latest time seen.
   */
  public synchronized void restore(long atNanos) {
    if (timeSeen && latestNanos - atNanos >= windowNanos) {
      return;
    }
    insert(atNanos);
  }

  /**
   * Moves an attempt granted at {@code grantedAtNanos} to {@code dialedAtNanos}, when the dial
   * actually happens: the provider counts connections when they arrive, so a dial that went out
   * later than it was granted (the ledger write took a while) must count from then. If the window
   * ending at {@code dialedAtNanos} is full without it, the attempt is withdrawn instead.
   *
   * @return true when the dial may go out now; false when it was withdrawn and must not
   */
  public synchronized boolean retime(long grantedAtNanos, long dialedAtNanos) {
    for (int i = head; i < head + size; i++) {
      if (log[i] == grantedAtNanos) {
        System.arraycopy(log, i + 1, log, i, head + size - i - 1);
        size--;
        long now = advance(dialedAtNanos);
        if (countFrom(firstCounting(now)) >= limit) {
          return false;
        }
        insert(now);
        return true;
      }
    }
    // Unknown grant (already aged out of the log): count the dial as a new attempt.
    return tryAcquire(dialedAtNanos);
  }

  /**
   * The most attempts recorded (granted or restored) in any one window {@code (t - W, t]} over this
   * budget's life, exactly. Above {@link #limit()} only when restored attempts put it there.
   */
  public synchronized int maxInAnyWindow() {
    return maxInAnyWindow;
  }

  @Override
  public synchronized String toString() {
    return "ConnectionBudget{limit=" + limit + ", window=" + window + ", logged=" + size
        + ", maxInAnyWindow=" + maxInAnyWindow + "}";
  }

  /** Moves the high-water time forward (never back) and prunes what no window needs any more. */
  private long advance(long nowNanos) {
    if (!timeSeen || nowNanos - latestNanos > 0) {
      latestNanos = nowNanos;
      timeSeen = true;
    }
    int drop = 0;
    while (drop < size && latestNanos - log[head + drop] >= 2 * windowNanos) {
      drop++;
    }
    head += drop;
    size -= drop;
    if (size == 0) {
      head = 0;
    }
    return latestNanos;
  }

  /** Index of the first logged attempt that still counts at {@code now}: {@code now - t < W}. */
  private int firstCounting(long now) {
    int lo = head;
    int hi = head + size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (now - log[mid] < windowNanos) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Index one past the last logged attempt at or before {@code t}. */
  private int endAtOrBefore(long t) {
    int lo = head;
    int hi = head + size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (log[mid] - t <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int countFrom(int index) {
    return head + size - index;
  }

  /** Inserts in time order, then updates the maximum over the windows that contain the new time. */
  private void insert(long at) {
    if (head + size == log.length) {
      if (head > 0) {
        System.arraycopy(log, head, log, 0, size);
        head = 0;
      } else {
        log = Arrays.copyOf(log, log.length * 2);
      }
    }
    int atIndex = endAtOrBefore(at);
    System.arraycopy(log, atIndex, log, atIndex + 1, head + size - atIndex);
    log[atIndex] = at;
    size++;
    updateMaxAround(at);
  }

  /**
   * The count of a window {@code (s - W, s]} only rises when {@code s} reaches an attempt, so the
   * busiest window containing {@code at} ends at some logged attempt in {@code [at, at + W)}.
   */
  private void updateMaxAround(long at) {
    int i = endAtOrBefore(at) - 1; // the last attempt at time `at`, which includes the new one
    int end = head + size;
    while (i < end && log[i] - at < windowNanos) {
      long s = log[i];
      int upTo = endAtOrBefore(s);
      int inWindow = upTo - firstCounting(s);
      maxInAnyWindow = Math.max(maxInAnyWindow, inWindow);
      i = upTo; // next distinct time
    }
  }
}
