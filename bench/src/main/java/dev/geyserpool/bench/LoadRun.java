package dev.geyserpool.bench;

import dev.geyserpool.bench.MonitorCatalogue.Spec;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.cli.DurationConverter;
import dev.geyserpool.cli.EmbeddedSystem;
import dev.geyserpool.gateway.PoolStats;
import dev.geyserpool.gateway.PoolStats;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.wire.UpdateIdentity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool bench}: the end-to-end load run. Starts the embedded system (in-process
 * Kafka broker, Yellowstone simulator, ingest gateway) with monitors of mixed filters, drives the
 * simulator at a fixed rate for a warm-up and then a measured period, stops the traffic, waits
 * for every update to arrive, and prints one summary line of {@code key=value} pairs and a table
 * per monitor. Exits 0 when every generated update reached each monitor exactly once.
 *
 * <p>Throughput is over the measured period; latency is from the gateway's receive time to the
 * monitor's handler; lost/duplicated compare what each monitor's handler saw with the updates
 * the simulator generated for its filters (as the demo's {@code DeliveryReport} does), over the
 * whole run. Everything runs in one JVM on this machine's cores: the figures are of the whole
 * system sharing them, not of the gateway alone.
 *
 * <p>Threading: {@link #run} runs on the caller's thread and owns the system it starts.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end load run in one JVM: in-process Kafka, the simulator at a fixed",
      "rate, the gateway and monitors of mixed filters. Prints throughput, latency",
      "(gateway receive -> monitor handler), lost/duplicated, connections, memory",
      "and CPU by component. Exits 0 when nothing was lost or doubled."
    })
public final class LoadRun implements Callable<Integer> {
  /** After the streams open: the gateway debounces filter changes (200 ms) before re-sending them. */
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final Duration STREAMS_TIMEOUT = Duration.ofSeconds(60);
  /** The monitors are drained once nothing new arrived for this long. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  @Option(names = "--rate", defaultValue = "1000",
      description = "Pump.fun transactions per second the simulator generates (votes and others come on top; default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--warmup", defaultValue = "20s", description = "Traffic before measuring (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "30s", description = "The measured period (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--monitors", defaultValue = "7",
      description = "Monitors to run: the seven kinds, repeated beyond seven (default ${DEFAULT-VALUE}).")
  int monitors;

  @Option(names = "--reference-monitors",
      description = "Run the seven reference monitors (decode, publish events to Kafka) instead of raw ones.")
  boolean referenceMonitors;

  @Option(names = "--slot-interval", defaultValue = "400ms", description = "Simulated slot time (default ${DEFAULT-VALUE}).")
  Duration slotInterval;

  @Option(names = "--drain-timeout", defaultValue = "60s",
      description = "How long to wait for every update after the traffic stops (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(names = "--kafka-data-dir", description = "Keep the broker's data here (default: a temporary directory).")
  Path kafkaDataDir;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its converters, for main and for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoadRun());
    cli.registerConverter(Duration.class, new DurationConverter());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    LoadOptions options;
    try {
      options = new LoadOptions(rate, warmup, duration, monitors, referenceMonitors, slotInterval, drainTimeout,
          Optional.ofNullable(kafkaDataDir));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
    }
    LoadResult result = run(options, System.err);
    System.out.println(result.summaryLine());
    System.out.print(result.table());
    System.out.flush();
    return result.complete() ? 0 : 1;
  }

  /** Counters read at one instant of the run. */
  private record Mark(Instant at, long simEvents, long received, long published, Map<String, Long> delivered,
      Map<String, Histogram> latencies, CpuAccounting.Snapshot cpu) {}

  /** What each monitor was owed, from the simulator's generated log. */
  private record Owed(Set<String> all, Set<String> expected, Set<String> inWindow, long throughWindowEnd) {}

