package dev.geyserpool.aggregator;

/**
 * The names of the job's state stores, for interactive queries. All keys are strings; values
 * are the messages of {@code geyserpool.proto}, read with {@link AggregatorSerdes}.
 *
 * <table>
 *   <caption>Queryable stores</caption>
 *   <tr><th>store</th><th>type</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #POOL_METRICS}</td><td>key-value</td><td>gateway id</td><td>{@code PoolMetrics}</td></tr>
 *   <tr><td>{@value #POOL_METRICS_5M}</td><td>window (5 min, 24 h kept)</td><td>gateway id</td>
 *       <td>{@code PoolMetricsWindow}</td></tr>
 *   <tr><td>{@value #POOL_SERIES_10S}</td><td>window (10 s, 30 min kept)</td><td>gateway id</td>
 *       <td>{@code PoolSeriesPoint}</td></tr>
 *   <tr><td>{@value #MONITOR_METRICS}</td><td>key-value</td><td>monitor id</td><td>{@code MonitorMetrics}</td></tr>
 *   <tr><td>{@value #GROUP_METRICS}</td><td>key-value</td><td>group id</td><td>{@code GroupMetrics}</td></tr>
 *   <tr><td>{@value #ALERTS}</td><td>key-value (a table of the alerts topic)</td><td>alert id</td>
 *       <td>{@code PoolAlert}, the latest raise or clear</td></tr>
 * </table>
 *
 * <p>The window stores are keyed by the window's start time. Each store is partitioned as its
 * key: with several instances, {@code KafkaStreams.queryMetadataForKey} names the owner.
 */
public final class AggregatorStores {
  public static final String POOL_METRICS = "pool-metrics";
  public static final String POOL_METRICS_5M = "pool-metrics-5m";
  public static final String POOL_SERIES_10S = "pool-series-10s";
  public static final String MONITOR_METRICS = "monitor-metrics";
  public static final String GROUP_METRICS = "group-metrics";
  public static final String ALERTS = "alerts";

  private AggregatorStores() {}
}
