package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geyserpool.aggregator.internal.HealthScorer;
import dev.geyserpool.proto.pool.PoolHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthScorerTest {
  private final HealthScorer scorer = new HealthScorer(AggregatorConfig.HealthModel.defaults());

  @Test
  void connectionStabilityMatchesTheSeedsExample() {
    // "Connection Stability: 98% (2 failures/hour)"
    assertThat(scorer.connectionStability(2, Duration.ofHours(1).toMillis())).isCloseTo(98, within(1e-9));
    // One failure in a 5-minute window is 12 an hour.
    assertThat(scorer.connectionStability(1, Duration.ofMinutes(5).toMillis())).isCloseTo(88, within(1e-9));
    assertThat(scorer.connectionStability(500, Duration.ofHours(1).toMillis())).isZero();
  }

  @Test
  void queuePerformanceMatchesTheSeedsExample() {
    // "Queue Performance: 96% (avg wait: 120ms)"
    assertThat(scorer.queuePerformance(120, 10)).isCloseTo(96, within(1e-9));
    assertThat(scorer.queuePerformance(0, 0)).isEqualTo(100);
    assertThat(scorer.queuePerformance(10_000, 1)).isZero();
  }

  @Test
  void headroomIsTheUnusedShareOfTheLimit() {
    assertThat(scorer.rateLimitHeadroom(25, 60)).isCloseTo(100 * 35 / 60d, within(1e-9));
    assertThat(scorer.rateLimitHeadroom(70, 60)).isZero();
    assertThat(scorer.rateLimitHeadroom(5, 0)).isEqualTo(100);
  }

  @Test
  void distributionIsJainsIndexOfTheConnectionsCarryingStreams() {
    assertThat(scorer.streamDistribution(List.of(3, 3, 3, 0))).isEqualTo(100);
    // The seed's flow view: 6, 4, 1, 2 streams -> 169 / (4 * 57).
    assertThat(scorer.streamDistribution(List.of(6, 4, 1, 2))).isCloseTo(100 * 169 / 228d, within(1e-9));
    assertThat(scorer.streamDistribution(List.of(12, 1, 1, 1, 1))).isLessThan(50);
    assertThat(scorer.streamDistribution(List.of())).isEqualTo(100);
  }

  @Test
  void scoreWeighsTheFactorsAsConfigured() {
    PoolHealth h = scorer.score(98, 58, 88, 96);
    assertThat(h.getScore()).isCloseTo(0.35 * 98 + 0.25 * 58 + 0.15 * 88 + 0.25 * 96, within(1e-9));
    HealthScorer stabilityOnly = new HealthScorer(new AggregatorConfig.HealthModel(100, 0, 0, 0, 100,
        Duration.ofSeconds(3)));
    assertThat(stabilityOnly.score(42, 0, 0, 0).getScore()).isCloseTo(42, within(1e-9));
  }

  @Test
  void realTimeHealthComesFromTheCurrentPool(@TempDir Path dir) {
    try (Harness h = new Harness(dir)) {
      GatewayEvents gw = new GatewayEvents("gw-1", "inc-a");
      h.pipe(gw.snapshot(GatewayEvents.pool(30, 20)
          .addConnections(GatewayEvents.connection("c1", "active", 2, Harness.T0))
          .addConnections(GatewayEvents.connection("c2", "active", 2, Harness.T0))
          .addStreams(GatewayEvents.stream("s1", "c1", "high", "active", Harness.T0, "pf-price"))
          .addStreams(GatewayEvents.stream("s2", "c1", "high", "active", Harness.T0, "pf-trans"))
          .addStreams(GatewayEvents.stream("s3", "c2", "medium", "active", Harness.T0, "pf-mint"))
          .addStreams(GatewayEvents.stream("s4", "c2", "medium", "active", Harness.T0, "rl-mint"))
          .build(), Harness.T0));
      h.pipe(gw.failed("c9", Harness.T0.plusSeconds(1)),
          gw.opened("s5", "c2", "medium", 600, Harness.T0.plusSeconds(2), "grad"));
      PoolHealth health = h.metrics("gw-1").getHealth();
      // 1 failure in the last hour -> 99; 30 of 60 used -> 50; 2 and 3 streams -> 25 / (2 * 13); 600 ms of 3 s -> 80.
      double spread = 100 * 25 / 26d;
      assertThat(health.getFactors().getConnectionStability()).isCloseTo(99, within(1e-9));
      assertThat(health.getFactors().getRateLimitHeadroom()).isCloseTo(50, within(1e-9));
      assertThat(health.getFactors().getStreamDistribution()).isCloseTo(spread, within(1e-9));
      assertThat(health.getFactors().getQueuePerformance()).isCloseTo(80, within(1e-9));
      assertThat(health.getScore()).isCloseTo(0.35 * 99 + 0.25 * 50 + 0.15 * spread + 0.25 * 80, within(1e-9));
    }
  }
}
