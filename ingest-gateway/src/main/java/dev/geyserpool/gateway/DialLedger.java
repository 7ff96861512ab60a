package dev.geyserpool.gateway;

import java.util.List;

/**
 * Where the gateway records each upstream connection attempt before dialing, and reads the
 * attempts of the last window at start, so that restarts cannot exceed the provider's limit.
 * The production implementation is the Kafka topic {@code geyser.connection-ledger}.
 */
public interface DialLedger extends AutoCloseable {
  /**
   * Records an attempt; returns only when it is durable.
   *
   * @throws RuntimeException when it cannot be recorded: the caller must not dial
   */
  void record(String connectionId, String reason, long atEpochMillis);

  /** The epoch-millisecond times of every attempt recorded within the last window. */
  List<Long> recentAttemptsEpochMillis();

  @Override
  void close();

  /** A ledger that remembers nothing: for tests and single-shot runs that accept the risk. */
  static DialLedger none() {
    return new DialLedger() {
      @Override
      public void record(String connectionId, String reason, long atEpochMillis) {}

      @Override
      public List<Long> recentAttemptsEpochMillis() {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }
}
