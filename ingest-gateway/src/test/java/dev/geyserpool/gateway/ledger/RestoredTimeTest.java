package dev.geyserpool.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.proto.pool.ConnectionAttempt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Converting ledger times (wall-clock millis) to a new process's monotonic nanos. */
class RestoredTimeTest {
  private static final long MS = 1_000_000L;
  private static final long NOW_MILLIS = 1_700_000_000_000L;
  private static final long NOW_NANOS = -4_321_000_000_000L; // a nanoTime origin is arbitrary

  @Test
  void ageIsRoundedDownByTheLedgersMillisecondSoARestoredAttemptNeverAgesOutEarly() {
    assertThat(ConnectionLedger.toMonotonicNanos(NOW_MILLIS - 1_000, NOW_MILLIS, NOW_NANOS)).isEqualTo(NOW_NANOS - 999 * MS);
    assertThat(ConnectionLedger.toMonotonicNanos(NOW_MILLIS - 2, NOW_MILLIS, NOW_NANOS)).isEqualTo(NOW_NANOS - MS);
    assertThat(ConnectionLedger.toMonotonicNanos(NOW_MILLIS - 1, NOW_MILLIS, NOW_NANOS)).isEqualTo(NOW_NANOS);
  }

  @Test
  void attemptStampedNowOrLaterCountsAsNow() {
    assertThat(ConnectionLedger.toMonotonicNanos(NOW_MILLIS, NOW_MILLIS, NOW_NANOS)).isEqualTo(NOW_NANOS);
    assertThat(ConnectionLedger.toMonotonicNanos(NOW_MILLIS + 5_000, NOW_MILLIS, NOW_NANOS)).isEqualTo(NOW_NANOS);
  }

  @Test
  void ancientAttemptDoesNotOverflow() {
    long restored = ConnectionLedger.toMonotonicNanos(0, NOW_MILLIS, NOW_NANOS);
    assertThat(NOW_NANOS - restored).isEqualTo(Duration.ofDays(2).toNanos());
  }

  @Test
  void restoredBudgetRefusesAMillisecondBeforeThePredecessorsAttemptLeavesTheWindowAndGrantsThen() {
    ConnectionBudget budget = new ConnectionBudget(1, Duration.ofSeconds(60));
    ConnectionAttempt earlier = ConnectionAttempt.newBuilder().setAtEpochMillis(NOW_MILLIS - 30_000).build();
    int counted = ConnectionLedger.restoreInto(budget, List.of(earlier), NOW_MILLIS, NOW_NANOS);
    assertThat(counted).isEqualTo(1);
    // Made 30 s ago (to the millisecond), counted as 29.999 s ago: it leaves 30.001 s from now.
    long leaves = NOW_NANOS + 30_001 * MS;
    assertThat(budget.nanosUntilAvailable(NOW_NANOS)).isEqualTo(30_001 * MS);
    assertThat(budget.tryAcquire(leaves - 1)).isFalse();
    assertThat(budget.tryAcquire(leaves)).isTrue();
  }
}
