package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.AggregatorStores;
import dev.geyserpool.aggregator.internal.state.GatewayState;
import dev.geyserpool.aggregator.internal.state.PoolFact;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of {@link GatewayTracker}: per gateway id (the key of {@code geyser.pool-events}),
 * loads the state, applies the event, and writes the state, the real-time metrics, the windows and
 * points back; forwards closed windows, alerts and monitor facts. A wall-clock punctuation every
 * tick does the same without an event for every gateway of the task, so the time-based values
 * move and windows close while a gateway is silent.
 *
 * <p>Kafka Streams runs one instance per task on one thread.
 */
public final class GatewayProcessor implements Processor<String, PoolEvent, String, Routed> {
  private static final Logger log = LoggerFactory.getLogger(GatewayProcessor.class);

  private final AggregatorConfig config;
  private final HealthScorer scorer;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, GatewayState> states;
  private KeyValueStore<String, PoolMetrics> metrics;
  private WindowStore<String, PoolMetricsWindow> windows;
  private WindowStore<String, PoolSeriesPoint> series;
  private long startWallMillis;

  public GatewayProcessor(AggregatorConfig config) {
    this.config = config;
    this.scorer = new HealthScorer(config.health());
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.states = context.getStateStore(StateStores.GATEWAY_STATE);
    this.metrics = context.getStateStore(AggregatorStores.POOL_METRICS);
    this.windows = context.getStateStore(AggregatorStores.POOL_METRICS_5M);
    this.series = context.getStateStore(AggregatorStores.POOL_SERIES_10S);
    this.startWallMillis = context.currentSystemTimeMs();
    context.schedule(config.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, PoolEvent> record) {
    PoolEvent event = record.value();
    if (event == null) {
      return;
    }
    String gateway = record.key() != null && !record.key().isEmpty() ? record.key() : event.getGatewayId();
    if (gateway.isEmpty()) {
      log.warn("skipping a pool event without gateway id (type {}, at {} us)", event.getType(),
          event.getAtEpochMicros());
      return;
    }
    long at = event.getAtEpochMicros() > 0 ? event.getAtEpochMicros() : record.timestamp() * 1000;
    GatewayTracker tracker = new GatewayTracker(config, scorer, gateway, states.get(gateway),
        context.currentSystemTimeMs(), startWallMillis);
    tracker.onEvent(event, at);
    save(gateway, tracker);
  }

  private void tick(long wallMillis) {
    List<KeyValue<String, GatewayState>> all = new ArrayList<>();
    try (KeyValueIterator<String, GatewayState> it = states.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, GatewayState> entry : all) {
      GatewayTracker tracker = new GatewayTracker(config, scorer, entry.key, entry.value, wallMillis, startWallMillis);
      tracker.onTick();
      if (tracker.forgettable()) {
        log.info("forgetting gateway {}: nothing from it for longer than the retention ({})", entry.key,
            config.retention());
        states.delete(entry.key);
        metrics.delete(entry.key);
        forward(entry.key, tracker);
      } else {
        save(entry.key, tracker);
      }
    }
  }

  private void save(String gateway, GatewayTracker tracker) {
    states.put(gateway, tracker.state());
    metrics.put(gateway, tracker.metrics());
    for (PoolMetricsWindow w : tracker.windows()) {
      windows.put(gateway, w, w.getWindowStartEpochMillis());
    }
    for (PoolSeriesPoint p : tracker.points()) {
      series.put(gateway, p, p.getStartEpochMillis());
    }
    forward(gateway, tracker);
  }

  private void forward(String gateway, GatewayTracker tracker) {
    long at = tracker.now() / 1000;
    for (PoolMetricsWindow w : tracker.windows()) {
      if (w.getFinal()) {
        context.forward(new Record<>(gateway, new Routed.Window(w), at));
      }
    }
    for (PoolAlert a : tracker.alerts()) {
      context.forward(new Record<>(a.getAlertId(), new Routed.Alert(a), at));
    }
    for (PoolFact f : tracker.facts()) {
      context.forward(new Record<>(f.getMonitorId(), new Routed.Fact(f), at));
    }
  }
}