  /**
   * Runs the load and reports it; {@code progress} hears what is happening (stderr on the command line).
   *
   * @throws IllegalStateException when the gateway opens no stream within a minute
   */
  public static LoadResult run(LoadOptions options, PrintStream progress) throws InterruptedException {
    Clock wall = Clock.systemUTC();
    Map<String, MeasuringHandler> handlers = new LinkedHashMap<>();
    CpuAccounting cpu = new CpuAccounting();
    progress.printf("bench: starting Kafka, the simulator (%d tx/s) and the gateway...%n", options.rate());
    try (EmbeddedSystem system = EmbeddedSystem.startWithEmbeddedKafka(options.kafkaDataDir(), sim -> sim
        .trafficRate(options.rate())
        .slotInterval(options.slotInterval())
        .generatedLogCapacity(options.generatedLogCapacity()))) {
      List<Spec> specs;
      ReferenceMonitors.Running reference = null;
      if (options.referenceMonitors()) {
        reference = system.startReferenceMonitors(new KafkaEventSink(system.bootstrapServers()),
            (monitor, handler) -> handlers.computeIfAbsent(monitor.id(), id -> new MeasuringHandler(wall, handler)));
        specs = reference.sdkMonitors().stream()
            .map(m -> new Spec(m.id(), m.group(), m.declaration().getFilters()))
            .toList();
        system.awaitActive(reference.sdkMonitors(), STREAMS_TIMEOUT);
      } else {
        specs = MonitorCatalogue.first(options.monitors());
        for (Spec spec : specs) {
          MeasuringHandler handler = new MeasuringHandler(wall);
          handlers.put(spec.id(), handler);
          system.addMonitor(spec.id(), spec.group(), spec.filters(), handler);
        }
      }
      awaitStreams(system, specs);
      TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
      long heapBefore = ProcessMemory.heapUsedAfterGcMib();

      Instant trafficFrom = wall.instant();
      system.simulator().startTraffic();
      progress.printf("bench: %d monitors on %d streams; warm-up %ds, then measuring %ds%n", specs.size(),
          system.gateway().poolStats().totalStreams(), options.warmup().toSeconds(), options.duration().toSeconds());
      TimeUnit.MILLISECONDS.sleep(options.warmup().toMillis());
      Mark start = mark(system, handlers, wall, cpu);
      TimeUnit.MILLISECONDS.sleep(options.duration().toMillis());
      Mark end = mark(system, handlers, wall, cpu);
      system.simulator().stopTraffic();
      Instant trafficTo = wall.instant();

      progress.printf("bench: traffic stopped; draining (up to %ds)%n", options.drainTimeout().toSeconds());
      long deadline = System.nanoTime() + options.drainTimeout().toNanos();
      long drainMillis = awaitQuiet(specs, handlers, trafficTo, deadline, wall);

      Map<String, Owed> owed = new LinkedHashMap<>();
      for (Spec spec : specs) {
        owed.put(spec.id(), owed(system, spec.filters(), trafficFrom, trafficTo, start.at(), end.at()));
      }
      awaitComplete(specs, handlers, owed, deadline);
      if (reference != null) {
        progress.printf("bench: events published: %s%n", reference.publishedSummary());
      }
      return report(options, system, specs, handlers, owed, start, end, drainMillis, heapBefore);
    }
  }

