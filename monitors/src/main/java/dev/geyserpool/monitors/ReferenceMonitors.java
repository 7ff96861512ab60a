package dev.geyserpool.monitors;

import dev.geyserpool.monitors.graduation.GraduationMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabAccountMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabMintMonitor;
import dev.geyserpool.monitors.pump.PumpAccountMonitor;
import dev.geyserpool.monitors.pump.PumpMintMonitor;
import dev.geyserpool.monitors.pump.PumpPriceMonitor;
import dev.geyserpool.monitors.pump.PumpTransactionMonitor;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.StartPosition;
import dev.geyserpool.sdk.UpdateHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The seven reference monitors of the seed design, and how to start them through the SDK.
 * Groups follow the seed: price and transaction monitors high; mint and graduation medium;
 * account monitors low.
 */
public final class ReferenceMonitors {
  /** Each monitor's factory under its id, in the seed's order. */
  private static final Map<String, Supplier<ReferenceMonitor>> BY_ID = byId(List.of(
      PumpMintMonitor::new,
      PumpPriceMonitor::new,
      PumpAccountMonitor::new,
      PumpTransactionMonitor::new,
      LaunchLabMintMonitor::new,
      LaunchLabAccountMonitor::new,
      GraduationMonitor::new));

  private ReferenceMonitors() {}

  /** Fresh instances of all seven, in the seed's order. */
  public static List<ReferenceMonitor> all() {
    return BY_ID.values().stream().map(Supplier::get).toList();
  }

  /** The ids of all seven. */
  public static List<String> ids() {
    return List.copyOf(BY_ID.keySet());
  }

  /**
   * Fresh instances of the named monitors, in the given order.
   *
   * @throws IllegalArgumentException naming the unknown id and the known ones
   */
  public static List<ReferenceMonitor> named(List<String> ids) {
    List<ReferenceMonitor> chosen = new ArrayList<>();
    for (String id : ids) {
      Supplier<ReferenceMonitor> factory = BY_ID.get(id);
      if (factory == null) {
        throw new IllegalArgumentException("no reference monitor '" + id + "'; known: " + String.join(", ", ids()));
      }
      chosen.add(factory.get());
    }
    return chosen;
  }

  private static Map<String, Supplier<ReferenceMonitor>> byId(List<Supplier<ReferenceMonitor>> factories) {
    Map<String, Supplier<ReferenceMonitor>> byId = new LinkedHashMap<>();
    for (Supplier<ReferenceMonitor> factory : factories) {
      byId.put(factory.get().id(), factory);
    }
    return Collections.unmodifiableMap(byId);
  }

  /**
   * Declares and starts each monitor through the SDK with its events going to {@code sink}. Each
   * waits for the gateway's acceptance; if one fails to start, the ones already started are closed.
   *
   * @param from where each monitor starts reading when its consumer group has no offsets yet
   */
  public static Running start(String bootstrapServers, List<ReferenceMonitor> monitors, EventSink sink,
      StartPosition from) {
    return start(bootstrapServers, monitors, sink, from, (monitor, handler) -> handler);
  }

  /**
   * As {@link #start(String, List, EventSink, StartPosition)}, with each monitor's handler passed
   * through {@code wrap} first (to count or trace what it is handed).
   */
  public static Running start(String bootstrapServers, List<ReferenceMonitor> monitors, EventSink sink,
      StartPosition from, BiFunction<ReferenceMonitor, UpdateHandler, UpdateHandler> wrap) {
    List<Monitor> started = new ArrayList<>();
    try {
      for (ReferenceMonitor m : monitors) {
        m.sink(sink);
        sink.open(m.id());
        Monitor.Builder builder = Monitor.builder().id(m.id()).group(m.group()).bootstrapServers(bootstrapServers)
            .handler(wrap.apply(m, m)).startFrom(from);
        for (Filter f : m.filters()) {
          builder.filter(f);
        }
        started.add(builder.build().start());
      }
    } catch (RuntimeException e) {
      started.forEach(Monitor::close);
      throw e;
    }
    return new Running(monitors, started, sink);
  }

  /** Started reference monitors; {@link #close()} stops them, then closes the sink. */
  public static final class Running implements AutoCloseable {
    private final List<ReferenceMonitor> monitors;
    private final List<Monitor> sdkMonitors;
    private final EventSink sink;

    private Running(List<ReferenceMonitor> monitors, List<Monitor> sdkMonitors, EventSink sink) {
      this.monitors = List.copyOf(monitors);
      this.sdkMonitors = List.copyOf(sdkMonitors);
      this.sink = sink;
    }

    public List<ReferenceMonitor> monitors() {
      return monitors;
    }

    /** The SDK monitors, for their delivery counters and states. */
    public List<Monitor> sdkMonitors() {
      return sdkMonitors;
    }

    /** {@code id=published} for each monitor, e.g. for a summary line. */
    public String publishedSummary() {
      return monitors.stream().map(m -> m.id() + "=" + m.published()).collect(Collectors.joining(" "));
    }

    @Override
    public void close() {
      sdkMonitors.forEach(Monitor::close);
      sink.close();
    }
  }
}
