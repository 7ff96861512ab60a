package dev.geyserpool.gateway.pool;

import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The numbers the pool core runs by, already validated (see the gateway's {@code PoolConfig}).
 *
 * @param budgetLimit connection attempts the pool grants itself per window: the provider's limit
 *     less the safety margin
 * @param providerLimit the provider's own limit per window, for stats
 * @param ttlJitterPermille each connection's TTL is shortened by a random 0..this per mille, so
 *     connections never expire together and spend the budget in a burst
 * @param groupConnections connections each group may hold of its own
 * @param reserveConnections connections any group may use for bursts, failover and new monitors
 * @param maxMonitorsPerStream monitors merged into one stream before a second stream of the same
 *     kind is opened
 * @param pingTimeout a health-check ping with no ping or pong from the server for this long fails
 *     the connection (unless the stream's reads wait for Kafka)
 */
public record PoolRules(
    int maxConnections,
    int maxStreamsPerConnection,
    int maxMonitorsPerStream,
    Duration connectionTtl,
    int ttlJitterPermille,
    Duration idleTimeout,
    Duration healthCheckInterval,
    Duration streamSilenceTimeout,
    int budgetLimit,
    int providerLimit,
    Duration budgetWindow,
    RateLimitScope scope,
    Map<MonitorGroup, Integer> groupConnections,
    int reserveConnections,
    Duration requestTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration filterDebounce,
    Duration pingTimeout) {

  /** What the provider's connection limit counts. */
  public enum RateLimitScope {
    CONNECTIONS,
    STREAMS
  }

  /** Monitors merged into one stream before a second stream of the same kind opens. */
  public static final int DEFAULT_MAX_MONITORS_PER_STREAM = 25;

  /** Default ping timeout of the rules built without one. */
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(10);

  public PoolRules {
    groupConnections = Map.copyOf(groupConnections);
  }

  /** Rules with the default ping timeout. */
  public PoolRules(int maxConnections, int maxStreamsPerConnection, int maxMonitorsPerStream, Duration connectionTtl,
      int ttlJitterPermille, Duration idleTimeout, Duration healthCheckInterval, Duration streamSilenceTimeout,
      int budgetLimit, int providerLimit, Duration budgetWindow, RateLimitScope scope,
      Map<MonitorGroup, Integer> groupConnections, int reserveConnections, Duration requestTimeout,
      Duration backoffMin, Duration backoffMax, Duration filterDebounce) {
    this(maxConnections, maxStreamsPerConnection, maxMonitorsPerStream, connectionTtl, ttlJitterPermille, idleTimeout,
        healthCheckInterval, streamSilenceTimeout, budgetLimit, providerLimit, budgetWindow, scope, groupConnections,
        reserveConnections, requestTimeout, backoffMin, backoffMax, filterDebounce, DEFAULT_PING_TIMEOUT);
  }

  /** The seed's defaults: 40 connections, 15 streams each, TTL 5 min, 60 per 60 s less the margin. */
  public static PoolRules defaults() {
    return from(dev.geyserpool.gateway.config.PoolConfig.defaults());
  }

  /** The core's rules from the validated configuration. */
  public static PoolRules from(dev.geyserpool.gateway.config.PoolConfig config) {
    Map<MonitorGroup, Integer> shares = new EnumMap<>(MonitorGroup.class);
    for (MonitorGroup group : MonitorGroup.values()) {
      shares.put(group, config.groupConnectionLimit(dev.geyserpool.gateway.config.PoolGroup.of(group)));
    }
    RateLimitScope scope = config.rateLimitScope() == dev.geyserpool.gateway.config.RateLimitScope.STREAMS
        ? RateLimitScope.STREAMS : RateLimitScope.CONNECTIONS;
    return new PoolRules(config.maxConnections(), config.maxStreamsPerConnection(), DEFAULT_MAX_MONITORS_PER_STREAM,
        config.connectionTtl(), config.connectionTtlJitterPerMille(), config.idleTimeout(),
        config.healthCheckInterval(), config.streamSilenceTimeout(), config.effectiveRateLimit(),
        config.rateLimitMax(), config.rateLimitWindow(), scope, shares,
        config.groupConnectionLimit(dev.geyserpool.gateway.config.PoolGroup.RESERVE), config.requestTimeout(),
        config.backoffMin(), config.backoffMax(), config.filterDebounce(), config.pingTimeout());
  }

  public int groupLimit(MonitorGroup group) {
    return groupConnections.getOrDefault(group, 1);
  }
}