  private static void awaitStreams(EmbeddedSystem system, List<Spec> specs) throws InterruptedException {
    long groups = specs.stream().map(Spec::group).distinct().count();
    long deadline = System.nanoTime() + STREAMS_TIMEOUT.toNanos();
    while (true) {
      PoolStats stats = system.gateway().poolStats();
      boolean placed = specs.stream().allMatch(s -> stats.connectionsPerMonitor().getOrDefault(s.id(), 0) > 0);
      if (placed && stats.totalStreams() >= groups && system.audit().streamsOpen() >= groups) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("bench: the gateway did not open " + groups + " streams within "
            + STREAMS_TIMEOUT.toSeconds() + "s (" + system.gateway().describe() + "; " + system.audit() + ")");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static Mark mark(EmbeddedSystem system, Map<String, MeasuringHandler> handlers, Clock wall,
      CpuAccounting cpu) {
    Map<String, Long> delivered = new HashMap<>();
    Map<String, Histogram> latencies = new HashMap<>();
    CpuAccounting.Snapshot cpuAt = cpu.snapshot();
    Instant at = wall.instant();
    handlers.forEach((id, h) -> {
      delivered.put(id, h.delivered());
      latencies.put(id, h.takeLatencies());
    });
    PoolStats stats = system.gateway().poolStats();
    return new Mark(at, system.simulator().generated().size(), stats.updatesReceived(), stats.updatesPublished(),
        delivered, latencies, cpuAt);
  }

  /**
   * Waits until the monitors stop receiving transactions and accounts (the simulator keeps closing
   * slots, so block meta never stops); returns the time from {@code trafficTo} to the last one.
   */
  private static long awaitQuiet(List<Spec> specs, Map<String, MeasuringHandler> handlers, Instant trafficTo,
      long deadlineNanos, Clock wall) throws InterruptedException {
    List<MeasuringHandler> streaming = specs.stream()
        .filter(s -> s.filters().getTransactionsCount() > 0 || s.filters().getAccountsCount() > 0)
        .map(s -> handlers.get(s.id()))
        .toList();
    long last = -1;
    Instant lastChange = trafficTo;
    while (System.nanoTime() < deadlineNanos) {
      long now = streaming.stream().mapToLong(MeasuringHandler::delivered).sum();
      if (now != last) {
        last = now;
        lastChange = wall.instant();
      } else if (Duration.between(lastChange, wall.instant()).compareTo(QUIET) >= 0) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return Math.max(0, Duration.between(trafficTo, lastChange).toMillis());
  }

  /** Reads the simulator's log for one monitor's filters: what it is owed, and when. */
  private static Owed owed(EmbeddedSystem system, SubscribeRequest filters, Instant trafficFrom, Instant trafficTo,
      Instant windowFrom, Instant windowTo) {
    Set<String> all = new HashSet<>();
    Set<String> expected = new HashSet<>();
    Set<String> inWindow = new HashSet<>();
    long throughWindowEnd = 0;
    for (SubscribeUpdate update : system.simulator().generated().matching(filters)) {
      Optional<String> identity = UpdateIdentity.of(update);
      if (identity.isEmpty()) {
        continue;
      }
      all.add(identity.get());
      Instant created = Instant.ofEpochSecond(update.getCreatedAt().getSeconds(), update.getCreatedAt().getNanos());
      if (created.isBefore(trafficFrom) || created.isAfter(trafficTo)) {
        continue;
      }
      expected.add(identity.get());
      if (created.isBefore(windowTo)) {
        throughWindowEnd++;
        if (!created.isBefore(windowFrom)) {
          inWindow.add(identity.get());
        }
      }
    }
    return new Owed(all, expected, inWindow, throughWindowEnd);
  }

  /** Waits, bounded, until every monitor saw every update it is owed. */
  private static void awaitComplete(List<Spec> specs, Map<String, MeasuringHandler> handlers, Map<String, Owed> owed,
      long deadlineNanos) throws InterruptedException {
    Map<String, List<String>> missing = new HashMap<>();
    for (Spec spec : specs) {
      missing.put(spec.id(), new ArrayList<>(owed.get(spec.id()).expected()));
    }
    while (true) {
      long left = 0;
      for (Spec spec : specs) {
        Map<String, AtomicInteger> seen = handlers.get(spec.id()).seen();
        List<String> still = missing.get(spec.id());
        still.removeIf(seen::containsKey);
        left += still.size();
      }
      if (left == 0 || System.nanoTime() > deadlineNanos) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static LoadResult report(LoadOptions options, EmbeddedSystem system, List<Spec> specs,
      Map<String, MeasuringHandler> handlers, Map<String, Owed> owed, Mark start, Mark end, long drainMillis,
      long heapBefore) {
    double seconds = Duration.between(start.at(), end.at()).toNanos() / 1e9;
    Histogram allLatencies = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    Set<String> generatedInWindow = new HashSet<>();
    List<LoadResult.MonitorRow> rows = new ArrayList<>();
    long lost = 0;
    long duplicated = 0;
    long unexpected = 0;
    long owedInWindow = 0;
    long backlog = 0;
    long gaps = 0;
    for (Spec spec : specs) {
      MeasuringHandler handler = handlers.get(spec.id());
      Owed o = owed.get(spec.id());
      Map<String, AtomicInteger> seen = handler.seen();
      Set<String> all = o.all();
      if (!all.containsAll(seen.keySet())) {
        // Block meta kept coming after the log was read: read it again before calling anything unexpected.
        all = owed(system, spec.filters(), Instant.MIN, Instant.MAX, Instant.MIN, Instant.MAX).all();
      }
      long monitorLost = o.expected().stream().filter(id -> !seen.containsKey(id)).count();
      long monitorDuplicated = seen.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
      Set<String> generatedAll = all;
      long monitorUnexpected = seen.keySet().stream().filter(id -> !generatedAll.contains(id)).count();
      long delivered = end.delivered().get(spec.id()) - start.delivered().get(spec.id());
      Histogram latency = end.latencies().get(spec.id());
      allLatencies.add(latency);
      generatedInWindow.addAll(o.inWindow());
      rows.add(new LoadResult.MonitorRow(spec.id(), spec.group(), o.inWindow().size() / seconds, delivered / seconds,
          o.expected().size(), monitorLost, monitorDuplicated, monitorUnexpected, latency));
      lost += monitorLost;
      duplicated += monitorDuplicated;
      unexpected += monitorUnexpected;
      owedInWindow += o.inWindow().size();
      backlog += Math.max(0, o.throughWindowEnd() - end.delivered().get(spec.id()));
      gaps += handler.gaps();
    }
    long transactions = system.simulator().generated().events().stream()
        .filter(e -> e instanceof SimEvent.TransactionUpdate)
        .map(SimEvent::createdAt)
        .filter(t -> {
          Instant created = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
          return !created.isBefore(start.at()) && created.isBefore(end.at());
        })
        .count();
    PoolStats stats = system.gateway().poolStats();
    ConnectionAudit audit = system.audit();
    return new LoadResult(options, seconds,
        transactions / seconds,
        (end.simEvents() - start.simEvents()) / seconds,
        generatedInWindow.size() / seconds,
        (end.received() - start.received()) / seconds,
        (end.published() - start.published()) / seconds,
        owedInWindow / seconds,
        (end.delivered().values().stream().mapToLong(Long::longValue).sum()
            - start.delivered().values().stream().mapToLong(Long::longValue).sum()) / seconds,
        backlog, allLatencies, drainMillis, lost, duplicated, unexpected, gaps,
        system.simulator().generated().dropped(), audit.totalConnections(), stats.streamsOpened(),
        stats.streamsFailed(), system.gateway().duplicatesDropped(), heapBefore, ProcessMemory.heapUsedAfterGcMib(),
        ProcessMemory.peakRssMib(), CpuAccounting.gcMillis(start.cpu(), end.cpu()),
        CpuAccounting.jitMillis(start.cpu(), end.cpu()), CpuAccounting.coresUsed(start.cpu(), end.cpu(), seconds), rows);
  }
}
