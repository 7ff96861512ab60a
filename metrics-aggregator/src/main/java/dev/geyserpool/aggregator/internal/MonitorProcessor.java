package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.AggregatorStores;
import dev.geyserpool.aggregator.internal.state.MonitorInput;
import dev.geyserpool.aggregator.internal.state.MonitorState;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka side of {@link MonitorTracker}, per monitor id (the key of the repartitioned
 * heartbeats, statuses and pool facts): stores the state and the {@link MonitorMetrics},
 * forwards alerts and group updates; a wall-clock punctuation ages heartbeats and reconnects.
 *
 * <p>One instance per task on one thread.
 */
public final class MonitorProcessor implements Processor<String, MonitorInput, String, Routed> {
  private final AggregatorConfig config;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, MonitorState> states;
  private KeyValueStore<String, MonitorMetrics> metrics;
  private long startWallMillis;

  public MonitorProcessor(AggregatorConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.states = context.getStateStore(StateStores.MONITOR_STATE);
    this.metrics = context.getStateStore(AggregatorStores.MONITOR_METRICS);
    this.startWallMillis = context.currentSystemTimeMs();
    context.schedule(config.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, MonitorInput> record) {
    if (record.key() == null || record.key().isEmpty() || record.value() == null) {
      return;
    }
    MonitorTracker tracker = new MonitorTracker(config, record.key(), states.get(record.key()),
        context.currentSystemTimeMs(), startWallMillis);
    tracker.onInput(record.value(), record.timestamp() * 1000);
    save(record.key(), tracker);
  }

  private void tick(long wallMillis) {
    List<KeyValue<String, MonitorState>> all = new ArrayList<>();
    try (KeyValueIterator<String, MonitorState> it = states.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, MonitorState> entry : all) {
      MonitorTracker tracker = new MonitorTracker(config, entry.key, entry.value, wallMillis, startWallMillis);
      tracker.onTick();
      if (tracker.forgettable()) {
        states.delete(entry.key);
        metrics.delete(entry.key);
        long at = tracker.now() / 1000;
        for (MonitorTracker.GroupUpdate u : tracker.forget()) {
          context.forward(new Record<>(u.group(), new Routed.Group(u.input()), at));
        }
      } else {
        save(entry.key, tracker);
      }
    }
  }

  private void save(String monitor, MonitorTracker tracker) {
    states.put(monitor, tracker.state());
    metrics.put(monitor, tracker.metrics());
    long at = tracker.now() / 1000;
    for (PoolAlert a : tracker.alerts()) {
      context.forward(new Record<>(a.getAlertId(), new Routed.Alert(a), at));
    }
    for (MonitorTracker.GroupUpdate u : tracker.groupUpdates()) {
      context.forward(new Record<>(u.group(), new Routed.Group(u.input()), at));
    }
  }
}
