package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggregatorConfigTest {
  @Test
  void defaultsAreTheSeedsAndTheIssues() {
    AggregatorConfig c = AggregatorConfig.builder().build();
    assertThat(c.retention()).isEqualTo(Duration.ofHours(24));
    assertThat(c.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.seriesResolution()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.seriesSpan()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.alerts().rateLimitRaisePercent()).isEqualTo(80);
    assertThat(c.alerts().connectionFailuresPerHour()).isEqualTo(5);
    assertThat(c.alerts().monitorReconnectsPerHour()).isEqualTo(5);
    assertThat(c.health().connectionStabilityWeight() + c.health().rateLimitHeadroomWeight()
        + c.health().streamDistributionWeight() + c.health().queuePerformanceWeight()).isEqualTo(100);
    assertThat(c.topics().poolMetrics5m()).isEqualTo("geyser.pool-metrics-5m");
    assertThat(c.topics().alerts()).isEqualTo("geyser.alerts");
  }

  @Test
  void streamsPropertiesAreExactlyOnceWithTheStateDirectory() {
    AggregatorConfig c = AggregatorConfig.builder().applicationId("agg-1").bootstrapServers("k1:9092")
        .stateDir(Path.of("/data/agg")).streamsOverrides(Map.of("num.standby.replicas", "1")).build();
    Properties p = c.streamsProperties();
    assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("agg-1");
    assertThat(p.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("k1:9092");
    assertThat(p.getProperty(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(Path.of("/data/agg").toString());
    assertThat(p.getProperty("num.standby.replicas")).isEqualTo("1");
    assertThat(p.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .endsWith("LogAndContinueExceptionHandler");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.applicationId("bad id"),
            "applicationId is 'bad id', but must be 1-200 characters of letters, digits, '.', '_' or '-'"),
        bad(b -> b.bootstrapServers(" "), "bootstrapServers is ' ', but must list at least one host:port"),
        bad(b -> b.window(Duration.ofMillis(500)), "window is PT0.5S, but must be at least PT1S"),
        bad(b -> b.window(Duration.ofMinutes(7)),
            "window is PT7M, but must divide an hour evenly (windows line up on the clock, e.g. PT1M, PT5M, PT15M)"),
        bad(b -> b.grace(Duration.ofSeconds(-1)), "grace is PT-1S, but must be zero or positive"),
        bad(b -> b.retention(Duration.ofMinutes(5)), "retention is PT5M, but must be at least window plus grace (PT6M)"),
        bad(b -> b.seriesSpan(Duration.ofSeconds(5)), "seriesSpan is PT5S, but must be at least seriesResolution (PT10S)"),
        bad(b -> b.tick(Duration.ZERO), "tick is PT0S, but must be at least PT0.01S"),
        bad(b -> b.gatewaySilentAfter(Duration.ZERO), "gatewaySilentAfter is PT0S, but must be positive"),
        bad(b -> b.heartbeatStaleAfter(null), "heartbeatStaleAfter is null, but must be positive"),
        bad(b -> b.streamsOverrides(Map.of("processing.guarantee", "at_least_once")),
            "streamsOverrides sets 'processing.guarantee', but that key is set by the job (always exactly_once_v2)"),
        bad(b -> b.streamsOverrides(Map.of("state.dir", "/tmp")),
            "streamsOverrides sets 'state.dir', but that key is set by its own field of the aggregator config"));
  }

  private static Arguments bad(UnaryOperator<AggregatorConfig.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsBadValuesNamingTheKey(UnaryOperator<AggregatorConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(AggregatorConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  static Stream<Arguments> badParts() {
    return Stream.of(
        Arguments.of((Runnable) () -> new AggregatorConfig.HealthModel(40, 25, 15, 25, 100, Duration.ofSeconds(3)),
            "health weights sum to 105 (connectionStability 40, rateLimitHeadroom 25, streamDistribution 15,"
                + " queuePerformance 25), but must sum to 100"),
        Arguments.of((Runnable) () -> new AggregatorConfig.HealthModel(-5, 50, 30, 25, 100, Duration.ofSeconds(3)),
            "health.connectionStabilityWeight is -5, but must be 0-100"),
        Arguments.of((Runnable) () -> new AggregatorConfig.HealthModel(35, 25, 15, 25, 0, Duration.ofSeconds(3)),
            "health.failuresPerHourForZero is 0, but must be at least 1"),
        Arguments.of((Runnable) () -> new AggregatorConfig.HealthModel(35, 25, 15, 25, 100, Duration.ZERO),
            "health.queueWaitForZero is PT0S, but must be at least 1 ms"),
        Arguments.of((Runnable) () -> new AggregatorConfig.AlertThresholds(120, 70, 5, 5, Duration.ZERO),
            "alerts.rateLimitRaisePercent is 120.0, but must be over 0 and at most 100"),
        Arguments.of((Runnable) () -> new AggregatorConfig.AlertThresholds(80, 90, 5, 5, Duration.ZERO),
            "alerts.rateLimitClearPercent is 90.0, but must be 0 to alerts.rateLimitRaisePercent (80.0)"),
        Arguments.of((Runnable) () -> new AggregatorConfig.AlertThresholds(80, 70, -1, 5, Duration.ZERO),
            "alerts.connectionFailuresPerHour is -1, but must be zero or positive"),
        Arguments.of((Runnable) () -> new AggregatorConfig.AlertThresholds(80, 70, 5, -2, Duration.ZERO),
            "alerts.monitorReconnectsPerHour is -2, but must be zero or positive"),
        Arguments.of((Runnable) () -> new AggregatorConfig.AlertThresholds(80, 70, 5, 5, Duration.ofSeconds(-1)),
            "alerts.monitorWaitingAfter is PT-1S, but must be zero or positive"),
        Arguments.of((Runnable) () -> new AggregatorConfig.TopicNames("geyser.pool-events", "h", "s", "x", "x"),
            "topics.poolMetrics5m and topics.alerts are both 'x', but must differ"),
        Arguments.of((Runnable) () -> new AggregatorConfig.TopicNames("bad topic", "h", "s", "x", "y"),
            "topics.poolEvents is 'bad topic', but must be a Kafka topic name (1-249 letters, digits, '.', '_' or '-')"));
  }

  @ParameterizedTest
  @MethodSource("badParts")
  void rejectsBadWeightsThresholdsAndTopics(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
