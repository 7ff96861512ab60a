package dev.geyserpool.aggregator;

import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A {@link TopologyTestDriver} on {@link MetricsTopology#buildTopology} with the job's own
 * properties, its topics and stores, and the aggregator's clock (the driver's wall clock), which
 * starts at {@link #T0} like the events' time.
 */
final class Harness implements AutoCloseable {
  /** 10:00:00, the start of a 5-minute window. */
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final AggregatorConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<String, PoolEvent> events;
  final TestInputTopic<String, MonitorHeartbeat> heartbeats;
  final TestInputTopic<String, SubscriptionStatus> statuses;
  final TestOutputTopic<String, PoolMetricsWindow> history;
  final TestOutputTopic<String, PoolAlert> alerts;
  private Instant wall = T0;

  Harness(Path stateDir) {
    this(AggregatorConfig.builder().stateDir(stateDir).applicationId("aggregator-test").build());
  }

  Harness(AggregatorConfig config) {
    this.config = config;
    this.driver = new TopologyTestDriver(MetricsTopology.buildTopology(config), config.streamsProperties(), T0);
    AggregatorConfig.TopicNames t = config.topics();
    events = driver.createInputTopic(t.poolEvents(), Serdes.String().serializer(),
        AggregatorSerdes.POOL_EVENT.serializer());
    heartbeats = driver.createInputTopic(t.monitorHeartbeats(), Serdes.String().serializer(),
        AggregatorSerdes.MONITOR_HEARTBEAT.serializer());
    statuses = driver.createInputTopic(t.subscriptionStatus(), Serdes.String().serializer(),
        AggregatorSerdes.SUBSCRIPTION_STATUS.serializer());
    history = driver.createOutputTopic(t.poolMetrics5m(), Serdes.String().deserializer(),
        AggregatorSerdes.POOL_METRICS_WINDOW.deserializer());
    alerts = driver.createOutputTopic(t.alerts(), Serdes.String().deserializer(),
        AggregatorSerdes.POOL_ALERT.deserializer());
  }

  void pipe(PoolEvent... list) {
    for (PoolEvent e : list) {
      events.pipeInput(e.getGatewayId(), e, e.getAtEpochMicros() / 1000);
    }
  }

  void heartbeat(String monitor, String group, String state, double rate, Instant at) {
    MonitorHeartbeat hb = MonitorHeartbeat.newBuilder().setMonitorId(monitor).setGroup(group).setState(state)
        .setRatePerSecond(rate).setDelivered((long) (rate * 5)).setInstanceId(monitor + "-1").setLag(3)
        .setLatencyP50Millis(4).setLatencyP99Millis(40).setAtEpochMicros(micros(at)).build();
    heartbeats.pipeInput(monitor, hb, at.toEpochMilli());
  }

  void status(String monitor, SubscriptionState state, String reason, Instant at) {
    SubscriptionStatus s = SubscriptionStatus.newBuilder().setMonitorId(monitor).setState(state).setReason(reason)
        .setGatewayId("gw-1").setAtEpochMicros(micros(at)).build();
    statuses.pipeInput(monitor, s, at.toEpochMilli());
  }

  void deleteStatus(String monitor, Instant at) {
    statuses.pipeInput(monitor, null, at.toEpochMilli());
  }

  /** Moves the aggregator's clock to {@code at} (never back); the punctuations run. */
  void wallClockTo(Instant at) {
    if (at.isAfter(wall)) {
      driver.advanceWallClockTime(Duration.between(wall, at));
      wall = at;
    }
  }

  void wallClockBy(Duration d) {
    wallClockTo(wall.plus(d));
  }

  Instant wall() {
    return wall;
  }

  PoolMetrics metrics(String gateway) {
    KeyValueStore<String, PoolMetrics> store = driver.getKeyValueStore(AggregatorStores.POOL_METRICS);
    return store.get(gateway);
  }

  MonitorMetrics monitor(String monitor) {
    KeyValueStore<String, MonitorMetrics> store = driver.getKeyValueStore(AggregatorStores.MONITOR_METRICS);
    return store.get(monitor);
  }

  GroupMetrics group(String group) {
    KeyValueStore<String, GroupMetrics> store = driver.getKeyValueStore(AggregatorStores.GROUP_METRICS);
    return store.get(group);
  }

  PoolAlert alert(String alertId) {
    KeyValueStore<String, PoolAlert> store = driver.getKeyValueStore(AggregatorStores.ALERTS);
    return store.get(alertId);
  }

  /** The windows of the window store for a gateway, oldest first. */
  List<PoolMetricsWindow> storedWindows(String gateway, Instant from, Instant to) {
    WindowStore<String, PoolMetricsWindow> store = driver.getWindowStore(AggregatorStores.POOL_METRICS_5M);
    return fetch(store, gateway, from, to);
  }

  List<PoolSeriesPoint> storedPoints(String gateway, Instant from, Instant to) {
    WindowStore<String, PoolSeriesPoint> store = driver.getWindowStore(AggregatorStores.POOL_SERIES_10S);
    return fetch(store, gateway, from, to);
  }

  private static <V> List<V> fetch(WindowStore<String, V> store, String key, Instant from, Instant to) {
    List<V> list = new ArrayList<>();
    try (WindowStoreIterator<V> it = store.fetch(key, from, to)) {
      while (it.hasNext()) {
        KeyValue<Long, V> kv = it.next();
        list.add(kv.value);
      }
    }
    return list;
  }

  /** The alerts published since the last call, in order. */
  List<PoolAlert> publishedAlerts() {
    return alerts.readValuesToList();
  }

  List<PoolMetricsWindow> publishedWindows() {
    return history.readValuesToList();
  }

  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
  }

  @Override
  public void close() {
    driver.close();
  }
}
