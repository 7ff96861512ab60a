package dev.geyserpool.sdk;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A monitor's meters, for the registry its application exposes (Prometheus names in brackets):
 * <ul>
 *   <li>{@code geyserpool.monitor.delivered} [{@code geyserpool_monitor_delivered_total}]: updates
 *       handed to the handler
 *   <li>{@code geyserpool.monitor.dead.lettered} [{@code geyserpool_monitor_dead_lettered_total}]:
 *       updates the handler failed on, sent to the dead-letter topic
 *   <li>{@code geyserpool.monitor.lag} [{@code geyserpool_monitor_lag_records}]: records not yet
 *       consumed on its partitions
 *   <li>{@code geyserpool.monitor.latency{quantile=0.5|0.99}} [{@code geyserpool_monitor_latency_seconds}]:
 *       from the gateway's receive to the handler's return, over the last heartbeat interval
 *   <li>{@code geyserpool.monitor.lifecycle{state}} [{@code geyserpool_monitor_lifecycle}]: 1 for
 *       the monitor's current state, 0 for the others (the gateway's {@code geyserpool_monitor_state}
 *       is its placement in the pool, another thing)
 * </ul>
 * Every meter is tagged {@code monitor} and {@code group}.
 *
 * <p>The meters read the monitor's own counters when scraped; binding costs the consumer
 * nothing. Bind once per monitor and registry.
 */
public final class MonitorMeters implements MeterBinder {
  private final Monitor monitor;

  public MonitorMeters(Monitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("monitor", monitor.id(), "group", monitor.group().id());
    FunctionCounter.builder("geyserpool.monitor.delivered", monitor, Monitor::delivered)
        .description("Updates handed to the monitor's handler")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("geyserpool.monitor.dead.lettered", monitor, Monitor::deadLettered)
        .description("Updates the handler failed on, sent to the dead-letter topic")
        .tags(tags)
        .register(registry);
    Gauge.builder("geyserpool.monitor.lag", monitor, Monitor::lag)
        .description("Records not yet consumed on the monitor's partitions")
        .baseUnit("records")
        .tags(tags)
        .register(registry);
    Gauge.builder("geyserpool.monitor.latency", monitor, m -> m.counters().lastP50Millis() / 1000.0)
        .description("Gateway receive to handler return over the last heartbeat interval")
        .baseUnit("seconds")
        .tags(tags.and("quantile", "0.5"))
        .register(registry);
    Gauge.builder("geyserpool.monitor.latency", monitor, m -> m.counters().lastP99Millis() / 1000.0)
        .description("Gateway receive to handler return over the last heartbeat interval")
        .baseUnit("seconds")
        .tags(tags.and("quantile", "0.99"))
        .register(registry);
    for (MonitorState state : MonitorState.values()) {
      Gauge.builder("geyserpool.monitor.lifecycle", monitor, m -> m.state() == state ? 1 : 0)
          .description("1 for the monitor's current state")
          .tags(tags.and("state", state.name().toLowerCase(java.util.Locale.ROOT)))
          .register(registry);
    }
  }
}
