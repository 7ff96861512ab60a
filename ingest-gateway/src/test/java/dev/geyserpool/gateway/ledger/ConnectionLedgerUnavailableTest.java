package dev.geyserpool.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Kafka unreachable: the ledger says so within its timeout, and the caller does not dial. */
class ConnectionLedgerUnavailableTest {
  /** Port 1 on loopback: nothing listens, connections are refused at once. */
  private static final String NOWHERE = "127.0.0.1:1";
  private static final Duration TIMEOUT = Duration.ofMillis(1_000);
  /** Scheduling slack on a loaded two-core machine. */
  private static final long SLACK_MILLIS = 750;

  @Test
  void recordThrowsLedgerUnavailableNamingTopicAndServersWithinTheTimeout() {
    FakeTime time = new FakeTime(1_700_000_000_000L);
    try (ConnectionLedger ledger = ConnectionLedger.connect(NOWHERE, "geyser.connection-ledger", "gw-test", time.wallClock(), TIMEOUT)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> ledger.record(ledger.newAttempt("conn-1", "connections", "first"), TIMEOUT))
          .isInstanceOf(LedgerUnavailableException.class)
          .hasMessage("connection ledger unavailable: attempt of gateway 'gw-test' for connection 'conn-1' (first)"
              + " was not acknowledged within 1000 ms by topic 'geyser.connection-ledger' on Kafka at '127.0.0.1:1',"
              + " so the gateway does not dial; check that Kafka is reachable at those bootstrap servers and that"
              + " the topic exists and accepts writes (the pool retries after its backoff)")
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(SLACK_MILLIS));
    }
  }

  @Test
  void openThrowsLedgerUnavailableWithinTheTimeout() {
    FakeTime time = new FakeTime(1_700_000_000_000L);
    long start = System.nanoTime();
    assertThatThrownBy(() -> ConnectionLedger.open(NOWHERE, "geyser.connection-ledger", "gw-test", time.wallClock(), TIMEOUT))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessage("connection ledger unavailable: topic 'geyser.connection-ledger' could not be created or found"
            + " with a leader on Kafka at '127.0.0.1:1' within 1000 ms, so the gateway cannot know its recent"
            + " connection attempts and does not dial; check that Kafka is reachable at those bootstrap servers"
            + " and allows creating the topic (or create it beforehand with 1 partition)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(SLACK_MILLIS));
  }

  @Test
  void recentThrowsLedgerUnavailableWithinTheTimeout() {
    FakeTime time = new FakeTime(1_700_000_000_000L);
    try (ConnectionLedger ledger = ConnectionLedger.connect(NOWHERE, "geyser.connection-ledger", "gw-test", time.wallClock(), TIMEOUT)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> ledger.recent(Duration.ofSeconds(60)))
          .isInstanceOf(LedgerUnavailableException.class)
          .hasMessage("connection ledger unavailable: could not read topic 'geyser.connection-ledger' on Kafka at"
              + " '127.0.0.1:1' within 1000 ms, so the gateway cannot know its recent connection attempts and does"
              + " not dial; check that Kafka is reachable at those bootstrap servers");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(SLACK_MILLIS));
    }
  }

  @Test
  void recordRefusesAnAttemptWithoutATime() {
    FakeTime time = new FakeTime(1_700_000_000_000L);
    try (ConnectionLedger ledger = ConnectionLedger.connect(NOWHERE, "geyser.connection-ledger", "gw-test", time.wallClock(), TIMEOUT)) {
      assertThatThrownBy(() -> ledger.record(dev.geyserpool.proto.pool.ConnectionAttempt.getDefaultInstance(), TIMEOUT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("at_epoch_millis is 0, but must be the wall-clock time of the attempt");
    }
  }
}
