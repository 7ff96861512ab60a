package dev.geyserpool.gateway.admin;

import dev.geyserpool.gateway.PoolStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the pool's {@link PoolStats} snapshots to a Micrometer {@link MeterRegistry}, and gives the
 * pool timers to record into directly.
 *
 * <p><b>Meters</b> (Prometheus names in brackets; counters get {@code _total}, timers
 * {@code _seconds_count|_sum|_max|_bucket}):
 * <ul>
 *   <li>{@code geyserpool.connections{state=active|idle|creating}} gauge [{@code geyserpool_connections}]
 *   <li>{@code geyserpool.connection.failures.recent{window=5m}} gauge: failures in the last 5 minutes
 *   <li>{@code geyserpool.connection.load{streams=0|1-5|6-10|11-15|16+}} gauge: connections carrying
 *       that many streams (the seed's stream-distribution histogram, with stable series)
 *   <li>{@code geyserpool.connection.events{event=created|failed|expired|recycled}} function counter
 *   <li>{@code geyserpool.streams} gauge: open streams
 *   <li>{@code geyserpool.stream.events{event=opened|failed|resumed}} function counter
 *   <li>{@code geyserpool.ratelimit.remaining}, {@code .used}, {@code .limit} (the provider's),
 *       {@code .effective} (the limit minus the safety margin) gauges, and
 *       {@code geyserpool.ratelimit.next.token} time gauge [{@code geyserpool_ratelimit_next_token_seconds}]
 *   <li>{@code geyserpool.queue.depth} gauge: queued connection requests
 *   <li>{@code geyserpool.monitor.connections{monitor}} gauge, one series per monitor present
 *   <li>{@code geyserpool.monitor.state{monitor,state}} gauge, 1 for the monitor's current state only
 *   <li>{@code geyserpool.monitors{state=active|waiting|failed|idle}} gauge: monitors in each state
 *   <li>{@code geyserpool.group.monitors{group=high|medium|low}} gauge: monitors declared per group
 *   <li>{@code geyserpool.updates.received} function counter
 *   <li>{@code geyserpool.updates.processed{outcome=published|duplicate|failed}} function counter:
 *       received minus the sum over outcomes is the number still in flight
 *   <li>{@code geyserpool.gaps} function counter: gap records published
 *   <li>{@code geyserpool.connection.connect.duration}, {@code geyserpool.queue.wait.duration},
 *       {@code geyserpool.publish.latency} timers, fed by the {@code record*} methods
 * </ul>
 * Cumulative counts share one name per noun with the kind of event as a tag, rather than one name
 * per event: Prometheus' client 1.x strips the reserved suffixes {@code _created}/{@code _total}
 * from names, so {@code geyserpool.connections.created} maps to the Prometheus name of the
 * {@code geyserpool_connections} gauge and Micrometer 1.17 refuses to register it (a logged warning
 * and a meter that is never exported). The snapshot's averages ({@code avgConnectTimeMillis},
 * {@code avgQueueWaitMillis}) are not exported: the timers carry the same information, better.
 *
 * <p><b>Snapshots.</b> Every gauge and function counter reads one cached snapshot. The supplier is
 * called when the cached one is older than the time to live (500 ms by default), so a scrape that
 * reads all meters within that time calls it once; {@link #refresh()} forces a new one and is what a
 * scrape endpoint calls first (see {@code AdminServer.Builder#beforeScrape}). Monitors that
 * appear or disappear get their series added or removed at each refresh; a refresh triggered in the
 * middle of a scrape shows the change from the next scrape on. A supplier that throws is logged
 * (once per failure streak) and the previous snapshot kept.
 *
 * <p><b>Threading.</b> Safe for concurrent use: the {@code record*} methods from any thread (they
 * only update Micrometer timers, never block), meter reads from the scraping threads. The supplier
 * is called on a scraping thread, outside any lock, and must be cheap and non-blocking (it should
 * return the pool's latest published snapshot). <b>Ownership:</b> the registry belongs to the
 * caller; {@link #close()} removes every meter this object registered.
 */
public final class PoolMetrics implements AutoCloseable, dev.geyserpool.gateway.GatewayTimings {
  private static final Logger log = LoggerFactory.getLogger(PoolMetrics.class);

  /** How long one snapshot serves meter reads: longer than a scrape, shorter than a scrape interval. */
  public static final Duration DEFAULT_SNAPSHOT_TTL = Duration.ofMillis(500);

  private static final List<String> MONITOR_STATES = List.of("active", "waiting", "failed", "idle");
  private static final List<String> GROUPS = List.of("high", "medium", "low");
  private static final List<LoadRange> LOAD_RANGES = List.of(
      new LoadRange("0", 0, 0), new LoadRange("1-5", 1, 5), new LoadRange("6-10", 6, 10),
      new LoadRange("11-15", 11, 15), new LoadRange("16+", 16, Integer.MAX_VALUE));

  private final MeterRegistry registry;
  private final Supplier<PoolStats> source;
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private final List<Meter> meters = new ArrayList<>();
  private final DynamicGauges<String> monitorConnections;
  private final DynamicGauges<MonitorState> monitorState;
  private final DynamicGauges<String> monitorsByState;
  private final DynamicGauges<String> monitorsByGroup;
  private final Timer connectTime;
  private final Timer queueWait;
  private final Timer publishLatency;

  private volatile Cached cached;
  private volatile boolean supplierFailing;

  private record Cached(PoolStats stats, long atNanos) {}

  private record MonitorState(String monitor, String state) {}

  private record LoadRange(String tag, int min, int max) {}

  private PoolMetrics(MeterRegistry registry, Supplier<PoolStats> source, Duration snapshotTtl, LongSupplier nanoTime) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.source = Objects.requireNonNull(source, "stats supplier");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    if (snapshotTtl.isNegative()) {
      throw new IllegalArgumentException("snapshotTtl is " + snapshotTtl + ", but must not be negative");
    }
    this.ttlNanos = snapshotTtl.toNanos();

    // Built before any meter is registered: a scrape racing this constructor may refresh and reconcile.
    monitorConnections = new DynamicGauges<>(registry, "geyserpool.monitor.connections",
        "Connections carrying the monitor's filters", id -> Tags.of("monitor", id),
        id -> valueOrNaN(current().connectionsPerMonitor().get(id)), List.of());
    monitorState = new DynamicGauges<>(registry, "geyserpool.monitor.state",
        "1 for the monitor's current state", ms -> Tags.of("monitor", ms.monitor(), "state", ms.state()),
        ms -> ms.state().equals(current().monitorStates().get(ms.monitor())) ? 1 : Double.NaN, List.of());
    monitorsByState = new DynamicGauges<>(registry, "geyserpool.monitors", "Monitors by state",
        state -> Tags.of("state", state),
        state -> current().monitorStates().values().stream().filter(state::equals).count(), MONITOR_STATES);
    monitorsByGroup = new DynamicGauges<>(registry, "geyserpool.group.monitors", "Monitors declared per group",
        group -> Tags.of("group", group),
        group -> current().monitorsByGroup().getOrDefault(group, 0), GROUPS);

    gauge("geyserpool.connections", "Upstream connections by state", Tags.of("state", "active"),
        PoolStats::activeConnections);
    gauge("geyserpool.connections", "Upstream connections by state", Tags.of("state", "idle"),
        PoolStats::idleConnections);
    gauge("geyserpool.connections", "Upstream connections by state", Tags.of("state", "creating"),
        PoolStats::creatingConnections);
    gauge("geyserpool.connection.failures.recent", "Connections that failed in the window",
        Tags.of("window", "5m"), PoolStats::failedConnectionsLast5m);
    for (LoadRange range : LOAD_RANGES) {
      gauge("geyserpool.connection.load", "Connections carrying this many streams",
          Tags.of("streams", range.tag()), s -> countIn(s.streamsPerConnection(), range));
    }
    counter("geyserpool.connection.events", "Connection lifecycle events since start", "event", "created",
        PoolStats::connectionsCreated);
    counter("geyserpool.connection.events", "Connection lifecycle events since start", "event", "failed",
        PoolStats::connectionsFailed);
    counter("geyserpool.connection.events", "Connection lifecycle events since start", "event", "expired",
        PoolStats::connectionsExpired);
    counter("geyserpool.connection.events", "Connection lifecycle events since start", "event", "recycled",
        PoolStats::connectionsRecycled);

    gauge("geyserpool.streams", "Open Subscribe streams", Tags.empty(), PoolStats::totalStreams);
    counter("geyserpool.stream.events", "Stream lifecycle events since start", "event", "opened",
        PoolStats::streamsOpened);
    counter("geyserpool.stream.events", "Stream lifecycle events since start", "event", "failed",
        PoolStats::streamsFailed);
    counter("geyserpool.stream.events", "Stream lifecycle events since start", "event", "resumed",
        PoolStats::streamsResumed);

    gauge("geyserpool.ratelimit.remaining", "Connection attempts the limiter admits now", Tags.empty(),
        PoolStats::rateLimitRemaining);
    gauge("geyserpool.ratelimit.used", "Connection attempts counted in the current window", Tags.empty(),
        PoolStats::rateLimitUsed);
    gauge("geyserpool.ratelimit.limit", "The provider's connection limit per window", Tags.empty(),
        PoolStats::rateLimitMax);
    gauge("geyserpool.ratelimit.effective", "The enforced limit: provider limit minus safety margin",
        Tags.empty(), PoolStats::rateLimitEffective);
    meters.add(TimeGauge.builder("geyserpool.ratelimit.next.token", this, TimeUnit.MILLISECONDS,
            m -> m.current().nextTokenInMillis())
        .description("Time until the limiter admits the next attempt").register(registry));
    gauge("geyserpool.queue.depth", "Connection requests waiting", Tags.empty(), PoolStats::queuedRequests);

    counter("geyserpool.updates.received", "Updates read from upstream since start", null, null,
        PoolStats::updatesReceived);
    counter("geyserpool.updates.processed", "Updates handled since start, by outcome", "outcome", "published",
        PoolStats::updatesPublished);
    counter("geyserpool.updates.processed", "Updates handled since start, by outcome", "outcome", "duplicate",
        PoolStats::duplicatesDropped);
    counter("geyserpool.updates.processed", "Updates handled since start, by outcome", "outcome", "failed",
        PoolStats::publishFailures);
    counter("geyserpool.gaps", "Gap records published since start", null, null, PoolStats::gaps);

    connectTime = timer("geyserpool.connection.connect.duration", "Time from dial to a ready upstream connection",
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30));
    queueWait = timer("geyserpool.queue.wait.duration", "Time a connection request waited for a token or slot",
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
    publishLatency = timer("geyserpool.publish.latency", "Time from receiving an update to Kafka's acknowledgement",
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5));

    // Registers the fixed series (the three groups, the four monitor states) without calling the supplier.
    Cached c = cached;
    reconcile(c == null ? PoolStats.empty(Instant.EPOCH) : c.stats());
  }

  /** Binds {@code stats} to {@code registry} with the default snapshot time to live and the system clock. */
  public static PoolMetrics bind(MeterRegistry registry, Supplier<PoolStats> stats) {
    return bind(registry, stats, DEFAULT_SNAPSHOT_TTL, System::nanoTime);
  }

  /**
   * Binds {@code stats} to {@code registry}; a snapshot serves meter reads for {@code snapshotTtl}
   * as measured by {@code nanoTime} (a monotonic clock, faked in tests).
   */
  public static PoolMetrics bind(MeterRegistry registry, Supplier<PoolStats> stats, Duration snapshotTtl,
      LongSupplier nanoTime) {
    return new PoolMetrics(registry, stats, snapshotTtl, nanoTime);
  }

  /** Records how long one upstream connection took from dial to ready. */
  public void recordConnectTime(Duration duration) {
    connectTime.record(duration);
  }

  /** Records how long one connection request waited in the queue. */
  public void recordQueueWait(Duration duration) {
    queueWait.record(duration);
  }

  /** Records how long one update took from receipt to Kafka's acknowledgement. */
  public void recordPublishLatency(Duration duration) {
    publishLatency.record(duration);
  }

  @Override
  public void connectTime(Duration duration) {
    recordConnectTime(duration);
  }

  @Override
  public void queueWait(Duration duration) {
    recordQueueWait(duration);
  }

  @Override
  public void publishLatency(Duration duration) {
    recordPublishLatency(duration);
  }

  /**
   * Takes a new snapshot from the supplier now, and adds or removes the per-monitor series to match
   * it. Returns the snapshot the meters will read (the previous one if the supplier failed).
   */
  public PoolStats refresh() {
    PoolStats stats;
    Cached previous = cached;
    try {
      stats = Objects.requireNonNull(source.get(), "the stats supplier returned null");
      if (supplierFailing) {
        supplierFailing = false;
        log.info("Pool stats supplier recovered; metrics are current again");
      }
    } catch (RuntimeException e) {
      if (!supplierFailing) {
        supplierFailing = true;
        log.warn("Pool stats supplier failed; metrics keep the snapshot of {} until it recovers",
            previous == null ? "(none)" : previous.stats().takenAt(), e);
      }
      stats = previous == null ? PoolStats.empty(Instant.EPOCH) : previous.stats();
    }
    // Stamped even on failure, so a failing supplier is not called again for every meter.
    cached = new Cached(stats, nanoTime.getAsLong());
    reconcile(stats);
    return stats;
  }

  /** Removes every meter this object registered from the registry. */
  @Override
  public void close() {
    List.of(monitorConnections, monitorState, monitorsByState, monitorsByGroup).forEach(DynamicGauges::removeAll);
    meters.forEach(registry::remove);
    meters.clear();
  }

  private PoolStats current() {
    Cached c = cached;
    if (c != null && nanoTime.getAsLong() - c.atNanos() < ttlNanos) {
      return c.stats();
    }
    return refresh();
  }

  private void reconcile(PoolStats stats) {
    monitorConnections.reconcile(stats.connectionsPerMonitor().keySet());
    List<MonitorState> states = new ArrayList<>();
    stats.monitorStates().forEach((monitor, state) -> states.add(new MonitorState(monitor, state)));
    monitorState.reconcile(states);
    monitorsByState.reconcile(new HashSet<>(stats.monitorStates().values()));
    monitorsByGroup.reconcile(stats.monitorsByGroup().keySet());
  }

  private void gauge(String name, String description, Tags tags, ToDoubleFunction<PoolStats> value) {
    meters.add(Gauge.builder(name, this, m -> value.applyAsDouble(m.current()))
        .description(description).tags(tags).register(registry));
  }

  private void counter(String name, String description, String tagKey, String tagValue,
      ToDoubleFunction<PoolStats> value) {
    FunctionCounter.Builder<PoolMetrics> builder =
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.current())).description(description);
    if (tagKey != null) {
      builder.tag(tagKey, tagValue);
    }
    meters.add(builder.register(registry));
  }

  private Timer timer(String name, String description, Duration... buckets) {
    Timer timer = Timer.builder(name).description(description).serviceLevelObjectives(buckets).register(registry);
    meters.add(timer);
    return timer;
  }

  private static double countIn(Map<String, Integer> streamsPerConnection, LoadRange range) {
    return streamsPerConnection.values().stream().filter(n -> n >= range.min() && n <= range.max()).count();
  }

  private static double valueOrNaN(Integer value) {
    return value == null ? Double.NaN : value;
  }
}
