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
    Duration filterDebounce) {

  /** What the provider's connection limit counts. */
  public enum RateLimitScope {
    CONNECTIONS,
    STREAMS
  }

  public PoolRules {
    groupConnections = Map.copyOf(groupConnections);
  }

  /** The seed's defaults: 40 connections, 15 streams each, TTL 5 min, 60 per 60 s less 5. */
  public static PoolRules defaults() {
    Map<MonitorGroup, Integer> shares = new EnumMap<>(MonitorGroup.class);
    shares.put(MonitorGroup.HIGH, 16);
    shares.put(MonitorGroup.MEDIUM, 12);
    shares.put(MonitorGroup.LOW, 8);
    return new PoolRules(40, 15, 25, Duration.ofMinutes(5), 25, Duration.ofMinutes(1), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 55, 60, Duration.ofSeconds(60), RateLimitScope.CONNECTIONS, shares, 4,
        Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(200));
  }

  public int groupLimit(MonitorGroup group) {
    return groupConnections.getOrDefault(group, 1);
  }
}
