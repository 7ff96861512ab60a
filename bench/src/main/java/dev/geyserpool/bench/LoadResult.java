package dev.geyserpool.bench;

import dev.geyserpool.wire.MonitorGroup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured. Rates are per second over the measured period; latencies are from
 * the gateway's receive time to the monitor's handler; lost, duplicated and unexpected cover the
 * whole run (warm-up included) once the traffic stopped and everything drained.
 *
 * @param options what was run
 * @param measuredSeconds the measured period as it actually lasted
 * @param simTransactionsPerSec transactions the simulator actually generated (Pump.fun, votes and
 *     others): below about 1.35 × rate when the simulator cannot keep up with the rate asked for
 * @param simEventsPerSec every event the simulated chain produced (transactions of any kind,
 *     account writes, slots, blocks), matched by a monitor or not
 * @param generatedPerSec distinct updates generated that at least one monitor's filters match:
 *     what the gateway must publish
 * @param receivedPerSec updates the gateway read from its upstream streams (its own slot filter
 *     included)
 * @param publishedPerSec updates the gateway published (acknowledged by Kafka)
 * @param owedPerSec deliveries owed: generated updates summed over the monitors they match
 * @param deliveredPerSec deliveries made: updates handed to monitor handlers
 * @param backlogAtEnd deliveries owed but not yet made when the measured period ended
 * @param latencyMicros end-to-end latency over every monitor, measured period only
 * @param drainMillis from stopping the traffic until the monitors stopped receiving
 * @param lost generated updates a monitor never received (after draining)
 * @param duplicated deliveries beyond the first of an update
 * @param unexpected deliveries of updates the simulator never generated for that monitor
 * @param gaps gap records the monitors received
 * @param logDropped events the simulator's generated log could not hold (lost is then unknown)
 * @param connections new upstream connections the simulator saw
 * @param streamsOpened Subscribe streams the gateway opened
 * @param streamFailures streams ended by an error (e.g. the simulator's RESOURCE_EXHAUSTED for a slow reader)
 * @param duplicatesDropped updates the gateway's dedup removed
 * @param heapBeforeMib heap after a full GC before the traffic started (broker, simulator, gateway, monitors idle)
 * @param heapAfterMib heap after a full GC at the end (adds the simulator's log of every event and
 *     the run's own bookkeeping of every identity seen)
 * @param peakRssMib the process's peak resident set (VmHWM), empty when unknown
 * @param gcMillis time the garbage collectors reported over the measured period
 * @param jitMillis time the JIT compilers spent over the measured period (-1 when unknown): near
 *     zero once warm
 * @param coresUsed CPU cores used per component over the measured period (see {@link CpuAccounting}), and {@code total}
 * @param monitors one row per monitor
 */
public record LoadResult(
    LoadOptions options,
    double measuredSeconds,
    double simTransactionsPerSec,
    double simEventsPerSec,
    double generatedPerSec,
    double receivedPerSec,
    double publishedPerSec,
    double owedPerSec,
    double deliveredPerSec,
    long backlogAtEnd,
    Histogram latencyMicros,
    long drainMillis,
    long lost,
    long duplicated,
    long unexpected,
    long gaps,
    long logDropped,
    long connections,
    long streamsOpened,
    long streamFailures,
    long duplicatesDropped,
    long heapBeforeMib,
    long heapAfterMib,
    OptionalLong peakRssMib,
    long gcMillis,
    long jitMillis,
    Map<String, Double> coresUsed,
    List<MonitorRow> monitors) {

  /** One monitor's share of the run. */
  public record MonitorRow(
      String id, MonitorGroup group, double owedPerSec, double deliveredPerSec, long generated, long lost,
      long duplicated, long unexpected, Histogram latencyMicros) {}

  public LoadResult {
    monitors = List.copyOf(monitors);
    coresUsed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(coresUsed));
  }

  /** Whether every generated update reached each monitor exactly once. */
  public boolean complete() {
    return lost == 0 && duplicated == 0 && unexpected == 0 && logDropped == 0;
  }

  /** One line of {@code key=value} pairs. */
  public String summaryLine() {
    return "rate=" + options.rate()
        + " warmup_s=" + options.warmup().toSeconds()
        + " duration_s=" + options.duration().toSeconds()
        + " monitors=" + (options.referenceMonitors() ? "reference" : String.valueOf(options.monitors()))
        + " sim_tx_per_s=" + round(simTransactionsPerSec)
        + " sim_events_per_s=" + round(simEventsPerSec)
        + " generated_per_s=" + round(generatedPerSec)
        + " received_per_s=" + round(receivedPerSec)
        + " published_per_s=" + round(publishedPerSec)
        + " owed_per_s=" + round(owedPerSec)
        + " delivered_per_s=" + round(deliveredPerSec)
        + " backlog_at_end=" + backlogAtEnd
        + " latency_p50_ms=" + millis(latencyMicros, 50)
        + " latency_p99_ms=" + millis(latencyMicros, 99)
        + " latency_max_ms=" + maxMillis(latencyMicros)
        + " drain_ms=" + drainMillis
        + " lost=" + lost
        + " duplicated=" + duplicated
        + " unexpected=" + unexpected
        + " gaps=" + gaps
        + " log_dropped=" + logDropped
        + " connections=" + connections
        + " streams=" + streamsOpened
        + " stream_failures=" + streamFailures
        + " duplicates_dropped=" + duplicatesDropped
        + " heap_before_mb=" + heapBeforeMib
        + " heap_after_gc_mb=" + heapAfterMib
        + " peak_rss_mb=" + (peakRssMib.isPresent() ? Long.toString(peakRssMib.getAsLong()) : "n/a")
        + " gc_ms=" + gcMillis
        + " jit_ms=" + jitMillis
        + " cpu_cores=" + cores(coresUsed.getOrDefault("total", 0.0))
        + " other_processes_cores=" + (coresUsed.containsKey("other-processes")
            ? cores(coresUsed.get("other-processes")) : "n/a");
  }

  /** The per-monitor table. */
  public String table() {
    StringBuilder out = new StringBuilder();
    String format = "%-16s %-6s %9s %12s %8s %5s %5s %8s %8s %8s%n";
    out.append(String.format(Locale.ROOT, format,
        "monitor", "group", "owed/s", "delivered/s", "generated", "lost", "dup", "p50 ms", "p99 ms", "max ms"));
    for (MonitorRow m : monitors) {
      out.append(String.format(Locale.ROOT, format, m.id(), m.group().id(), round(m.owedPerSec()),
          round(m.deliveredPerSec()), m.generated(), m.lost(), m.duplicated(), millis(m.latencyMicros(), 50),
          millis(m.latencyMicros(), 99), maxMillis(m.latencyMicros())));
    }
    out.append(String.format(Locale.ROOT, format, "all", "", round(owedPerSec), round(deliveredPerSec),
        monitors.stream().mapToLong(MonitorRow::generated).sum(), lost, duplicated, millis(latencyMicros, 50),
        millis(latencyMicros, 99), maxMillis(latencyMicros)));
    out.append("cpu cores used over the measured period:");
    coresUsed.forEach((component, cores) -> out.append(' ').append(component).append('=').append(cores(cores)));
    out.append(System.lineSeparator());
    return out.toString();
  }

  private static String cores(double cores) {
    return String.format(Locale.ROOT, "%.2f", cores);
  }

  private static String round(double perSecond) {
    return Long.toString(Math.round(perSecond));
  }

  private static String millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static String maxMillis(Histogram h) {
    return h.getTotalCount() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", h.getMaxValue() / 1000.0);
  }
}
