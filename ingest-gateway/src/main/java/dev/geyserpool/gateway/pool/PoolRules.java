package dev.geyserpool.gateway.pool;

import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
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

  public int groupLimit(MonitorGroup group) {
    return groupConnections.getOrDefault(group, 1);
  }
}
