package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.PoolFact;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolMetricsWindow;

/**
 * What a processor forwards, before the topology routes it by kind to a topic or a
 * repartition. Never serialized as such: each branch maps it to its message first.
 */
public sealed interface Routed permits Routed.Window, Routed.Alert, Routed.Fact, Routed.Group {
  /** A closed 5-minute window, for the history topic. */
  record Window(PoolMetricsWindow window) implements Routed {}

  /** An alert raised or cleared, for the alerts topic. */
  record Alert(PoolAlert alert) implements Routed {}

  /** What a gateway's events say about a monitor, for the monitor side. */
  record Fact(PoolFact fact) implements Routed {}

  /** A monitor's rate for its group, for the group side. */
  record Group(GroupInput input) implements Routed {}
}
