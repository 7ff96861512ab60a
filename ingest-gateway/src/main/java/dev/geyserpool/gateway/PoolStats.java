package dev.geyserpool.gateway;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable snapshot of the connection pool, the seed's {@code getStats()}: what the admin
 * endpoint {@code GET /api/grpc-pool/stats} returns as JSON (field names are the component names)
 * and what {@code admin.PoolMetrics} turns into Micrometer meters.
 *
 * <p>The pool fills one on its control thread and hands it to readers; it is never mutated, so any
 * thread may read it. The maps are copied into unmodifiable maps sorted by key, so the JSON is
 * stable from one call to the next.
 *
 * @param totalConnections upstream connections in the pool now, in any state
 * @param activeConnections connections carrying at least one stream
 * @param idleConnections connections open without streams
 * @param creatingConnections connections being dialled
 * @param failedConnectionsLast5m connections that failed in the last five minutes
 * @param queuedRequests connection requests waiting for a rate-limit token or a pool slot
 * @param rateLimitRemaining connection attempts the limiter would admit now
 * @param rateLimitUsed connection attempts counted in the current window
 * @param rateLimitMax the provider's limit per window (60 per 60 s)
 * @param rateLimitEffective the limit the pool enforces: {@code rateLimitMax} minus the safety margin
 * @param nextTokenInMillis milliseconds until the limiter admits the next attempt, 0 when it admits one now
 * @param totalStreams open Subscribe streams
 * @param connectionsPerMonitor monitor id → how many connections carry that monitor's filters
 * @param streamsPerConnection connection id → streams open on it
 * @param monitorsByGroup group ({@code high}, {@code medium}, {@code low}) → monitors declared in it
 * @param monitorStates monitor id → {@code active}, {@code waiting}, {@code failed} or {@code idle}
 * @param updatesReceived updates read from upstream since start (pings and pongs excluded)
 * @param updatesPublished updates acknowledged by Kafka since start
 * @param duplicatesDropped updates dropped as duplicates since start (stream overlap after a resume)
 * @param gaps gap records published since start (a resume past the provider's replay window)
 * @param publishFailures updates Kafka refused after its retries, since start
 * @param connectionsCreated connections dialled since start (every attempt the limiter admitted)
 * @param connectionsFailed connections that failed since start
 * @param connectionsExpired connections retired by TTL since start
 * @param connectionsRecycled idle connections reused since start
 * @param streamsOpened streams opened since start
 * @param streamsFailed streams ended by an error since start
 * @param streamsResumed streams re-opened with {@code from_slot} since start
 * @param avgConnectTimeMillis mean time from dial to a ready connection
 * @param avgQueueWaitMillis mean time a connection request waited in the queue
 * @param takenAt when the pool took the snapshot
 */
public record PoolStats(
    int totalConnections,
    int activeConnections,
    int idleConnections,
    int creatingConnections,
    long failedConnectionsLast5m,
    int queuedRequests,
    int rateLimitRemaining,
    int rateLimitUsed,
    int rateLimitMax,
    int rateLimitEffective,
    long nextTokenInMillis,
    int totalStreams,
    Map<String, Integer> connectionsPerMonitor,
    Map<String, Integer> streamsPerConnection,
    Map<String, Integer> monitorsByGroup,
    Map<String, String> monitorStates,
    long updatesReceived,
    long updatesPublished,
    long duplicatesDropped,
    long gaps,
    long publishFailures,
    long connectionsCreated,
    long connectionsFailed,
    long connectionsExpired,
    long connectionsRecycled,
    long streamsOpened,
    long streamsFailed,
    long streamsResumed,
    long avgConnectTimeMillis,
    long avgQueueWaitMillis,
    Instant takenAt) {

  /** Copies the maps (sorted, unmodifiable) and rejects missing maps and timestamp. */
  public PoolStats {
    connectionsPerMonitor = sortedCopy("connectionsPerMonitor", connectionsPerMonitor);
    streamsPerConnection = sortedCopy("streamsPerConnection", streamsPerConnection);
    monitorsByGroup = sortedCopy("monitorsByGroup", monitorsByGroup);
    monitorStates = sortedCopy("monitorStates", monitorStates);
    Objects.requireNonNull(takenAt, "takenAt is null, but must be the time the snapshot was taken");
  }

  /** The snapshot of a pool with nothing in it yet: every count zero, every map empty. */
  public static PoolStats empty(Instant takenAt) {
    return new PoolStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        Map.of(), Map.of(), Map.of(), Map.of(),
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, takenAt);
  }

  private static <V> Map<String, V> sortedCopy(String name, Map<String, V> map) {
    Objects.requireNonNull(map, () -> name + " is null, but must be a map (empty when there is nothing)");
    // TreeMap rejects null keys; null values are rejected here so readers never see one.
    map.forEach((key, value) -> Objects.requireNonNull(value, () -> name + " has a null value for '" + key + "'"));
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
