package dev.geyserpool.gateway;

import java.time.Duration;

/**
 * Where the gateway reports the durations it measures: the admin metrics' timers
 * ({@code admin.PoolMetrics}). Called from the control thread and the producer's I/O thread:
 * implementations must be thread-safe and must not block.
 */
public interface GatewayTimings {
  /** One upstream connection, from its dial to ready. */
  void connectTime(Duration duration);

  /** One stream request, from joining the queue to being placed on a connection. */
  void queueWait(Duration duration);

  /** One update, from the gateway reading it to Kafka acknowledging it. */
  void publishLatency(Duration duration);

  /** Timings that go nowhere. */
  static GatewayTimings none() {
    return new GatewayTimings() {
      @Override
      public void connectTime(Duration duration) {}

      @Override
      public void queueWait(Duration duration) {}

      @Override
      public void publishLatency(Duration duration) {}
    };
  }
}
