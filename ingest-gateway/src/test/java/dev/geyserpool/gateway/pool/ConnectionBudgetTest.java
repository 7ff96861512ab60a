package dev.geyserpool.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sliding log, driven by fake monotonic nanos: nothing at t - 1 ns, the action at t. */
class ConnectionBudgetTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final long W = WINDOW.toNanos();
  private static final long MS = 1_000_000L;
  private static final long SEC = 1_000_000_000L;

  @Test
  void refusesTheAttemptAfterTheLimitInsideOneWindow() {
    ConnectionBudget budget = new ConnectionBudget(60, WINDOW);
    long t0 = 5 * SEC;
    for (int i = 0; i < 60; i++) {
      assertThat(budget.tryAcquire(t0 + i * MS)).as("attempt %d", i + 1).isTrue();
    }
    assertThat(budget.tryAcquire(t0 + 60 * MS)).isFalse();
    assertThat(budget.tryAcquire(t0 + W - 1)).isFalse();
    assertThat(budget.used(t0 + W - 1)).isEqualTo(60);
    assertThat(budget.remaining(t0 + W - 1)).isZero();
  }

  @Test
  void refusesOneNanosecondBeforeTheOldestAgesOutAndGrantsExactlyThen() {
    ConnectionBudget budget = new ConnectionBudget(3, WINDOW);
    long t0 = 7 * SEC;
    assertThat(budget.tryAcquire(t0)).isTrue();
    assertThat(budget.tryAcquire(t0 + SEC)).isTrue();
    assertThat(budget.tryAcquire(t0 + 2 * SEC)).isTrue();

    assertThat(budget.tryAcquire(t0 + W - 1)).isFalse();
    assertThat(budget.tryAcquire(t0 + W)).isTrue();

    assertThat(budget.tryAcquire(t0 + SEC + W - 1)).isFalse();
    assertThat(budget.tryAcquire(t0 + SEC + W)).isTrue();
  }

  @Test
  void windowIsHalfOpenSoAnAttemptAtExactlyTMinusWNoLongerCounts() {
    ConnectionBudget budget = new ConnectionBudget(5, WINDOW);
    budget.tryAcquire(0);
    budget.tryAcquire(10 * SEC);
    assertThat(budget.used(W - 1)).isEqualTo(2);
    assertThat(budget.used(W)).isEqualTo(1);
    assertThat(budget.remaining(W)).isEqualTo(4);
    assertThat(budget.used(10 * SEC + W)).isZero();
  }

  @Test
  void nanosUntilAvailableIsZeroWhenFreeAndOtherwiseExactToTheNanosecond() {
    ConnectionBudget budget = new ConnectionBudget(2, WINDOW);
    long t0 = 3 * SEC;
    assertThat(budget.nanosUntilAvailable(t0)).isZero();
    budget.tryAcquire(t0);
    assertThat(budget.nanosUntilAvailable(t0)).isZero();
    budget.tryAcquire(t0 + 250 * MS);

    long now = t0 + 20 * SEC;
    long wait = budget.nanosUntilAvailable(now);
    assertThat(wait).isEqualTo(t0 + W - now);
    assertThat(budget.tryAcquire(now + wait - 1)).isFalse();
    assertThat(budget.nanosUntilAvailable(now + wait - 1)).isEqualTo(1);
    assertThat(budget.tryAcquire(now + wait)).isTrue();

    long next = budget.nanosUntilAvailable(now + wait);
    assertThat(next).isEqualTo(t0 + 250 * MS + W - (now + wait));
  }

  @Test
  void restoringOverTheLimitBlocksUntilEnoughHaveAgedOut() {
    ConnectionBudget budget = new ConnectionBudget(3, WINDOW);
    long t0 = 100 * SEC;
    for (int i = 0; i < 5; i++) {
      budget.restore(t0 + i * SEC);
    }
    long now = t0 + 10 * SEC;
    assertThat(budget.used(now)).isEqualTo(5);
    assertThat(budget.remaining(now)).isZero();
    assertThat(budget.maxInAnyWindow()).isEqualTo(5);
    assertThat(budget.tryAcquire(now)).isFalse();

    // Five in the window and a limit of three: the three oldest must leave, the third at t0 + 2 s + W.
    long opens = t0 + 2 * SEC + W;
    assertThat(budget.nanosUntilAvailable(now)).isEqualTo(opens - now);
    assertThat(budget.tryAcquire(t0 + SEC + W)).isFalse(); // two aged out: four left
    assertThat(budget.tryAcquire(opens - 1)).isFalse();
    assertThat(budget.tryAcquire(opens)).isTrue();
    assertThat(budget.tryAcquire(opens)).isFalse();
    assertThat(budget.maxInAnyWindow()).isEqualTo(5);
  }

  @Test
  void restoredAttemptAlreadyOutsideTheWindowIsIgnored() {
    ConnectionBudget budget = new ConnectionBudget(1, WINDOW);
    long now = 500 * SEC;
    assertThat(budget.tryAcquire(now)).isTrue();
    budget.restore(now - W); // counted at (now - W, now]: no
    assertThat(budget.used(now)).isEqualTo(1);
    budget.restore(now - W + 1);
    assertThat(budget.used(now)).isEqualTo(2);
    assertThat(budget.maxInAnyWindow()).isEqualTo(2);
  }

  @Test
  void restoredAttemptStampedAfterNowCountsUntilItLeavesTheWindowAfterItsOwnTime() {
    ConnectionBudget budget = new ConnectionBudget(1, WINDOW);
    long now = 42 * SEC;
    budget.restore(now + 5 * SEC); // another host's clock runs 5 s ahead
    assertThat(budget.used(now)).isEqualTo(1);
    assertThat(budget.tryAcquire(now)).isFalse();
    assertThat(budget.nanosUntilAvailable(now)).isEqualTo(5 * SEC + W);
    assertThat(budget.tryAcquire(now + 5 * SEC + W - 1)).isFalse();
    assertThat(budget.tryAcquire(now + 5 * SEC + W)).isTrue();
  }

  @Test
  void maxInAnyWindowStaysExactWhenAnAttemptIsRestoredAfterOlderOnesWerePruned() {
    ConnectionBudget budget = new ConnectionBudget(2, WINDOW);
    budget.tryAcquire(0);
    budget.tryAcquire(10 * SEC);
    // Time moves on: at 65 s the attempt at 0 no longer counts for granting.
    assertThat(budget.used(65 * SEC)).isEqualTo(1);
    // An attempt from a predecessor at 30 s arrives late: the window (-30 s, 30 s] held three.
    budget.restore(30 * SEC);
    assertThat(budget.maxInAnyWindow()).isEqualTo(3);
    assertThat(budget.used(65 * SEC)).isEqualTo(2);
  }

  @Test
  void timeGoingBackwardsIsTreatedAsTheLatestTimeSeen() {
    ConnectionBudget budget = new ConnectionBudget(1, WINDOW);
    assertThat(budget.tryAcquire(W)).isTrue();
    // A caller whose clock reading lost the race: at W - 1 it must not see a free window.
    assertThat(budget.tryAcquire(W - 1)).isFalse();
    assertThat(budget.nanosUntilAvailable(W - 1)).isEqualTo(W + 1);
    assertThat(budget.tryAcquire(2 * W)).isTrue();
  }

  @Test
  void worksAcrossTheOverflowOfTheNanoClock() {
    ConnectionBudget budget = new ConnectionBudget(2, WINDOW);
    long t0 = Long.MAX_VALUE - 10 * SEC;
    assertThat(budget.tryAcquire(t0)).isTrue();
    assertThat(budget.tryAcquire(t0 + 20 * SEC)).isTrue(); // wraps to a negative long
    assertThat(budget.tryAcquire(t0 + 30 * SEC)).isFalse();
    assertThat(budget.nanosUntilAvailable(t0 + 30 * SEC)).isEqualTo(W - 30 * SEC);
    assertThat(budget.tryAcquire(t0 + W - 1)).isFalse();
    assertThat(budget.tryAcquire(t0 + W)).isTrue();
    assertThat(budget.maxInAnyWindow()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 20_000L, 7_777_777L, -3_141_592L, Long.MAX_VALUE - 1_000_000L})
  void grantedAttemptsNeverExceedTheLimitInAnyWindowAndMatchAReferenceModel(long seed) {
    Random random = new Random(seed);
    int limit = 1 + random.nextInt(12);
    long window = 1_000_000L;
    ConnectionBudget budget = new ConnectionBudget(limit, Duration.ofNanos(window));
    List<Long> granted = new ArrayList<>();
    long now = seed; // any origin, including one that overflows
    for (int i = 0; i < 5_000; i++) {
      // Bursts at one instant, short gaps and occasional long pauses.
      int kind = random.nextInt(10);
      now += kind < 3 ? 0 : kind < 9 ? random.nextInt((int) (window / 8)) : window + random.nextInt((int) window);
      boolean expected = countInWindow(granted, now, window) < limit;
      long expectedWait = expectedWait(granted, now, window, limit);

      assertThat(budget.nanosUntilAvailable(now)).as("wait at step %d", i).isEqualTo(expectedWait);
      boolean got = budget.tryAcquire(now);
      assertThat(got).as("grant at step %d", i).isEqualTo(expected);
      if (got) {
        granted.add(now);
      }
    }
    int max = 0;
    for (long end : granted) {
      max = Math.max(max, countInWindow(granted, end, window));
    }
    assertThat(max).isLessThanOrEqualTo(limit);
    assertThat(budget.maxInAnyWindow()).isEqualTo(max);
    assertThat(granted.size()).as("the run must have hit the limit").isGreaterThan(limit * 10);
    assertThat(max).as("the run must have filled some window").isEqualTo(limit);
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(0, WINDOW, "connection budget limit is 0, but must be at least 1"),
        Arguments.of(-5, WINDOW, "connection budget limit is -5, but must be at least 1"),
        Arguments.of(60, Duration.ZERO, "connection budget window is PT0S, but must be positive and at most PT24H"),
        Arguments.of(60, Duration.ofSeconds(-1), "connection budget window is PT-1S, but must be positive and at most PT24H"),
        Arguments.of(60, Duration.ofDays(2), "connection budget window is PT48H, but must be positive and at most PT24H"),
        Arguments.of(60, null, "connection budget window is null, but must be positive and at most PT24H"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void rejectsBadArgumentsNamingTheRuleAndTheValue(int limit, Duration window, String message) {
    assertThatThrownBy(() -> new ConnectionBudget(limit, window))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** Attempts in {@code (end - window, end]}, wrap-safe, by brute force. */
  private static int countInWindow(List<Long> times, long end, long window) {
    int n = 0;
    for (long t : times) {
      long age = end - t;
      if (age >= 0 && age < window) {
        n++;
      }
    }
    return n;
  }

  private static long expectedWait(List<Long> granted, long now, long window, int limit) {
    List<Long> counting = new ArrayList<>();
    for (long t : granted) {
      if (now - t < window) {
        counting.add(t);
      }
    }
    if (counting.size() < limit) {
      return 0;
    }
    return counting.get(counting.size() - limit) + window - now;
  }

  @org.junit.jupiter.api.Test
  void aDialThatGoesOutLaterCountsFromWhenItWentOut() {
    ConnectionBudget budget = new ConnectionBudget(2, java.time.Duration.ofSeconds(10));
    long s = 1_000_000_000L;
    assertThat(budget.tryAcquire(0)).isTrue();
    assertThat(budget.retime(0, 3 * s)).isTrue();
    assertThat(budget.tryAcquire(4 * s)).isTrue();
    // Had the first attempt kept its grant time, a third would fit at 10 s; it went out at 3 s.
    assertThat(budget.tryAcquire(13 * s - 1)).isFalse();
    assertThat(budget.tryAcquire(13 * s)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void aDialWhoseWindowFilledUpMeanwhileIsWithdrawn() {
    ConnectionBudget budget = new ConnectionBudget(2, java.time.Duration.ofSeconds(10));
    long s = 1_000_000_000L;
    assertThat(budget.tryAcquire(0)).isTrue();
    assertThat(budget.tryAcquire(s)).isTrue();
    // A restored attempt of another gateway arrives; the first dial has not gone out yet.
    budget.restore(2 * s);
    assertThat(budget.retime(0, 3 * s)).isFalse();
    assertThat(budget.used(3 * s)).isEqualTo(2);
  }
}
