package dev.geyserpool.aggregator.internal;

import com.google.protobuf.MessageLite;
import dev.geyserpool.aggregator.ProtoSerde;
import dev.geyserpool.aggregator.internal.state.GatewayState;
import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.GroupState;
import dev.geyserpool.aggregator.internal.state.MonitorInput;
import dev.geyserpool.aggregator.internal.state.MonitorState;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The job's working stores and the serdes of its internal messages. Every store is persistent
 * (RocksDB) and changelogged, so a restarted or moved task restores it; caching lets a commit
 * write each key-value store key's latest value once.
 */
public final class StateStores {
  public static final String GATEWAY_STATE = "gateway-state";
  public static final String MONITOR_STATE = "monitor-state";
  public static final String GROUP_STATE = "group-state";

  public static final ProtoSerde<GatewayState> GATEWAY_STATE_SERDE =
      new ProtoSerde<>(GatewayState.parser(), GatewayState.class);
  public static final ProtoSerde<MonitorState> MONITOR_STATE_SERDE =
      new ProtoSerde<>(MonitorState.parser(), MonitorState.class);
  public static final ProtoSerde<GroupState> GROUP_STATE_SERDE = new ProtoSerde<>(GroupState.parser(), GroupState.class);
  public static final ProtoSerde<MonitorInput> MONITOR_INPUT_SERDE =
      new ProtoSerde<>(MonitorInput.parser(), MonitorInput.class);
  public static final ProtoSerde<GroupInput> GROUP_INPUT_SERDE = new ProtoSerde<>(GroupInput.parser(), GroupInput.class);

  private StateStores() {}

  public static <V extends MessageLite> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
        .withCachingEnabled();
  }

  public static <V extends MessageLite> StoreBuilder<WindowStore<String, V>> window(String name, Duration retention,
      Duration size, Serde<V> serde) {
    // Not cached: a cache keeps serving windows the store has expired; a window changes about
    // once a second per gateway, so writing through costs little.
    return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, size, false), Serdes.String(), serde);
  }
}
