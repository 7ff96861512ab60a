package dev.geyserpool.aggregator;

import dev.geyserpool.aggregator.internal.EventTimeExtractor;
import dev.geyserpool.aggregator.internal.GatewayProcessor;
import dev.geyserpool.aggregator.internal.GroupProcessor;
import dev.geyserpool.aggregator.internal.MonitorProcessor;
import dev.geyserpool.aggregator.internal.Routed;
import dev.geyserpool.aggregator.internal.StateStores;
import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.MonitorInput;
import dev.geyserpool.aggregator.internal.state.StatusDeleted;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The metrics aggregator's Kafka Streams topology, the one the application runs and the
 * {@code TopologyTestDriver} tests drive.
 *
 * <pre>
 * pool-events (key gateway) --&gt; gateway-tracker [gateway-state, pool-metrics, pool-metrics-5m, pool-series-10s]
 *     closed windows --&gt; geyser.pool-metrics-5m
 *     alerts ---------&gt; geyser.alerts
 *     monitor facts --+
 * monitor-heartbeats -+--&gt; repartition monitor-inputs (key monitor) --&gt; monitor-tracker [monitor-state, monitor-metrics]
 * subscription-status +        alerts --&gt; geyser.alerts
 *                              group updates --&gt; repartition group-inputs (key group) --&gt; group-tracker [group-state, group-metrics]
 * geyser.alerts --&gt; table [alerts]
 * </pre>
 *
 * <p>Each side is keyed by what it counts (gateway, monitor, group), so its stores are
 * partitioned by that key and several instances share the partitions; the heartbeats, the
 * statuses and the gateways' facts about monitors meet through one repartition topic, so they
 * are co-partitioned whatever the input topics' partition counts.
 */
public final class MetricsTopology {
  private MetricsTopology() {}

