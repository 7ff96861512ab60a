package dev.geyserpool.gateway.config;

import dev.geyserpool.gateway.config.internal.Checks;
import dev.geyserpool.gateway.config.internal.Durations;
import dev.geyserpool.gateway.config.internal.PoolConfigRules;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool's settings (the seed's {@code PoolConfig}), immutable and validated when built: every
 * problem names its key ({@code pool.*}), the rule and the bad value, and cross-field rules are
 * checked in the one validation step of {@link Builder#build()} ({@code internal.PoolConfigRules}). Defaults
 * are the seed's.
 *
 * <p>Percentages and jitter are integers (percent, per mille): no floating point reaches the pool.
 *
 * <p>Thread-safe (immutable). Built once at start; never changed afterwards.
 */
public final class PoolConfig {
  private final int maxConnections;
  private final Duration connectionTtl;
  private final int connectionTtlJitterPerMille;
  private final Duration idleTimeout;
  private final Duration healthCheckInterval;
  private final Duration streamSilenceTimeout;
  private final Duration pingTimeout;
  private final int maxStreamsPerConnection;
  private final Duration rateLimitWindow;
  private final int rateLimitMax;
  private final int rateLimitSafetyMargin;
  private final RateLimitScope rateLimitScope;
  private final Map<PoolGroup, Integer> groupShares;
  private final Duration requestTimeout;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Duration filterDebounce;
  private final int streamWindow;
  private final int dedupSlots;

  private PoolConfig(Builder b) {
    maxConnections = b.maxConnections;
    connectionTtl = b.connectionTtl;
    connectionTtlJitterPerMille = b.connectionTtlJitterPerMille;
    idleTimeout = b.idleTimeout;
    healthCheckInterval = b.healthCheckInterval;
    streamSilenceTimeout = b.streamSilenceTimeout;
    pingTimeout = b.pingTimeout;
    maxStreamsPerConnection = b.maxStreamsPerConnection;
    rateLimitWindow = b.rateLimitWindow;
    rateLimitMax = b.rateLimitMax;
    rateLimitSafetyMargin = b.rateLimitSafetyMargin;
    rateLimitScope = b.rateLimitScope;
    groupShares = Map.copyOf(b.groupShares);
    requestTimeout = b.requestTimeout;
    backoffMin = b.backoffMin;
    backoffMax = b.backoffMax;
    filterDebounce = b.filterDebounce;
    streamWindow = b.streamWindow;
    dedupSlots = b.dedupSlots;
  }

  /** A builder holding the seed's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The seed's defaults. */
  public static PoolConfig defaults() {
    return builder().build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Most upstream connections open at once. Default 40. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Connection lifetime before make-before-break rotation. Default 5m. */
  public Duration connectionTtl() {
    return connectionTtl;
  }

  /** Each lifetime is shortened by up to this many per mille, so connections never expire together. Default 25 (2.5%). */
  public int connectionTtlJitterPerMille() {
    return connectionTtlJitterPerMille;
  }

  /** A connection without streams for this long is closed. Default 1m. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How often every stream is pinged. Default 30s. */
  public Duration healthCheckInterval() {
    return healthCheckInterval;
  }

  /** A stream with no data and no pong for this long is replaced (the watchdog). Default 60s. */
  public Duration streamSilenceTimeout() {
    return streamSilenceTimeout;
  }

  /** A ping unanswered for this long fails the health check. Default 10s. */
  public Duration pingTimeout() {
    return pingTimeout;
  }

  /** Most Subscribe streams multiplexed on one connection. Default 15. */
  public int maxStreamsPerConnection() {
    return maxStreamsPerConnection;
  }

  /** The provider's sliding window. Default 60s. */
  public Duration rateLimitWindow() {
    return rateLimitWindow;
  }

  /** The provider's limit per window. Default 60. */
  public int rateLimitMax() {
    return rateLimitMax;
  }

  /** Attempts per window left unused, for clock skew and attempts outside the pool. Default 5. */
  public int rateLimitSafetyMargin() {
    return rateLimitSafetyMargin;
  }

  /** What the provider's limit counts. Default {@link RateLimitScope#CONNECTIONS}. */
  public RateLimitScope rateLimitScope() {
    return rateLimitScope;
  }

  /** A group's share of {@link #maxConnections()}, in percent. Defaults 40/30/20/10. */
  public int groupShare(PoolGroup group) {
    return groupShares.get(group);
  }

  /** How long a connection request waits in the queue before failing. Default 30s. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** First delay of the exponential backoff after a failure. Default 500ms. */
  public Duration backoffMin() {
    return backoffMin;
  }

  /** Longest delay of the backoff. Default 30s. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** Filter changes within this time are merged into one SubscribeRequest. Default 200ms. */
  public Duration filterDebounce() {
    return filterDebounce;
  }

  /** Updates one stream may read ahead of publishing: the read-ahead bound. Default 1024. */
  public int streamWindow() {
    return streamWindow;
  }

  /** How many recent slots of identities dedup remembers. Default 300. */
  public int dedupSlots() {
    return dedupSlots;
  }

  /** The attempts per window the budget grants: {@code rateLimitMax - rateLimitSafetyMargin}. */
  public int effectiveRateLimit() {
    return rateLimitMax - rateLimitSafetyMargin;
  }

  /** A group's connections: {@code floor(maxConnections × share / 100)}, at least 1. */
  public int groupConnectionLimit(PoolGroup group) {
    return Math.max(1, maxConnections * groupShare(group) / 100);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PoolConfig c && c.values().equals(values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  private List<Object> values() {
    return List.of(maxConnections, connectionTtl, connectionTtlJitterPerMille, idleTimeout, healthCheckInterval,
        streamSilenceTimeout, pingTimeout, maxStreamsPerConnection, rateLimitWindow, rateLimitMax,
        rateLimitSafetyMargin, rateLimitScope, groupShares, requestTimeout, backoffMin, backoffMax, filterDebounce,
        streamWindow, dedupSlots);
  }

  /** Every key and value, durations as written in the config file. */
  @Override
  public String toString() {
    return "PoolConfig{maxConnections=" + maxConnections + ", connectionTtl=" + Durations.format(connectionTtl)
        + ", connectionTtlJitterPerMille=" + connectionTtlJitterPerMille + ", idleTimeout=" + Durations.format(idleTimeout)
        + ", healthCheckInterval=" + Durations.format(healthCheckInterval)
        + ", streamSilenceTimeout=" + Durations.format(streamSilenceTimeout) + ", pingTimeout=" + Durations.format(pingTimeout)
        + ", maxStreamsPerConnection=" + maxStreamsPerConnection + ", rateLimitWindow=" + Durations.format(rateLimitWindow)
        + ", rateLimitMax=" + rateLimitMax + ", rateLimitSafetyMargin=" + rateLimitSafetyMargin
        + ", rateLimitScope=" + rateLimitScope.id() + ", groupShares=" + new EnumMap<>(groupShares)
        + ", requestTimeout=" + Durations.format(requestTimeout) + ", backoffMin=" + Durations.format(backoffMin)
        + ", backoffMax=" + Durations.format(backoffMax) + ", filterDebounce=" + Durations.format(filterDebounce)
        + ", streamWindow=" + streamWindow + ", dedupSlots=" + dedupSlots + "}";
  }

  /**
   * Builds a {@link PoolConfig}; starts from the seed's defaults. Not thread-safe; use it on one
   * thread and keep only what {@link #build()} returns.
   */
  /** The pool core's rules from this validated configuration. */
  public dev.geyserpool.gateway.pool.PoolRules toPoolRules() {
    java.util.Map<dev.geyserpool.wire.MonitorGroup, Integer> shares =
        new java.util.EnumMap<>(dev.geyserpool.wire.MonitorGroup.class);
    for (dev.geyserpool.wire.MonitorGroup group : dev.geyserpool.wire.MonitorGroup.values()) {
      shares.put(group, groupConnectionLimit(PoolGroup.of(group)));
    }
    dev.geyserpool.gateway.pool.PoolRules.RateLimitScope scope = rateLimitScope() == RateLimitScope.STREAMS
        ? dev.geyserpool.gateway.pool.PoolRules.RateLimitScope.STREAMS
        : dev.geyserpool.gateway.pool.PoolRules.RateLimitScope.CONNECTIONS;
    return new dev.geyserpool.gateway.pool.PoolRules(maxConnections(), maxStreamsPerConnection(),
        dev.geyserpool.gateway.pool.PoolRules.DEFAULT_MAX_MONITORS_PER_STREAM, connectionTtl(),
        connectionTtlJitterPerMille(), idleTimeout(), healthCheckInterval(), streamSilenceTimeout(),
        effectiveRateLimit(), rateLimitMax(), rateLimitWindow(), scope, shares,
        groupConnectionLimit(PoolGroup.RESERVE), requestTimeout(), backoffMin(), backoffMax(), filterDebounce(),
        pingTimeout());
  }

  public static final class Builder {
    private int maxConnections = 40;
    private Duration connectionTtl = Duration.ofMinutes(5);
    private int connectionTtlJitterPerMille = 25;
    private Duration idleTimeout = Duration.ofMinutes(1);
    private Duration healthCheckInterval = Duration.ofSeconds(30);
    private Duration streamSilenceTimeout = Duration.ofSeconds(60);
    private Duration pingTimeout = Duration.ofSeconds(10);
    private int maxStreamsPerConnection = 15;
    private Duration rateLimitWindow = Duration.ofSeconds(60);
    private int rateLimitMax = 60;
    private int rateLimitSafetyMargin = 5;
    private RateLimitScope rateLimitScope = RateLimitScope.CONNECTIONS;
    private final Map<PoolGroup, Integer> groupShares = new EnumMap<>(Map.of(
        PoolGroup.HIGH, 40, PoolGroup.MEDIUM, 30, PoolGroup.LOW, 20, PoolGroup.RESERVE, 10));
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration backoffMin = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration filterDebounce = Duration.ofMillis(200);
    private int streamWindow = 1024;
    private int dedupSlots = 300;

    private Builder() {}

    private Builder(PoolConfig c) {
      maxConnections = c.maxConnections;
      connectionTtl = c.connectionTtl;
      connectionTtlJitterPerMille = c.connectionTtlJitterPerMille;
      idleTimeout = c.idleTimeout;
      healthCheckInterval = c.healthCheckInterval;
      streamSilenceTimeout = c.streamSilenceTimeout;
      pingTimeout = c.pingTimeout;
      maxStreamsPerConnection = c.maxStreamsPerConnection;
      rateLimitWindow = c.rateLimitWindow;
      rateLimitMax = c.rateLimitMax;
      rateLimitSafetyMargin = c.rateLimitSafetyMargin;
      rateLimitScope = c.rateLimitScope;
      groupShares.putAll(c.groupShares);
      requestTimeout = c.requestTimeout;
      backoffMin = c.backoffMin;
      backoffMax = c.backoffMax;
      filterDebounce = c.filterDebounce;
      streamWindow = c.streamWindow;
      dedupSlots = c.dedupSlots;
    }

    /** See {@link PoolConfig#maxConnections()}. */
    public Builder maxConnections(int v) { maxConnections = v; return this; }

    /** See {@link PoolConfig#connectionTtl()}. */
    public Builder connectionTtl(Duration v) { connectionTtl = v; return this; }

    /** See {@link PoolConfig#connectionTtlJitterPerMille()}. */
    public Builder connectionTtlJitterPerMille(int v) { connectionTtlJitterPerMille = v; return this; }

    /** See {@link PoolConfig#idleTimeout()}. */
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }

    /** See {@link PoolConfig#healthCheckInterval()}. */
    public Builder healthCheckInterval(Duration v) { healthCheckInterval = v; return this; }

    /** See {@link PoolConfig#streamSilenceTimeout()}. */
    public Builder streamSilenceTimeout(Duration v) { streamSilenceTimeout = v; return this; }

    /** See {@link PoolConfig#pingTimeout()}. */
    public Builder pingTimeout(Duration v) { pingTimeout = v; return this; }

    /** See {@link PoolConfig#maxStreamsPerConnection()}. */
    public Builder maxStreamsPerConnection(int v) { maxStreamsPerConnection = v; return this; }

    /** See {@link PoolConfig#rateLimitWindow()}. */
    public Builder rateLimitWindow(Duration v) { rateLimitWindow = v; return this; }

    /** See {@link PoolConfig#rateLimitMax()}. */
    public Builder rateLimitMax(int v) { rateLimitMax = v; return this; }

    /** See {@link PoolConfig#rateLimitSafetyMargin()}. */
    public Builder rateLimitSafetyMargin(int v) { rateLimitSafetyMargin = v; return this; }

    /** See {@link PoolConfig#rateLimitScope()}. */
    public Builder rateLimitScope(RateLimitScope v) { rateLimitScope = v; return this; }

    /** See {@link PoolConfig#groupShare(PoolGroup)}. */
    public Builder groupShare(PoolGroup group, int percent) {
      groupShares.put(Objects.requireNonNull(group, "group"), percent);
      return this;
    }

    /** See {@link PoolConfig#requestTimeout()}. */
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }

    /** See {@link PoolConfig#backoffMin()}. */
    public Builder backoffMin(Duration v) { backoffMin = v; return this; }

    /** See {@link PoolConfig#backoffMax()}. */
    public Builder backoffMax(Duration v) { backoffMax = v; return this; }

    /** See {@link PoolConfig#filterDebounce()}. */
    public Builder filterDebounce(Duration v) { filterDebounce = v; return this; }

    /** See {@link PoolConfig#streamWindow()}. */
    public Builder streamWindow(int v) { streamWindow = v; return this; }

    /** See {@link PoolConfig#dedupSlots()}. */
    public Builder dedupSlots(int v) { dedupSlots = v; return this; }

    /**
     * Validates every rule and builds the config.
     *
     * @throws ConfigException listing every problem, each naming key, rule and value
     */
    public PoolConfig build() {
      PoolConfig candidate = new PoolConfig(this);
      Checks checks = new Checks();
      PoolConfigRules.check(candidate, checks);
      checks.throwIfAny();
      return candidate;
    }
  }
}
