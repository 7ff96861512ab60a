package dev.geyserpool.gateway.config.internal;

import dev.geyserpool.gateway.config.PoolConfig;
import dev.geyserpool.gateway.config.PoolGroup;
import java.time.Duration;
import java.util.Arrays;

/**
 * The rules of {@link PoolConfig}: ranges of single keys and the cross-field rules (margin below
 * the limit, shares summing to 100, ping within the health-check interval, silence longer than a
 * ping round, backoff bounds in order, TTL rotation within the connection budget). Messages name
 * the key, the rule and the value.
 *
 * <p>Stateless and thread-safe.
 */
public final class PoolConfigRules {
  private static final Duration MAX_DURATION = Duration.ofDays(1);

  private PoolConfigRules() {}

  /**
   * Checks every rule of {@code c}, single keys first, then the cross-field ones whose inputs
   * passed, adding each problem to {@code checks}.
   */
  public static void check(PoolConfig c, Checks checks) {
    boolean connections = checks.between("pool.maxConnections", c.maxConnections(), 1, 1000);
    boolean ttl = checks.positive("pool.connectionTtl", c.connectionTtl(), MAX_DURATION);
    boolean jitter = checks.between("pool.connectionTtlJitterPerMille", c.connectionTtlJitterPerMille(), 0, 500);
    checks.positive("pool.idleTimeout", c.idleTimeout(), MAX_DURATION);
    boolean health = checks.positive("pool.healthCheckInterval", c.healthCheckInterval(), MAX_DURATION);
    boolean silence = checks.positive("pool.streamSilenceTimeout", c.streamSilenceTimeout(), MAX_DURATION);
    boolean ping = checks.positive("pool.pingTimeout", c.pingTimeout(), MAX_DURATION);
    checks.between("pool.maxStreamsPerConnection", c.maxStreamsPerConnection(), 1, 100);
    boolean window = checks.positive("pool.rateLimitWindow", c.rateLimitWindow(), MAX_DURATION);
    boolean max = checks.between("pool.rateLimitMax", c.rateLimitMax(), 1, 100_000);
    if (c.rateLimitScope() == null) {
      checks.fail("pool.rateLimitScope", "null", "one of connections, streams");
    }
    boolean shares = true;
    for (PoolGroup group : PoolGroup.values()) {
      shares &= checks.between("pool.groupShares." + group.id(), c.groupShare(group), 0, 100);
    }
    checks.positive("pool.requestTimeout", c.requestTimeout(), MAX_DURATION);
    boolean backoffMin = checks.positive("pool.backoffMin", c.backoffMin(), MAX_DURATION);
    boolean backoffMax = checks.positive("pool.backoffMax", c.backoffMax(), MAX_DURATION);
    checks.between("pool.filterDebounce", c.filterDebounce(), Duration.ZERO, MAX_DURATION);
    checks.between("pool.streamWindow", c.streamWindow(), 1, 65_536);
    checks.between("pool.dedupSlots", c.dedupSlots(), 1, 100_000);

    boolean margin = true;
    if (max) {
      margin = c.rateLimitSafetyMargin() >= 0 && c.rateLimitSafetyMargin() < c.rateLimitMax()
          || checks.fail("pool.rateLimitSafetyMargin", c.rateLimitSafetyMargin(),
              "at least 0 and less than pool.rateLimitMax (" + c.rateLimitMax() + ")");
    }
    if (shares) {
      int sum = Arrays.stream(PoolGroup.values()).mapToInt(c::groupShare).sum();
      if (sum != 100) {
        checks.fail("pool.groupShares", "high " + c.groupShare(PoolGroup.HIGH) + " + medium "
            + c.groupShare(PoolGroup.MEDIUM) + " + low " + c.groupShare(PoolGroup.LOW) + " + reserve "
            + c.groupShare(PoolGroup.RESERVE) + " = " + sum, "a sum of 100 (percent of pool.maxConnections)");
      }
    }
    if (health && ping && c.pingTimeout().compareTo(c.healthCheckInterval()) >= 0) {
      checks.fail("pool.pingTimeout", Durations.format(c.pingTimeout()),
          "shorter than pool.healthCheckInterval (" + Durations.format(c.healthCheckInterval()) + ")");
    }
    if (health && ping && silence && c.streamSilenceTimeout().compareTo(c.healthCheckInterval().plus(c.pingTimeout())) <= 0) {
      checks.fail("pool.streamSilenceTimeout", Durations.format(c.streamSilenceTimeout()),
          "longer than pool.healthCheckInterval + pool.pingTimeout ("
              + Durations.format(c.healthCheckInterval().plus(c.pingTimeout()))
              + "), or a quiet but healthy stream is replaced before its next pong");
    }
    if (backoffMin && backoffMax && c.backoffMax().compareTo(c.backoffMin()) < 0) {
      checks.fail("pool.backoffMax", Durations.format(c.backoffMax()),
          "at least pool.backoffMin (" + Durations.format(c.backoffMin()) + ")");
    }
    if (connections && ttl && jitter && window && max && margin) {
      checkRotationFitsTheBudget(c, checks);
    }
  }

  /**
   * Rotating every connection once per (jitter-shortened) TTL costs
   * {@code maxConnections × window / ttl} attempts per window; that alone must fit the budget.
   */
  private static void checkRotationFitsTheBudget(PoolConfig c, Checks checks) {
    long effective = c.rateLimitMax() - c.rateLimitSafetyMargin();
    long numerator = c.maxConnections() * c.rateLimitWindow().toMillis() * 1000L;
    long denominator = effective * (1000L - c.connectionTtlJitterPerMille());
    long minTtlMillis = (numerator + denominator - 1) / denominator;
    long minTtlSeconds = (minTtlMillis + 999) / 1000;
    if (c.connectionTtl().toMillis() < minTtlSeconds * 1000) {
      checks.fail("pool.connectionTtl", Durations.format(c.connectionTtl()),
          "at least " + Durations.format(Duration.ofSeconds(minTtlSeconds)) + ", or rotating pool.maxConnections ("
              + c.maxConnections() + ") connections alone would exceed the effective rate limit ("
              + effective + " per " + Durations.format(c.rateLimitWindow()) + ")");
    }
  }
}