  public static Topology buildTopology(AggregatorConfig config) {
    AggregatorConfig.TopicNames topics = config.topics();
    EventTimeExtractor eventTime = new EventTimeExtractor();
    StreamsBuilder builder = new StreamsBuilder();

    builder.addStateStore(StateStores.keyValue(StateStores.GATEWAY_STATE, StateStores.GATEWAY_STATE_SERDE));
    builder.addStateStore(StateStores.keyValue(AggregatorStores.POOL_METRICS, AggregatorSerdes.POOL_METRICS));
    builder.addStateStore(StateStores.window(AggregatorStores.POOL_METRICS_5M, config.retention(), config.window(),
        AggregatorSerdes.POOL_METRICS_WINDOW));
    builder.addStateStore(StateStores.window(AggregatorStores.POOL_SERIES_10S, config.seriesSpan(),
        config.seriesResolution(), AggregatorSerdes.POOL_SERIES_POINT));
    builder.addStateStore(StateStores.keyValue(StateStores.MONITOR_STATE, StateStores.MONITOR_STATE_SERDE));
    builder.addStateStore(StateStores.keyValue(AggregatorStores.MONITOR_METRICS, AggregatorSerdes.MONITOR_METRICS));
    builder.addStateStore(StateStores.keyValue(StateStores.GROUP_STATE, StateStores.GROUP_STATE_SERDE));
    builder.addStateStore(StateStores.keyValue(AggregatorStores.GROUP_METRICS, AggregatorSerdes.GROUP_METRICS));

    // Gateway side.
    KStream<String, Routed> gatewayOut = builder
        .stream(topics.poolEvents(), Consumed.with(Serdes.String(), AggregatorSerdes.POOL_EVENT)
            .withTimestampExtractor(eventTime).withName("pool-events"))
        .process(() -> new GatewayProcessor(config), Named.as("gateway-tracker"), StateStores.GATEWAY_STATE,
            AggregatorStores.POOL_METRICS, AggregatorStores.POOL_METRICS_5M, AggregatorStores.POOL_SERIES_10S);
    Map<String, KStream<String, Routed>> gatewayBranches = gatewayOut.split(Named.as("gateway-"))
        .branch((k, v) -> v instanceof Routed.Window, Branched.as("windows"))
        .branch((k, v) -> v instanceof Routed.Alert, Branched.as("alerts"))
        .branch((k, v) -> v instanceof Routed.Fact, Branched.as("facts"))
        .noDefaultBranch();
    gatewayBranches.get("gateway-windows")
        .mapValues(v -> ((Routed.Window) v).window(), Named.as("gateway-window-values"))
        .to(topics.poolMetrics5m(), Produced.<String, PoolMetricsWindow>with(Serdes.String(),
            AggregatorSerdes.POOL_METRICS_WINDOW).withName("pool-metrics-5m-sink"));
    gatewayBranches.get("gateway-alerts")
        .mapValues(v -> ((Routed.Alert) v).alert(), Named.as("gateway-alert-values"))
        .to(topics.alerts(), Produced.<String, PoolAlert>with(Serdes.String(), AggregatorSerdes.POOL_ALERT)
            .withName("gateway-alerts-sink"));
    KStream<String, MonitorInput> facts = gatewayBranches.get("gateway-facts")
        .mapValues(v -> MonitorInput.newBuilder().setPool(((Routed.Fact) v).fact()).build(), Named.as("fact-inputs"));

    // Monitor side.
    KStream<String, MonitorInput> heartbeats = builder
        .stream(topics.monitorHeartbeats(), Consumed.with(Serdes.String(), AggregatorSerdes.MONITOR_HEARTBEAT)
            .withTimestampExtractor(eventTime).withName("monitor-heartbeats"))
        .filter((k, v) -> v != null && !(v.getMonitorId().isEmpty() && (k == null || k.isEmpty())),
            Named.as("heartbeats-with-monitor"))
        .selectKey((k, v) -> v.getMonitorId().isEmpty() ? k : v.getMonitorId(), Named.as("heartbeat-monitor-key"))
        .mapValues(v -> MonitorInput.newBuilder().setHeartbeat(v).build(), Named.as("heartbeat-inputs"));
    KStream<String, MonitorInput> statuses = builder
        .stream(topics.subscriptionStatus(), Consumed.with(Serdes.String(), AggregatorSerdes.SUBSCRIPTION_STATUS)
            .withTimestampExtractor(eventTime).withName("subscription-status"))
        .filter((k, v) -> (k != null && !k.isEmpty()) || (v != null && !v.getMonitorId().isEmpty()),
            Named.as("statuses-with-monitor"))
        .selectKey((k, v) -> v != null && !v.getMonitorId().isEmpty() ? v.getMonitorId() : k,
            Named.as("status-monitor-key"))
        .mapValues((k, v) -> v == null || v.getMonitorId().isEmpty()
            ? MonitorInput.newBuilder().setStatusDeleted(StatusDeleted.newBuilder().setMonitorId(k)).build()
            : MonitorInput.newBuilder().setStatus(v).build(), Named.as("status-inputs"));
    KStream<String, Routed> monitorOut = facts.merge(heartbeats, Named.as("facts-and-heartbeats"))
        .merge(statuses, Named.as("monitor-inputs-merged"))
        .repartition(Repartitioned.<String, MonitorInput>as("monitor-inputs")
            .withKeySerde(Serdes.String()).withValueSerde(StateStores.MONITOR_INPUT_SERDE))
        .process(() -> new MonitorProcessor(config), Named.as("monitor-tracker"), StateStores.MONITOR_STATE,
            AggregatorStores.MONITOR_METRICS);
    Map<String, KStream<String, Routed>> monitorBranches = monitorOut.split(Named.as("monitor-"))
        .branch((k, v) -> v instanceof Routed.Alert, Branched.as("alerts"))
        .branch((k, v) -> v instanceof Routed.Group, Branched.as("groups"))
        .noDefaultBranch();
    monitorBranches.get("monitor-alerts")
        .mapValues(v -> ((Routed.Alert) v).alert(), Named.as("monitor-alert-values"))
        .to(topics.alerts(), Produced.<String, PoolAlert>with(Serdes.String(), AggregatorSerdes.POOL_ALERT)
            .withName("monitor-alerts-sink"));

    // Group side.
    monitorBranches.get("monitor-groups")
        .mapValues(v -> ((Routed.Group) v).input(), Named.as("group-input-values"))
        .repartition(Repartitioned.<String, GroupInput>as("group-inputs")
            .withKeySerde(Serdes.String()).withValueSerde(StateStores.GROUP_INPUT_SERDE))
        .process(GroupProcessor::new, Named.as("group-tracker"), StateStores.GROUP_STATE,
            AggregatorStores.GROUP_METRICS);

    // The latest raise or clear of each alert, for queries.
    builder.table(topics.alerts(),
        Consumed.with(Serdes.String(), AggregatorSerdes.POOL_ALERT).withName("alerts-source"),
        Materialized.<String, PoolAlert, KeyValueStore<Bytes, byte[]>>as(AggregatorStores.ALERTS)
            .withKeySerde(Serdes.String()).withValueSerde(AggregatorSerdes.POOL_ALERT));

    return builder.build();
  }
}
