package dev.geyserpool.aggregator.api;

import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.PoolAlertState;
import dev.geyserpool.proto.pool.PoolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The aggregator's Prometheus meters, scraped at {@code /metrics}: the Kafka Streams client's
 * own metrics, the JVM's, the API's requests, and the pool as this instance's partitions hold it
 * (health score and factors per gateway, raised alerts per kind, messages per second per monitor
 * group). Each instance exports only the keys it owns, so a scrape of every instance counts each
 * gateway once.
 *
 * <p>Thread-safe: Micrometer meters are; {@link #refresh} runs on the live feed's thread only.
 */
final class AggregatorMeters implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final MultiGauge health;
  private final MultiGauge alerts;
  private final MultiGauge groupRates;
  private KafkaStreamsMetrics streamsMetrics;

  AggregatorMeters(IntSupplier liveSessions) {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // A strong reference: the registry holds gauges' objects weakly, and a method reference has no other owner.
    Gauge.builder("geyserpool.api.live.sessions", liveSessions, IntSupplier::getAsInt)
        .description("Open WebSocket sessions of the live feed")
        .strongReference(true)
        .register(registry);
    health = MultiGauge.builder("geyserpool.aggregator.pool.health")
        .description("The health score (factor=score) and its four factors, 0-100, per gateway")
        .register(registry);
    alerts = MultiGauge.builder("geyserpool.aggregator.alerts.raised")
        .description("Alerts raised and not cleared, per kind")
        .register(registry);
    groupRates = MultiGauge.builder("geyserpool.aggregator.group.messages.rate")
        .description("Updates per second handed to the handlers of a monitor group's monitors")
        .register(registry);
  }

  /** Binds the Kafka Streams client's metrics, once it exists. */
  void bind(KafkaStreams streams) {
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  /** Counts one answered request of {@code route} with {@code status}. */
  void request(String route, int status) {
    Counter.builder("geyserpool.api.requests")
        .description("HTTP requests answered, by route and status")
        .tags("route", route, "status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** Reads this instance's share of the stores and sets the pool gauges; a store not readable now is skipped. */
  void refresh(StoreQueries queries) {
    List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
    for (PoolMetrics m : localOrEmpty(() -> queries.localAll(StoreQueries.POOL_METRICS))) {
      Map<String, Double> factors = Map.of(
          "score", m.getHealth().getScore(),
          "connectionStability", m.getHealth().getFactors().getConnectionStability(),
          "rateLimitHeadroom", m.getHealth().getFactors().getRateLimitHeadroom(),
          "streamDistribution", m.getHealth().getFactors().getStreamDistribution(),
          "queuePerformance", m.getHealth().getFactors().getQueuePerformance());
      factors.forEach((factor, value) ->
          healthRows.add(MultiGauge.Row.of(Tags.of("gateway", m.getGatewayId(), "factor", factor), value)));
    }
    health.register(healthRows, true);

    Map<String, Integer> raised = new TreeMap<>();
    for (PoolAlertKind kind : PoolAlertKind.values()) {
      if (kind != PoolAlertKind.POOL_ALERT_KIND_UNSPECIFIED && kind != PoolAlertKind.UNRECOGNIZED) {
        raised.put(PoolJson.kind(kind), 0);
      }
    }
    for (PoolAlert a : localOrEmpty(() -> queries.localAll(StoreQueries.ALERTS))) {
      raised.merge(PoolJson.kind(a.getKind()), a.getState() == PoolAlertState.ALERT_RAISED ? 1 : 0, Integer::sum);
    }
    List<MultiGauge.Row<?>> alertRows = new ArrayList<>();
    raised.forEach((kind, count) -> alertRows.add(MultiGauge.Row.of(Tags.of("kind", kind), count)));
    alerts.register(alertRows, true);

    List<MultiGauge.Row<?>> rateRows = new ArrayList<>();
    for (GroupMetrics g : localOrEmpty(() -> queries.localAll(StoreQueries.GROUP_METRICS))) {
      rateRows.add(MultiGauge.Row.of(Tags.of("group", g.getGroup()), g.getMessagesPerSecond()));
    }
    groupRates.register(rateRows, true);
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // A binder that cannot unhook at shutdown leaves nothing behind that matters.
      }
    }
    registry.close();
  }

  private static <T> List<T> localOrEmpty(java.util.function.Supplier<List<T>> read) {
    try {
      return read.get();
    } catch (ApiException | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      return List.of();
    }
  }
}
