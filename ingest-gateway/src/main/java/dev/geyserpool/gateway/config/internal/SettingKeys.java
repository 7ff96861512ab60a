package dev.geyserpool.gateway.config.internal;

import dev.geyserpool.gateway.config.GatewaySettings;
import dev.geyserpool.gateway.config.PoolGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every key of the configuration file, in file order. The one list the loader, the environment
 * overrides, the effective-config text and the shipped default file's test all use, so a key
 * added here is everywhere at once.
 *
 * <p>Immutable and thread-safe.
 */
public final class SettingKeys {
  /** Every key, in the order of {@code geyser-pool.yaml}. */
  public static final List<SettingKey<?>> ALL = all();

  /** Every path that holds keys rather than a value: {@code upstream}, {@code pool.groupShares}, ... */
  public static final Set<String> SECTIONS = sections();

  private SettingKeys() {}

  private static List<SettingKey<?>> all() {
    List<SettingKey<?>> keys = new ArrayList<>();
    add(keys, "upstream.target", ValueType.TEXT, GatewaySettings.Builder::upstreamTarget, s -> s.upstream().target());
    add(keys, "upstream.tls", ValueType.BOOLEAN, GatewaySettings.Builder::upstreamTls, s -> s.upstream().tls());
    add(keys, "upstream.tokenEnv", ValueType.TEXT, GatewaySettings.Builder::upstreamTokenEnv, s -> s.upstream().tokenEnv());
    add(keys, "upstream.tokenFile", ValueType.TEXT, GatewaySettings.Builder::upstreamTokenFile, s -> s.upstream().tokenFile());
    add(keys, "upstream.maxInboundMessageBytes", ValueType.BYTES,
        GatewaySettings.Builder::upstreamMaxInboundMessageBytes, s -> s.upstream().maxInboundMessageBytes());
    add(keys, "upstream.maxAccountsPerFilter", ValueType.INT, GatewaySettings.Builder::upstreamMaxAccountsPerFilter,
        s -> s.upstream().maxAccountsPerFilter());
    add(keys, "kafka.bootstrapServers", ValueType.TEXT, GatewaySettings.Builder::kafkaBootstrapServers,
        s -> s.kafka().bootstrapServers());
    add(keys, "kafka.streamPartitions", ValueType.INT, GatewaySettings.Builder::kafkaStreamPartitions,
        s -> s.kafka().streamPartitions());
    add(keys, "kafka.replicationFactor", ValueType.INT, GatewaySettings.Builder::kafkaReplicationFactor,
        s -> (int) s.kafka().replicationFactor());
    add(keys, "kafka.retention", ValueType.DURATION, GatewaySettings.Builder::kafkaRetention, s -> s.kafka().retention());
    add(keys, "kafka.poolSnapshotInterval", ValueType.DURATION, GatewaySettings.Builder::kafkaPoolSnapshotInterval,
        s -> s.kafka().poolSnapshotInterval());
    add(keys, "admin.host", ValueType.TEXT, GatewaySettings.Builder::adminHost, s -> s.admin().host());
    add(keys, "admin.port", ValueType.INT, GatewaySettings.Builder::adminPort, s -> s.admin().port());
    add(keys, "gatewayId", ValueType.TEXT, GatewaySettings.Builder::gatewayId, GatewaySettings::gatewayId);
    pool(keys, "maxConnections", ValueType.INT, (b, v) -> b.pool().maxConnections(v), s -> s.pool().maxConnections());
    pool(keys, "connectionTtl", ValueType.DURATION, (b, v) -> b.pool().connectionTtl(v), s -> s.pool().connectionTtl());
    pool(keys, "connectionTtlJitterPerMille", ValueType.INT, (b, v) -> b.pool().connectionTtlJitterPerMille(v),
        s -> s.pool().connectionTtlJitterPerMille());
    pool(keys, "idleTimeout", ValueType.DURATION, (b, v) -> b.pool().idleTimeout(v), s -> s.pool().idleTimeout());
    pool(keys, "healthCheckInterval", ValueType.DURATION, (b, v) -> b.pool().healthCheckInterval(v),
        s -> s.pool().healthCheckInterval());
    pool(keys, "streamSilenceTimeout", ValueType.DURATION, (b, v) -> b.pool().streamSilenceTimeout(v),
        s -> s.pool().streamSilenceTimeout());
    pool(keys, "pingTimeout", ValueType.DURATION, (b, v) -> b.pool().pingTimeout(v), s -> s.pool().pingTimeout());
    pool(keys, "maxStreamsPerConnection", ValueType.INT, (b, v) -> b.pool().maxStreamsPerConnection(v),
        s -> s.pool().maxStreamsPerConnection());
    pool(keys, "rateLimitWindow", ValueType.DURATION, (b, v) -> b.pool().rateLimitWindow(v), s -> s.pool().rateLimitWindow());
    pool(keys, "rateLimitMax", ValueType.INT, (b, v) -> b.pool().rateLimitMax(v), s -> s.pool().rateLimitMax());
    pool(keys, "rateLimitSafetyMargin", ValueType.INT, (b, v) -> b.pool().rateLimitSafetyMargin(v),
        s -> s.pool().rateLimitSafetyMargin());
    pool(keys, "rateLimitScope", ValueType.SCOPE, (b, v) -> b.pool().rateLimitScope(v), s -> s.pool().rateLimitScope());
    for (PoolGroup group : PoolGroup.values()) {
      pool(keys, "groupShares." + group.id(), ValueType.INT, (b, v) -> b.pool().groupShare(group, v),
          s -> s.pool().groupShare(group));
    }
    pool(keys, "requestTimeout", ValueType.DURATION, (b, v) -> b.pool().requestTimeout(v), s -> s.pool().requestTimeout());
    pool(keys, "backoffMin", ValueType.DURATION, (b, v) -> b.pool().backoffMin(v), s -> s.pool().backoffMin());
    pool(keys, "backoffMax", ValueType.DURATION, (b, v) -> b.pool().backoffMax(v), s -> s.pool().backoffMax());
    pool(keys, "filterDebounce", ValueType.DURATION, (b, v) -> b.pool().filterDebounce(v), s -> s.pool().filterDebounce());
    pool(keys, "streamWindow", ValueType.INT, (b, v) -> b.pool().streamWindow(v), s -> s.pool().streamWindow());
    pool(keys, "dedupSlots", ValueType.INT, (b, v) -> b.pool().dedupSlots(v), s -> s.pool().dedupSlots());
    return List.copyOf(keys);
  }

  private static Set<String> sections() {
    Set<String> sections = new TreeSet<>();
    for (SettingKey<?> key : ALL) {
      String path = key.path();
      for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
        sections.add(path.substring(0, dot));
      }
    }
    return Set.copyOf(sections);
  }

  private static <T> void add(List<SettingKey<?>> keys, String path, ValueType<T> type,
      BiConsumer<GatewaySettings.Builder, T> setter, Function<GatewaySettings, T> getter) {
    keys.add(new SettingKey<>(path, type, setter, getter));
  }

  private static <T> void pool(List<SettingKey<?>> keys, String name, ValueType<T> type,
      BiConsumer<GatewaySettings.Builder, T> setter, Function<GatewaySettings, T> getter) {
    add(keys, "pool." + name, type, setter, getter);
  }
}
