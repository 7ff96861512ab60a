package dev.geyserpool.aggregator;

import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.proto.pool.SubscriptionStatus;

/** The serdes of the job's topics and stores (keys are UTF-8 strings). Thread-safe. */
public final class AggregatorSerdes {
  public static final ProtoSerde<PoolEvent> POOL_EVENT = new ProtoSerde<>(PoolEvent.parser(), PoolEvent.class);
  public static final ProtoSerde<MonitorHeartbeat> MONITOR_HEARTBEAT =
      new ProtoSerde<>(MonitorHeartbeat.parser(), MonitorHeartbeat.class);
  public static final ProtoSerde<SubscriptionStatus> SUBSCRIPTION_STATUS =
      new ProtoSerde<>(SubscriptionStatus.parser(), SubscriptionStatus.class);
  public static final ProtoSerde<PoolMetrics> POOL_METRICS = new ProtoSerde<>(PoolMetrics.parser(), PoolMetrics.class);
  public static final ProtoSerde<PoolMetricsWindow> POOL_METRICS_WINDOW =
      new ProtoSerde<>(PoolMetricsWindow.parser(), PoolMetricsWindow.class);
  public static final ProtoSerde<PoolSeriesPoint> POOL_SERIES_POINT =
      new ProtoSerde<>(PoolSeriesPoint.parser(), PoolSeriesPoint.class);
  public static final ProtoSerde<MonitorMetrics> MONITOR_METRICS =
      new ProtoSerde<>(MonitorMetrics.parser(), MonitorMetrics.class);
  public static final ProtoSerde<GroupMetrics> GROUP_METRICS = new ProtoSerde<>(GroupMetrics.parser(), GroupMetrics.class);
  public static final ProtoSerde<PoolAlert> POOL_ALERT = new ProtoSerde<>(PoolAlert.parser(), PoolAlert.class);

  private AggregatorSerdes() {}
}
