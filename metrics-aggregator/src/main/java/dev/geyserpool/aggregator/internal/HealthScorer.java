package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig.HealthModel;
import dev.geyserpool.proto.pool.PoolHealth;
import dev.geyserpool.proto.pool.PoolHealthFactors;
import java.util.List;

/**
 * The health score of the module README: four factors of 0-100 combined with the configured
 * weights. Plain arithmetic, no state; thread-safe.
 */
public final class HealthScorer {
  private static final double HOUR_MILLIS = 3_600_000d;

  private final HealthModel model;

  public HealthScorer(HealthModel model) {
    this.model = model;
  }

  /**
   * Connection stability: {@code 100 * (1 - failuresPerHour / failuresPerHourForZero)}, at least
   * 0, where failures are connection and stream failures over {@code periodMillis}.
   */
  public double connectionStability(long failures, long periodMillis) {
    double perHour = failures * HOUR_MILLIS / Math.max(1, periodMillis);
    return clamp(100 * (1 - perHour / model.failuresPerHourForZero()));
  }

  /** Rate-limit headroom: the share of the limit not used, {@code 100 * (1 - used / limit)}; 100 without a limit. */
  public double rateLimitHeadroom(double used, int limit) {
    return limit <= 0 ? 100 : clamp(100 * (1 - used / limit));
  }

  /**
   * Stream distribution: Jain's fairness index of the streams per connection, times 100
   * ({@code (sum x)^2 / (n * sum x^2)}: 100 when every connection carries as many streams, 100/n
   * when one carries them all); 100 when no connection carries a stream.
   */
  public double streamDistribution(List<Integer> streamsPerConnection) {
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (int streams : streamsPerConnection) {
      if (streams > 0) {
        sum += streams;
        squares += (double) streams * streams;
        n++;
      }
    }
    return n == 0 ? 100 : clamp(100 * sum * sum / (n * squares));
  }

  /** Queue performance: {@code 100 * (1 - meanWait / queueWaitForZero)}, at least 0; 100 when nothing waited. */
  public double queuePerformance(double meanWaitMillis, long waits) {
    return waits == 0 ? 100 : clamp(100 * (1 - meanWaitMillis / model.queueWaitForZero().toMillis()));
  }

  /** The weighted score of the four factors. */
  public PoolHealth score(double stability, double headroom, double distribution, double queue) {
    double score = (model.connectionStabilityWeight() * stability + model.rateLimitHeadroomWeight() * headroom
        + model.streamDistributionWeight() * distribution + model.queuePerformanceWeight() * queue) / 100;
    return PoolHealth.newBuilder()
        .setScore(clamp(score))
        .setFactors(PoolHealthFactors.newBuilder()
            .setConnectionStability(stability)
            .setRateLimitHeadroom(headroom)
            .setStreamDistribution(distribution)
            .setQueuePerformance(queue))
        .build();
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(100, value));
  }
}
