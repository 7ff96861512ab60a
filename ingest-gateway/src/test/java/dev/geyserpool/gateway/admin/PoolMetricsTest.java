package dev.geyserpool.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.PoolStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {
  private static final Duration TTL = Duration.ofMillis(500);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private PoolMetrics bind(Supplier<PoolStats> stats) {
    return PoolMetrics.bind(registry, stats, TTL, nanos::get);
  }

  @Test
  void scrapeShowsEverySnapshotValueUnderItsNameAndTags() {
    bind(TestStats::sample).refresh();

    assertThat(registry.scrape().lines()).contains(
        "geyserpool_connections{state=\"active\"} 3.0",
        "geyserpool_connections{state=\"idle\"} 7.0",
        "geyserpool_connections{state=\"creating\"} 2.0",
        "geyserpool_connection_failures_recent{window=\"5m\"} 4.0",
        "geyserpool_connection_load{streams=\"0\"} 1.0",
        "geyserpool_connection_load{streams=\"1-5\"} 1.0",
        "geyserpool_connection_load{streams=\"6-10\"} 1.0",
        "geyserpool_connection_load{streams=\"11-15\"} 1.0",
        "geyserpool_connection_load{streams=\"16+\"} 0.0",
        "geyserpool_connection_events_total{event=\"created\"} 2001.0",
        "geyserpool_connection_events_total{event=\"failed\"} 2002.0",
        "geyserpool_connection_events_total{event=\"expired\"} 2003.0",
        "geyserpool_connection_events_total{event=\"recycled\"} 2004.0",
        "geyserpool_streams 17.0",
        "geyserpool_stream_events_total{event=\"opened\"} 3001.0",
        "geyserpool_stream_events_total{event=\"failed\"} 3002.0",
        "geyserpool_stream_events_total{event=\"resumed\"} 3003.0",
        "geyserpool_ratelimit_remaining 21.0",
        "geyserpool_ratelimit_used 37.0",
        "geyserpool_ratelimit_limit 60.0",
        "geyserpool_ratelimit_effective 54.0",
        "geyserpool_ratelimit_next_token_seconds 1.5",
        "geyserpool_queue_depth 5.0",
        "geyserpool_monitor_connections{monitor=\"pf-price\"} 3.0",
        "geyserpool_monitor_connections{monitor=\"pf-mint\"} 2.0",
        "geyserpool_monitor_state{monitor=\"pf-price\",state=\"active\"} 1.0",
        "geyserpool_monitor_state{monitor=\"pf-mint\",state=\"waiting\"} 1.0",
        "geyserpool_monitors{state=\"active\"} 1.0",
        "geyserpool_monitors{state=\"waiting\"} 1.0",
        "geyserpool_monitors{state=\"failed\"} 0.0",
        "geyserpool_monitors{state=\"idle\"} 0.0",
        "geyserpool_group_monitors{group=\"high\"} 2.0",
        "geyserpool_group_monitors{group=\"medium\"} 3.0",
        "geyserpool_group_monitors{group=\"low\"} 1.0",
        "geyserpool_updates_received_total 1001.0",
        "geyserpool_updates_processed_total{outcome=\"published\"} 1002.0",
        "geyserpool_updates_processed_total{outcome=\"duplicate\"} 1003.0",
        "geyserpool_updates_processed_total{outcome=\"failed\"} 1005.0",
        "geyserpool_gaps_total 1004.0");
  }

  @Test
  void monitorThatDisappearsIsNoLongerExportedAndItsMetersAreRemoved() {
    AtomicReference<PoolStats> stats = new AtomicReference<>(TestStats.sample());
    PoolMetrics metrics = bind(stats::get);
    metrics.refresh();
    assertThat(registry.scrape()).contains("monitor=\"pf-mint\"");
    int metersWithTwoMonitors = registry.getMeters().size();

    stats.set(TestStats.sample(Map.of("pf-price", 3, "graduation", 1), Map.of("pf-price", "failed", "graduation", "idle")));
    metrics.refresh();
    String scrape = registry.scrape();

    assertThat(scrape).doesNotContain("pf-mint");
    assertThat(scrape.lines()).contains(
        "geyserpool_monitor_connections{monitor=\"graduation\"} 1.0",
        "geyserpool_monitor_state{monitor=\"pf-price\",state=\"failed\"} 1.0",
        "geyserpool_monitor_state{monitor=\"graduation\",state=\"idle\"} 1.0");
    assertThat(scrape).doesNotContain("geyserpool_monitor_state{monitor=\"pf-price\",state=\"active\"}");
    assertThat(registry.find("geyserpool.monitor.connections").tag("monitor", "pf-mint").gauge()).isNull();
    assertThat(registry.getMeters()).hasSize(metersWithTwoMonitors);

    stats.set(TestStats.sample(Map.of(), Map.of()));
    metrics.refresh();
    assertThat(registry.scrape()).doesNotContain("geyserpool_monitor_connections{", "geyserpool_monitor_state{");
    assertThat(registry.find("geyserpool.monitor.connections").gauges()).isEmpty();
  }

  @Test
  void monitorChangesReachTheScrapeWithoutAnExplicitRefresh() {
    AtomicReference<PoolStats> stats = new AtomicReference<>(TestStats.sample());
    bind(stats::get);
    // A refresh triggered mid-scrape registers the monitors' series: they show from the next scrape on.
    registry.scrape();
    assertThat(registry.scrape()).contains("geyserpool_monitor_connections{monitor=\"pf-mint\"} 2.0");

    stats.set(TestStats.sample(Map.of("pf-price", 3), Map.of("pf-price", "active")));
    nanos.addAndGet(TTL.toNanos());
    registry.scrape();
    nanos.addAndGet(TTL.toNanos());

    assertThat(registry.scrape()).doesNotContain("pf-mint").contains("monitor=\"pf-price\"");
  }

  @Test
  void supplierIsCalledOncePerScrape() {
    AtomicInteger calls = new AtomicInteger();
    PoolMetrics metrics = bind(() -> {
      calls.incrementAndGet();
      return TestStats.sample();
    });
    assertThat(calls).hasValue(0);

    registry.scrape();
    assertThat(calls).hasValue(1);

    nanos.addAndGet(TTL.toNanos() - 1);
    registry.scrape();
    assertThat(calls).as("a second scrape within the time to live reuses the snapshot").hasValue(1);

    nanos.addAndGet(1);
    registry.scrape();
    assertThat(calls).hasValue(2);

    metrics.refresh();
    registry.scrape();
    assertThat(calls).as("refresh then scrape, as AdminServer does").hasValue(3);
  }

  @Test
  void failingSupplierKeepsTheLastSnapshotAndIsNotCalledPerMeter() {
    AtomicInteger calls = new AtomicInteger();
    PoolMetrics metrics = bind(() -> {
      if (calls.incrementAndGet() > 1) {
        throw new IllegalStateException("pool is restarting");
      }
      return TestStats.sample();
    });
    metrics.refresh();
    nanos.addAndGet(TTL.toNanos());

    String scrape = registry.scrape();

    assertThat(calls).hasValue(2);
    assertThat(scrape.lines()).contains("geyserpool_connections{state=\"active\"} 3.0", "geyserpool_streams 17.0");
  }

  @Test
  void recordedDurationsLandInTheTimers() {
    PoolMetrics metrics = bind(TestStats::sample);

    metrics.recordConnectTime(Duration.ofMillis(120));
    metrics.recordQueueWait(Duration.ofMillis(2500));
    metrics.recordPublishLatency(Duration.ofMillis(3));
    metrics.recordPublishLatency(Duration.ofMillis(40));

    assertThat(registry.scrape().lines()).contains(
        "geyserpool_connection_connect_duration_seconds_count 1",
        "geyserpool_connection_connect_duration_seconds_sum 0.12",
        "geyserpool_connection_connect_duration_seconds_bucket{le=\"0.1\"} 0",
        "geyserpool_connection_connect_duration_seconds_bucket{le=\"0.25\"} 1",
        "geyserpool_queue_wait_duration_seconds_count 1",
        "geyserpool_queue_wait_duration_seconds_bucket{le=\"1.0\"} 0",
        "geyserpool_queue_wait_duration_seconds_bucket{le=\"5.0\"} 1",
        "geyserpool_publish_latency_seconds_count 2",
        "geyserpool_publish_latency_seconds_bucket{le=\"0.005\"} 1",
        "geyserpool_publish_latency_seconds_bucket{le=\"0.05\"} 2");
  }

  @Test
  void closeRemovesEveryMeterItRegistered() {
    PoolMetrics metrics = bind(TestStats::sample);
    metrics.refresh();
    assertThat(registry.getMeters()).isNotEmpty();

    metrics.close();

    assertThat(registry.getMeters()).isEmpty();
    assertThat(registry.scrape()).doesNotContain("geyserpool_");
  }
}
