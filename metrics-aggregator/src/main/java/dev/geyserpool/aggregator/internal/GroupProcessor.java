package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorStores;
import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.GroupState;
import dev.geyserpool.proto.pool.GroupMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** The Kafka side of {@link GroupTracker}, per group id. One instance per task on one thread; forwards nothing. */
public final class GroupProcessor implements Processor<String, GroupInput, Void, Void> {
  private KeyValueStore<String, GroupState> states;
  private KeyValueStore<String, GroupMetrics> metrics;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.states = context.getStateStore(StateStores.GROUP_STATE);
    this.metrics = context.getStateStore(AggregatorStores.GROUP_METRICS);
  }

  @Override
  public void process(Record<String, GroupInput> record) {
    if (record.key() == null || record.key().isEmpty() || record.value() == null) {
      return;
    }
    GroupTracker tracker = new GroupTracker(record.key(), states.get(record.key()));
    tracker.onInput(record.value());
    states.put(record.key(), tracker.state());
    metrics.put(record.key(), tracker.metrics());
  }
}
