package dev.geyserpool.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolConfigTest {

  @Test
  void defaultsAreTheSeeds() {
    PoolConfig c = PoolConfig.defaults();
    assertThat(c.maxConnections()).isEqualTo(40);
    assertThat(c.connectionTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.connectionTtlJitterPerMille()).isEqualTo(25);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.healthCheckInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.streamSilenceTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.pingTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxStreamsPerConnection()).isEqualTo(15);
    assertThat(c.rateLimitWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.rateLimitMax()).isEqualTo(60);
    assertThat(c.rateLimitSafetyMargin()).isEqualTo(5);
    assertThat(c.rateLimitScope()).isEqualTo(RateLimitScope.CONNECTIONS);
    assertThat(c.groupShare(PoolGroup.HIGH)).isEqualTo(40);
    assertThat(c.groupShare(PoolGroup.MEDIUM)).isEqualTo(30);
    assertThat(c.groupShare(PoolGroup.LOW)).isEqualTo(20);
    assertThat(c.groupShare(PoolGroup.RESERVE)).isEqualTo(10);
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.backoffMin()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.filterDebounce()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.streamWindow()).isEqualTo(1024);
    assertThat(c.dedupSlots()).isEqualTo(300);
  }

  @Test
  void effectiveRateLimitIsTheProvidersLimitLessTheMargin() {
    assertThat(PoolConfig.defaults().effectiveRateLimit()).isEqualTo(55);
    assertThat(PoolConfig.builder().rateLimitMax(100).rateLimitSafetyMargin(0).build().effectiveRateLimit()).isEqualTo(100);
  }

  @Test
  void groupConnectionLimitsAreFlooredSharesOfMaxConnections() {
    PoolConfig c = PoolConfig.defaults();
    assertThat(c.groupConnectionLimit(PoolGroup.HIGH)).isEqualTo(16);
    assertThat(c.groupConnectionLimit(PoolGroup.MEDIUM)).isEqualTo(12);
    assertThat(c.groupConnectionLimit(PoolGroup.LOW)).isEqualTo(8);
    assertThat(c.groupConnectionLimit(PoolGroup.RESERVE)).isEqualTo(4);
    assertThat(c.groupConnectionLimit(PoolGroup.of(MonitorGroup.MEDIUM))).isEqualTo(12);
  }

  @Test
  void groupConnectionLimitIsAtLeastOne() {
    PoolConfig small = PoolConfig.builder().maxConnections(7).build();
    assertThat(small.groupConnectionLimit(PoolGroup.HIGH)).isEqualTo(2); // 2.8 floored
    assertThat(small.groupConnectionLimit(PoolGroup.RESERVE)).isEqualTo(1); // 0.7 floored is 0
    PoolConfig noReserve = PoolConfig.builder()
        .groupShare(PoolGroup.HIGH, 50).groupShare(PoolGroup.RESERVE, 0).build();
    assertThat(noReserve.groupConnectionLimit(PoolGroup.RESERVE)).isEqualTo(1);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    PoolConfig c = PoolConfig.builder().maxConnections(12).dedupSlots(77).rateLimitScope(RateLimitScope.STREAMS).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c).isNotEqualTo(PoolConfig.defaults());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.maxConnections(0), "pool.maxConnections is 0, but must be between 1 and 1000"),
        bad(b -> b.maxConnections(1001), "pool.maxConnections is 1001, but must be between 1 and 1000"),
        bad(b -> b.connectionTtl(Duration.ZERO), "pool.connectionTtl is 0s, but must be positive and at most 1d"),
        bad(b -> b.connectionTtlJitterPerMille(-1), "pool.connectionTtlJitterPerMille is -1, but must be between 0 and 500"),
        bad(b -> b.connectionTtlJitterPerMille(501), "pool.connectionTtlJitterPerMille is 501, but must be between 0 and 500"),
        bad(b -> b.idleTimeout(Duration.ofSeconds(-5)), "pool.idleTimeout is -5s, but must be positive and at most 1d"),
        bad(b -> b.idleTimeout(null), "pool.idleTimeout is null, but must be positive and at most 1d"),
        bad(b -> b.healthCheckInterval(Duration.ofDays(2)), "pool.healthCheckInterval is 2d, but must be positive and at most 1d"),
        bad(b -> b.pingTimeout(Duration.ZERO), "pool.pingTimeout is 0s, but must be positive and at most 1d"),
        bad(b -> b.maxStreamsPerConnection(0), "pool.maxStreamsPerConnection is 0, but must be between 1 and 100"),
        bad(b -> b.maxStreamsPerConnection(101), "pool.maxStreamsPerConnection is 101, but must be between 1 and 100"),
        bad(b -> b.rateLimitWindow(Duration.ZERO), "pool.rateLimitWindow is 0s, but must be positive and at most 1d"),
        bad(b -> b.rateLimitMax(0), "pool.rateLimitMax is 0, but must be between 1 and 100000"),
        bad(b -> b.rateLimitSafetyMargin(-1), "pool.rateLimitSafetyMargin is -1, but must be at least 0 and less than pool.rateLimitMax (60)"),
        bad(b -> b.rateLimitSafetyMargin(60), "pool.rateLimitSafetyMargin is 60, but must be at least 0 and less than pool.rateLimitMax (60)"),
        bad(b -> b.rateLimitScope(null), "pool.rateLimitScope is null, but must be one of connections, streams"),
        bad(b -> b.groupShare(PoolGroup.LOW, 101), "pool.groupShares.low is 101, but must be between 0 and 100"),
        bad(b -> b.groupShare(PoolGroup.RESERVE, 20),
            "pool.groupShares is high 40 + medium 30 + low 20 + reserve 20 = 110, but must be a sum of 100 (percent of pool.maxConnections)"),
        bad(b -> b.requestTimeout(Duration.ZERO), "pool.requestTimeout is 0s, but must be positive and at most 1d"),
        bad(b -> b.backoffMin(Duration.ZERO), "pool.backoffMin is 0s, but must be positive and at most 1d"),
        bad(b -> b.backoffMax(Duration.ofMillis(100)), "pool.backoffMax is 100ms, but must be at least pool.backoffMin (500ms)"),
        bad(b -> b.filterDebounce(Duration.ofMillis(-1)), "pool.filterDebounce is -1ms, but must be between 0s and 1d"),
        bad(b -> b.streamWindow(0), "pool.streamWindow is 0, but must be between 1 and 65536"),
        bad(b -> b.dedupSlots(0), "pool.dedupSlots is 0, but must be between 1 and 100000"),
        bad(b -> b.pingTimeout(Duration.ofSeconds(30)).streamSilenceTimeout(Duration.ofSeconds(90)), "pool.pingTimeout is 30s, but must be shorter than pool.healthCheckInterval (30s)"),
        bad(b -> b.streamSilenceTimeout(Duration.ofSeconds(40)),
            "pool.streamSilenceTimeout is 40s, but must be longer than pool.healthCheckInterval + pool.pingTimeout (40s),"
                + " or a quiet but healthy stream is replaced before its next pong"),
        // 40 connections × 60 s / 55 attempts, with 2.5% jitter: 44.76 s, rounded up to 45 s.
        bad(b -> b.connectionTtl(Duration.ofSeconds(44)),
            "pool.connectionTtl is 44s, but must be at least 45s, or rotating pool.maxConnections (40) connections alone"
                + " would exceed the effective rate limit (55 per 1m)"));
  }

  private static Arguments bad(UnaryOperator<PoolConfig.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsABadValueNamingKeyRuleAndValue(UnaryOperator<PoolConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(PoolConfig.builder()).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void rotationBoundAcceptsTheShortestTtlItNames() {
    assertThat(PoolConfig.builder().connectionTtl(Duration.ofSeconds(45)).build().connectionTtl())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> PoolConfig.builder().maxConnections(0).dedupSlots(0).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("pool.maxConnections", "pool.dedupSlots");
          assertThat(e).hasMessage("2 configuration problems:\n"
              + "  - pool.maxConnections is 0, but must be between 1 and 1000\n"
              + "  - pool.dedupSlots is 0, but must be between 1 and 100000");
        });
  }
}
