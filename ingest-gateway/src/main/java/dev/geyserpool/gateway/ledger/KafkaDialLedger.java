package dev.geyserpool.gateway.ledger;

import dev.geyserpool.gateway.DialLedger;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's {@link DialLedger} on the Kafka topic {@code geyser.connection-ledger}: each
 * attempt is acknowledged by the brokers before the gateway dials, and a starting gateway reads
 * the attempts of the last window.
 *
 * <p>Thread-safe as {@link ConnectionLedger} is. Closing it closes the ledger.
 */
public final class KafkaDialLedger implements DialLedger {
  private final ConnectionLedger ledger;
  private final Duration window;
  private final String scope;
  private final Duration timeout;

  /**
   * @param window the provider's rate-limit window: how far back a starting gateway reads
   * @param scope what the provider counts, {@code connections} or {@code streams}
   */
  public KafkaDialLedger(ConnectionLedger ledger, Duration window, String scope, Duration timeout) {
    this.ledger = ledger;
    this.window = window;
    this.scope = scope;
    this.timeout = timeout;
  }

  @Override
  public void record(String connectionId, String reason, long atEpochMillis) {
    ledger.record(ledger.newAttempt(connectionId, scope, reason).toBuilder().setAtEpochMillis(atEpochMillis).build(),
        timeout);
  }

  @Override
  public List<Long> recentAttemptsEpochMillis() {
    return ledger.recent(window).stream().map(a -> a.getAtEpochMillis()).toList();
  }

  @Override
  public void close() {
    ledger.close();
  }
}
