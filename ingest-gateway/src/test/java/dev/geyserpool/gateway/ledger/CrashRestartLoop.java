package dev.geyserpool.gateway.ledger;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.proto.pool.ConnectionAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulates a gateway that crashes and restarts again and again, each lifetime a new process: a
 * new ledger, a fresh budget (restored from the ledger, or not, for the control), a monotonic clock
 * with its own random origin, and dials as fast as the budget allows, recording each attempt
 * before dialing. Time is fake and shared by the wall clock and the nanos; only Kafka is real.
 */
final class CrashRestartLoop {
  private static final Duration ACK = Duration.ofSeconds(10);
  private static final long MS = 1_000_000L;

  /**
   * @param recorded attempts written by all lifetimes
   * @param readBack attempts an auditor reads back from the ledger afterwards
   * @param maxInAnyWindow the most read-back attempts in any window {@code (t - W, t]} of wall time
   * @param restoredAtStart for each lifetime after the first, what its budget counted after restoring
   * @param expectedAtStart the same, from the loop's own log of attempts in the last window
   */
  record Result(int recorded, int readBack, int maxInAnyWindow, List<Integer> restoredAtStart,
      List<Integer> expectedAtStart) {}

  private final String bootstrapServers;
  private final String topic;
  private final int limit;
  private final Duration window;
  private final long seed;
  private final boolean restore;

  CrashRestartLoop(String bootstrapServers, String topic, int limit, Duration window, long seed, boolean restore) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.limit = limit;
    this.window = window;
    this.seed = seed;
    this.restore = restore;
  }

  Result run(int lifetimes) {
    Random random = new Random(seed);
    // Fifteen minutes in the past: within the topic's retention and never in the broker's future.
    FakeTime time = new FakeTime(System.currentTimeMillis() - Duration.ofMinutes(15).toMillis());
    List<Long> recordedAt = new ArrayList<>();
    List<Integer> restoredAtStart = new ArrayList<>();
    List<Integer> expectedAtStart = new ArrayList<>();
    for (int life = 0; life < lifetimes; life++) {
      long origin = random.nextLong();
      try (ConnectionLedger ledger = ConnectionLedger.open(
          bootstrapServers, topic, "gw-" + life, time.wallClock(), ConnectionLedger.DEFAULT_TIMEOUT)) {
        ConnectionBudget budget = new ConnectionBudget(limit, window);
        if (restore) {
          int counted = ConnectionLedger.restoreInto(
              budget, ledger.recent(window), time.epochMillis(), time.nanos(origin));
          if (life > 0) {
            restoredAtStart.add(counted);
            long cutoff = time.epochMillis() - window.toMillis();
            expectedAtStart.add((int) recordedAt.stream().filter(at -> at > cutoff).count());
          }
        }
        long end = time.elapsedNanos() + (5_000 + random.nextInt(35_000)) * MS;
        while (time.elapsedNanos() < end) {
          long now = time.nanos(origin);
          if (budget.tryAcquire(now)) {
            ConnectionAttempt attempt = ledger.newAttempt(
                "conn-" + recordedAt.size(), "connections", recordedAt.isEmpty() ? "first" : "reconnect");
            ledger.record(attempt, ACK);
            recordedAt.add(attempt.getAtEpochMillis());
            // The dial fails at once or after a while; either way the pool wants another connection.
            time.advanceNanos(random.nextInt(300) * MS + random.nextInt((int) MS));
          } else {
            // Wait for the budget, unless the process crashes first.
            time.advanceNanos(Math.min(budget.nanosUntilAvailable(now), end - time.elapsedNanos()));
          }
        }
      }
      time.advanceNanos(random.nextInt(3_000) * MS); // the crash and the restart
    }
    try (ConnectionLedger auditor = ConnectionLedger.open(
        bootstrapServers, topic, "auditor", time.wallClock(), ConnectionLedger.DEFAULT_TIMEOUT)) {
      List<Long> all = auditor.recent(Duration.ofMinutes(30)).stream()
          .map(ConnectionAttempt::getAtEpochMillis).sorted().toList();
      return new Result(recordedAt.size(), all.size(), maxInAnyWindow(all, window.toMillis()),
          restoredAtStart, expectedAtStart);
    }
  }

  /** The most times in any {@code (t - W, t]}, for ascending times. */
  static int maxInAnyWindow(List<Long> ascending, long windowMillis) {
    int max = 0;
    int first = 0;
    for (int last = 0; last < ascending.size(); last++) {
      while (ascending.get(last) - ascending.get(first) >= windowMillis) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }
}
