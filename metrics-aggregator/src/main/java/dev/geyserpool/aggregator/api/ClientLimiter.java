package dev.geyserpool.aggregator.api;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One bucket4j token bucket per client (remote address): {@code burst} requests at once, refilled
 * greedily at {@code requestsPerSecond}. The buckets of the {@value #MAX_CLIENTS} clients seen
 * last are kept; a client forgotten starts again with a full bucket, which is what it would have
 * after the idle time that made it least recent.
 *
 * <p>Thread-safe: the map is guarded by this object's lock, held only to find or add a bucket
 * (no I/O); buckets are thread-safe themselves.
 */
final class ClientLimiter {
  static final int MAX_CLIENTS = 10_000;

  /** Whether a request may go on, and if not, how long until one would be admitted. */
  record Verdict(boolean allowed, long retryAfterNanos) {}

  private final int requestsPerSecond;
  private final int burst;
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  ClientLimiter(int requestsPerSecond, int burst) {
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
  }

  Verdict tryAcquire(String client) {
    ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
    return new Verdict(probe.isConsumed(), probe.getNanosToWaitForRefill());
  }

  /** A sentence for a 429 answer: the client, the limit and when to retry. */
  String describe(String client, Verdict verdict) {
    long seconds = Math.max(1, Duration.ofNanos(verdict.retryAfterNanos()).toSeconds() + 1);
    return "too many requests from " + client + ": the API allows " + requestsPerSecond + " requests/s per client"
        + " (bursts of " + burst + "); retry after " + seconds + " s, or poll less often (the WebSocket at "
        + AggregatorApi.LIVE_PATH + " pushes the metrics every second)";
  }

  private synchronized Bucket bucket(String client) {
    return buckets.computeIfAbsent(client, c -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build())
        .build());
  }
}
