package dev.geyserpool.aggregator;

import dev.geyserpool.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Everything the metrics aggregator is told: where Kafka and its state live, the window and
 * retention of its history, the health score's weights and scales, and the alert thresholds.
 * Immutable; {@link #validate()} runs when it is built and names the key, the rule and the bad
 * value of the first mistake.
 *
 * @param applicationId Kafka Streams {@code application.id}: the consumer group, the prefix of
 *     internal topics, and what instances sharing the work have in common
 * @param bootstrapServers Kafka's {@code host:port} list
 * @param stateDir where the local state stores live ({@code state.dir}); under the data
 *     directory, not the shared temp folder
 * @param topics the topics read and written
 * @param window width of a history window (the seed's 5-minute aggregates)
 * @param grace how long after a window's end events for it are still counted in it
 * @param retention how long the window stores keep history (24 h)
 * @param seriesResolution width of a line-chart point (10 s)
 * @param seriesSpan how far back the line-chart series reach (30 min)
 * @param tick how often, on the aggregator's clock, time-based values are refreshed (1 s)
 * @param gatewaySilentAfter a gateway without any event for this long is reported silent (its
 *     snapshots come about every second)
 * @param heartbeatStaleAfter a monitor without a heartbeat for this long counts 0 messages/s
 * @param health the health score's weights and scales
 * @param alerts the alert thresholds
 * @param streamsOverrides further Kafka Streams properties (e.g. {@code num.standby.replicas});
 *     may not set the keys this record owns
 */
public record AggregatorConfig(
    String applicationId,
    String bootstrapServers,
    Path stateDir,
    TopicNames topics,
    Duration window,
    Duration grace,
    Duration retention,
    Duration seriesResolution,
    Duration seriesSpan,
    Duration tick,
    Duration gatewaySilentAfter,
    Duration heartbeatStaleAfter,
    HealthModel health,
    AlertThresholds alerts,
    Map<String, String> streamsOverrides) {

  /** The keys of {@link #streamsProperties()} that {@link #streamsOverrides} may not set. */
  static final Set<String> OWNED_STREAMS_KEYS = Set.of(
      StreamsConfig.APPLICATION_ID_CONFIG,
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
      StreamsConfig.STATE_DIR_CONFIG,
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG);

  public AggregatorConfig {
    streamsOverrides = streamsOverrides == null ? Map.of() : Map.copyOf(new TreeMap<>(streamsOverrides));
    validate(applicationId, bootstrapServers, stateDir, topics, window, grace, retention, seriesResolution,
        seriesSpan, tick, gatewaySilentAfter, heartbeatStaleAfter, health, alerts, streamsOverrides);
  }

  /** The defaults, for a broker at {@code bootstrapServers}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .applicationId(applicationId)
        .bootstrapServers(bootstrapServers)
        .stateDir(stateDir)
        .topics(topics)
        .window(window)
        .grace(grace)
        .retention(retention)
        .seriesResolution(seriesResolution)
        .seriesSpan(seriesSpan)
        .tick(tick)
        .gatewaySilentAfter(gatewaySilentAfter)
        .heartbeatStaleAfter(heartbeatStaleAfter)
        .health(health)
        .alerts(alerts)
        .streamsOverrides(streamsOverrides);
  }

  /**
   * The Kafka Streams properties of the job, the same for the application and the
   * {@code TopologyTestDriver}: exactly-once v2, undecodable records logged and skipped.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(streamsOverrides);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    return p;
  }

  /** The effective configuration in one line, for the start-up log. */
  @Override
  public String toString() {
    return "AggregatorConfig{applicationId=" + applicationId + ", bootstrapServers=" + bootstrapServers
        + ", stateDir=" + stateDir + ", topics=" + topics + ", window=" + window + ", grace=" + grace
        + ", retention=" + retention + ", seriesResolution=" + seriesResolution + ", seriesSpan=" + seriesSpan
        + ", tick=" + tick + ", gatewaySilentAfter=" + gatewaySilentAfter + ", heartbeatStaleAfter="
        + heartbeatStaleAfter + ", health=" + health + ", alerts=" + alerts + ", streamsOverrides="
        + streamsOverrides.keySet() + "}";
  }

  private static void validate(String applicationId, String bootstrapServers, Path stateDir, TopicNames topics,
      Duration window, Duration grace, Duration retention, Duration seriesResolution, Duration seriesSpan,
      Duration tick, Duration gatewaySilentAfter, Duration heartbeatStaleAfter, HealthModel health,
      AlertThresholds alerts, Map<String, String> streamsOverrides) {
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException("applicationId is '" + applicationId
          + "', but must be 1-200 characters of letters, digits, '.', '_' or '-'");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is '" + bootstrapServers
          + "', but must list at least one host:port");
    }
    if (stateDir == null) {
      throw new IllegalArgumentException("stateDir is null, but must be a directory path");
    }
    if (topics == null) {
      throw new IllegalArgumentException("topics is null, but must name the topics");
    }
    if (health == null) {
      throw new IllegalArgumentException("health is null, but must hold the health score's weights");
    }
    if (alerts == null) {
      throw new IllegalArgumentException("alerts is null, but must hold the alert thresholds");
    }
    requireAtLeast("window", window, Duration.ofSeconds(1));
    requireAtLeast("seriesResolution", seriesResolution, Duration.ofSeconds(1));
    requireAtLeast("tick", tick, Duration.ofMillis(10));
    requirePositive("gatewaySilentAfter", gatewaySilentAfter);
    requirePositive("heartbeatStaleAfter", heartbeatStaleAfter);
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace is " + grace + ", but must be zero or positive");
    }
    requireWholeMillis("window", window);
    requireWholeMillis("seriesResolution", seriesResolution);
    if (Duration.ofHours(1).toMillis() % window.toMillis() != 0 && window.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("window is " + window + ", but must divide an hour evenly"
          + " (windows line up on the clock, e.g. PT1M, PT5M, PT15M)");
    }
    if (retention == null || retention.compareTo(window.plus(grace)) < 0) {
      throw new IllegalArgumentException("retention is " + retention + ", but must be at least window plus grace ("
          + window.plus(grace) + ")");
    }
    if (seriesSpan == null || seriesSpan.compareTo(seriesResolution) < 0) {
      throw new IllegalArgumentException("seriesSpan is " + seriesSpan
          + ", but must be at least seriesResolution (" + seriesResolution + ")");
    }
    for (String key : streamsOverrides.keySet()) {
      if (OWNED_STREAMS_KEYS.contains(key)) {
        throw new IllegalArgumentException("streamsOverrides sets '" + key + "', but that key is set by "
            + (key.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) ? "the job (always exactly_once_v2)"
            : "its own field of the aggregator config"));
      }
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " is " + value + ", but must be positive");
    }
  }

  private static void requireAtLeast(String key, Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new IllegalArgumentException(key + " is " + value + ", but must be at least " + min);
    }
  }

  private static void requireWholeMillis(String key, Duration value) {
    if (value.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(key + " is " + value + ", but must be a whole number of milliseconds");
    }
  }

  /**
   * The topics the job reads and writes; the defaults are {@link Topics}' names.
   *
   * @param poolEvents the gateways' {@code PoolEvent}s (key = gateway id)
   * @param monitorHeartbeats the monitors' {@code MonitorHeartbeat}s (key = monitor id)
   * @param subscriptionStatus the gateway's {@code SubscriptionStatus} answers (compacted, key = monitor id)
   * @param poolMetrics5m where closed 5-minute windows go (key = gateway id)
   * @param alerts where alerts are raised and cleared (key = alert id)
   */
  public record TopicNames(String poolEvents, String monitorHeartbeats, String subscriptionStatus,
      String poolMetrics5m, String alerts) {
    public TopicNames {
      Map<String, String> named = new TreeMap<>();
      named.put("topics.poolEvents", poolEvents);
      named.put("topics.monitorHeartbeats", monitorHeartbeats);
      named.put("topics.subscriptionStatus", subscriptionStatus);
      named.put("topics.poolMetrics5m", poolMetrics5m);
      named.put("topics.alerts", alerts);
      for (Map.Entry<String, String> e : named.entrySet()) {
        if (e.getValue() == null || !e.getValue().matches("[A-Za-z0-9._-]{1,249}")) {
          throw new IllegalArgumentException(e.getKey() + " is '" + e.getValue()
              + "', but must be a Kafka topic name (1-249 letters, digits, '.', '_' or '-')");
        }
      }
      if (poolMetrics5m.equals(alerts)) {
        throw new IllegalArgumentException("topics.poolMetrics5m and topics.alerts are both '" + alerts
            + "', but must differ");
      }
    }

    /** {@link Topics}' names. */
    public static TopicNames defaults() {
      return new TopicNames(Topics.POOL_EVENTS, Topics.MONITOR_HEARTBEATS, Topics.SUBSCRIPTION_STATUS,
          Topics.POOL_METRICS_5M, Topics.ALERTS);
    }
  }

  /**
   * The health score: four factors of 0-100, combined with integer weights that sum to 100, and
   * the scales of the two factors measured against a bound (see the module README).
   *
   * @param connectionStabilityWeight weight of connection stability
   * @param rateLimitHeadroomWeight weight of rate-limit headroom
   * @param streamDistributionWeight weight of stream distribution
   * @param queuePerformanceWeight weight of queue performance
   * @param failuresPerHourForZero failures per hour at which connection stability reaches 0
   *     (100: the seed's "98% (2 failures/hour)")
   * @param queueWaitForZero mean queue wait at which queue performance reaches 0 (3 s: the seed's
   *     "96% (avg wait: 120ms)")
   */
  public record HealthModel(int connectionStabilityWeight, int rateLimitHeadroomWeight, int streamDistributionWeight,
      int queuePerformanceWeight, int failuresPerHourForZero, Duration queueWaitForZero) {
    public HealthModel {
      requireWeight("health.connectionStabilityWeight", connectionStabilityWeight);
      requireWeight("health.rateLimitHeadroomWeight", rateLimitHeadroomWeight);
      requireWeight("health.streamDistributionWeight", streamDistributionWeight);
      requireWeight("health.queuePerformanceWeight", queuePerformanceWeight);
      int sum = connectionStabilityWeight + rateLimitHeadroomWeight + streamDistributionWeight + queuePerformanceWeight;
      if (sum != 100) {
        throw new IllegalArgumentException("health weights sum to " + sum + " (connectionStability "
            + connectionStabilityWeight + ", rateLimitHeadroom " + rateLimitHeadroomWeight + ", streamDistribution "
            + streamDistributionWeight + ", queuePerformance " + queuePerformanceWeight + "), but must sum to 100");
      }
      if (failuresPerHourForZero < 1) {
        throw new IllegalArgumentException("health.failuresPerHourForZero is " + failuresPerHourForZero
            + ", but must be at least 1");
      }
      if (queueWaitForZero == null || queueWaitForZero.toMillis() < 1) {
        throw new IllegalArgumentException("health.queueWaitForZero is " + queueWaitForZero
            + ", but must be at least 1 ms");
      }
    }

    /** Weights 35/25/15/25, stability 0 at 100 failures/hour, queue performance 0 at a 3 s mean wait. */
    public static HealthModel defaults() {
      return new HealthModel(35, 25, 15, 25, 100, Duration.ofSeconds(3));
    }

    private static void requireWeight(String key, int weight) {
      if (weight < 0 || weight > 100) {
        throw new IllegalArgumentException(key + " is " + weight + ", but must be 0-100");
      }
    }
  }

  /**
   * The seed's alert thresholds ("80% rate limit, >5 failures/hour").
   *
   * @param rateLimitRaisePercent raise when a gateway's rate-limit use is over this percentage
   * @param rateLimitClearPercent clear when it is back at or under this one (below the raise, so a
   *     use that hovers at the threshold does not flap)
   * @param connectionFailuresPerHour raise when a gateway's connection failures in the last hour
   *     are more than this; clear when they are this many or fewer
   * @param monitorReconnectsPerHour the same for one monitor's reconnects
   * @param monitorWaitingAfter raise when a monitor has waited for a connection this long
   *     (placement takes a moment; zero raises at once)
   */
  public record AlertThresholds(double rateLimitRaisePercent, double rateLimitClearPercent,
      int connectionFailuresPerHour, int monitorReconnectsPerHour, Duration monitorWaitingAfter) {
    public AlertThresholds {
      if (!(rateLimitRaisePercent > 0 && rateLimitRaisePercent <= 100)) {
        throw new IllegalArgumentException("alerts.rateLimitRaisePercent is " + rateLimitRaisePercent
            + ", but must be over 0 and at most 100");
      }
      if (!(rateLimitClearPercent >= 0 && rateLimitClearPercent <= rateLimitRaisePercent)) {
        throw new IllegalArgumentException("alerts.rateLimitClearPercent is " + rateLimitClearPercent
            + ", but must be 0 to alerts.rateLimitRaisePercent (" + rateLimitRaisePercent + ")");
      }
      if (connectionFailuresPerHour < 0) {
        throw new IllegalArgumentException("alerts.connectionFailuresPerHour is " + connectionFailuresPerHour
            + ", but must be zero or positive");
      }
      if (monitorReconnectsPerHour < 0) {
        throw new IllegalArgumentException("alerts.monitorReconnectsPerHour is " + monitorReconnectsPerHour
            + ", but must be zero or positive");
      }
      if (monitorWaitingAfter == null || monitorWaitingAfter.isNegative()) {
        throw new IllegalArgumentException("alerts.monitorWaitingAfter is " + monitorWaitingAfter
            + ", but must be zero or positive");
      }
    }

    /** Rate limit over 80 % (cleared at 70 %), more than 5 failures or reconnects an hour, waiting 30 s. */
    public static AlertThresholds defaults() {
      return new AlertThresholds(80, 70, 5, 5, Duration.ofSeconds(30));
    }
  }

  /** Collects the values; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String applicationId = "geyser-pool-aggregator";
    private String bootstrapServers = "127.0.0.1:9092";
    private Path stateDir = Path.of("data", "aggregator-state");
    private TopicNames topics = TopicNames.defaults();
    private Duration window = Duration.ofMinutes(5);
    private Duration grace = Duration.ofMinutes(1);
    private Duration retention = Duration.ofHours(24);
    private Duration seriesResolution = Duration.ofSeconds(10);
    private Duration seriesSpan = Duration.ofMinutes(30);
    private Duration tick = Duration.ofSeconds(1);
    private Duration gatewaySilentAfter = Duration.ofSeconds(10);
    private Duration heartbeatStaleAfter = Duration.ofSeconds(30);
    private HealthModel health = HealthModel.defaults();
    private AlertThresholds alerts = AlertThresholds.defaults();
    private Map<String, String> streamsOverrides = Map.of();

    private Builder() {}

    public Builder applicationId(String value) {
      applicationId = value;
      return this;
    }

    public Builder bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    public Builder stateDir(Path value) {
      stateDir = value;
      return this;
    }

    public Builder topics(TopicNames value) {
      topics = value;
      return this;
    }

    public Builder window(Duration value) {
      window = value;
      return this;
    }

    public Builder grace(Duration value) {
      grace = value;
      return this;
    }

    public Builder retention(Duration value) {
      retention = value;
      return this;
    }

    public Builder seriesResolution(Duration value) {
      seriesResolution = value;
      return this;
    }

    public Builder seriesSpan(Duration value) {
      seriesSpan = value;
      return this;
    }

    public Builder tick(Duration value) {
      tick = value;
      return this;
    }

    public Builder gatewaySilentAfter(Duration value) {
      gatewaySilentAfter = value;
      return this;
    }

    public Builder heartbeatStaleAfter(Duration value) {
      heartbeatStaleAfter = value;
      return this;
    }

    public Builder health(HealthModel value) {
      health = value;
      return this;
    }

    public Builder alerts(AlertThresholds value) {
      alerts = value;
      return this;
    }

    public Builder streamsOverrides(Map<String, String> value) {
      streamsOverrides = Objects.requireNonNullElse(value, Map.of());
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the key, the rule and the bad value
     */
    public AggregatorConfig build() {
      return new AggregatorConfig(applicationId, bootstrapServers, stateDir, topics, window, grace, retention,
          seriesResolution, seriesSpan, tick, gatewaySilentAfter, heartbeatStaleAfter, health, alerts,
          streamsOverrides);
    }
  }
}
