package dev.geyserpool.cli;

import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.monitors.EventSink;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.PrintingSink;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.sim.Fault;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/geyser-pool demo}: the whole system in one JVM on embedded defaults, with the seven
 * reference monitors printing their events (and publishing them to {@code monitor.<id>.events})
 * and the metrics aggregator serving its HTTP API on {@code --api-port} (a taken port fails the
 * demo before anything starts, exit 2).
 * With {@code --duration} it stops by itself and prints one summary line of {@code key=value}
 * pairs; it exits 0 when no monitor lost or was handed twice an update the simulator generated
 * for it.
 *
 * <p>{@code --fault} takes the simulator's faults and the system's own ({@link SystemFault}: the
 * gateway halted and started again, the broker stopped and started again), which a
 * {@link FaultSchedule} carries out from the start of traffic until the run ends; the summary
 * reports both.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "The whole system in one JVM: Kafka, simulator, gateway, the seven monitors and the aggregator.",
    description = {
      "Runs an in-process Kafka broker, the Yellowstone simulator, the gateway, the",
      "seven reference monitors and the metrics aggregator (HTTP API on --api-port)",
      "in one JVM, until Ctrl-C or --duration. Prints a summary line at the end."
    })
final class DemoCommand implements Callable<Integer> {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  /** A part a fault stopped may need this long to come back before the drain starts. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
  /** The demo runs on loopback: the aggregator's API listens where the gateway's admin does. */
  private static final String API_HOST = "127.0.0.1";

  @Spec
  CommandSpec spec;

  @Option(names = "--duration", description = "Stop after this long (45s, 5m); default: run until Ctrl-C.")
  Duration duration;

  @picocli.CommandLine.Mixin
  SimulatorOptions simulator = new SimulatorOptions();

  @Option(names = "--fault", paramLabel = "KIND=VALUE",
      description = {"Inject a fault; repeatable. Simulator faults:",
          "drop-connections-every=5s, stall-streams=20s/8s,",
          "reject-new-connections=10s, lag-slow-client=200ms.",
          "System faults, every/down from the start of",
          "traffic: restart-gateway-every=30s/10s halts the",
          "gateway as a crash and starts a new one after the",
          "down time; stop-broker-every=60s/20s stops the",
          "broker and starts it again on its ports and data dir."})
  List<DemoFault> faults = new ArrayList<>();

  @Option(names = "--quiet", description = "Do not print a line per event; only the summary.")
  boolean quiet;

  @Option(names = "--kafka-data-dir", description = "Keep the broker's data here (default: a temporary directory).")
  Path kafkaDataDir;

  @Option(names = "--api-port", defaultValue = "8091",
      description = "The metrics aggregator's HTTP API on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int apiPort;

  @Override
  public Integer call() throws Exception {
    List<Fault> simulatorFaults = faults.stream()
        .flatMap(f -> f instanceof DemoFault.OfSimulator s ? Stream.of(s.fault()) : Stream.empty()).toList();
    List<SystemFault> systemFaults = faults.stream()
        .flatMap(f -> f instanceof SystemFault s ? Stream.of(s) : Stream.empty()).toList();
    try {
      FaultSchedule.requireDistinctKinds(systemFaults);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ApiConfig api;
    try {
      api = ApiConfig.builder().bindHost(API_HOST).port(apiPort).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--api-port: " + e.getMessage());
    }
    // Before anything starts: a taken port fails the demo now, not after the broker and the gateway came up.
    Optional<String> taken = ApiPort.problem(API_HOST, apiPort, "--api-port");
    if (taken.isPresent()) {
      spec.commandLine().getErr().println(taken.get());
      spec.commandLine().getErr().flush();
      return 2;
    }
    PrintStream out = System.out;
    EmbeddedSystem started;
    try {
      started = EmbeddedSystem.builder()
          .embeddedKafka(Optional.ofNullable(kafkaDataDir))
          .simulator(sim -> {
            simulator.applyTo(sim);
            simulatorFaults.forEach(sim::fault);
          })
          .aggregator(api)
          .start();
    } catch (IllegalStateException e) {
      // Another process took the port since the probe.
      Optional<String> bind = ApiPort.bindFailure(e, API_HOST, apiPort, "--api-port");
      if (bind.isEmpty()) {
        throw e;
      }
      spec.commandLine().getErr().println(bind.get());
      spec.commandLine().getErr().flush();
      return 2;
    }
    try (ShutdownSignal signal = ShutdownSignal.install("geyser-demo-shutdown", DRAIN_TIMEOUT.plus(RESTORE_TIMEOUT));
        EmbeddedSystem system = started) {
      Map<String, CountingHandler> counted = new ConcurrentHashMap<>();
      EventSink kafka = new KafkaEventSink(system.bootstrapServers());
      EventSink sink = quiet ? kafka : EventSink.all(kafka, new PrintingSink(out));
      ReferenceMonitors.Running monitors = system.startReferenceMonitors(sink,
          (monitor, handler) -> counted.computeIfAbsent(monitor.id(), id -> new CountingHandler(handler)));
      system.awaitActive(monitors.sdkMonitors(), Duration.ofSeconds(30));
      system.simulator().startTraffic();
      FaultSchedule schedule = FaultSchedule.start(systemFaults, system);
      try {
        System.err.printf("geyser-pool demo running: Kafka at %s, simulator at %s, gateway stats at"
                + " http://127.0.0.1:%d/api/grpc-pool/stats%s%s%n",
            system.bootstrapServers(), system.simulator().target(), system.adminPort(),
            systemFaults.isEmpty() ? "" : "; system faults " + systemFaults,
            duration == null ? "; Ctrl-C to stop" : "; stopping in " + duration.toSeconds() + "s");
        System.err.println(aggregatorLine(system.aggregator().apiUrl()));
        if (duration == null) {
          signal.await();
        } else {
          signal.await(duration);
        }
        system.simulator().stopTraffic();
      } finally {
        // Whatever a fault stopped is back before the drain and the close.
        schedule.close();
      }
      boolean checkable = counted.values().stream().noneMatch(CountingHandler::full)
          && system.simulator().generated().dropped() == 0;
      if (!checkable) {
        // A long run outgrew the bounded accounting: say so rather than report false losses.
        out.println("checked=false (the run outgrew the bounded delivery accounting; use --duration to check) "
            + schedule.report() + " " + events(monitors));
        out.flush();
        return 0;
      }
      DeliveryReport report = drain(system, monitors, counted);
      EmbeddedSystem.GatewayTotals totals = system.gatewayTotals();
      out.println(summary(report, totals, system.audit()) + " " + system.simulator().faultReport()
          + " " + schedule.report()
          + " duplicates_dropped=" + totals.duplicatesDropped() + " gaps=" + totals.gaps()
          + " " + events(monitors));
      out.flush();
      return report.complete() ? 0 : 1;
    }
  }

  /** Where the aggregator's API answers, with the routes a visitor tries next. */
  static String aggregatorLine(URI apiUrl) {
    return "aggregator API: " + apiUrl + "/api/grpc-pool/metrics (also /history, /health, /alerts, /metrics/live"
        + " WebSocket, /metrics)";
  }

  /** The delivery and connection half of the summary line; {@code published} sums every gateway of the run. */
  static String summary(DeliveryReport report, EmbeddedSystem.GatewayTotals totals, ConnectionAudit audit) {
    return "generated=" + report.generated()
        + " published=" + totals.published()
        + " delivered=" + report.delivered()
        + " lost=" + report.lost()
        + " duplicated=" + report.duplicated()
        + " unexpected=" + report.unexpected()
        + " connections=" + audit.totalConnections()
        + " streams=" + audit.streamsOpened()
        + " window_max=" + audit.maxInAnyWindow()
        + " limit=" + audit.limit()
        + " refusals=" + audit.refusals();
  }

  /** {@code events.<monitor>=<published>} for each reference monitor. */
  static String events(ReferenceMonitors.Running monitors) {
    return monitors.monitors().stream().map(m -> "events." + m.id() + "=" + m.published())
        .collect(Collectors.joining(" "));
  }

  /**
   * Waits, bounded, until every generated update reached every monitor it matches; returns the
   * report summed over the monitors.
   */
  private static DeliveryReport drain(EmbeddedSystem system, ReferenceMonitors.Running monitors,
      Map<String, CountingHandler> counted) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (true) {
      DeliveryReport report = new DeliveryReport(0, 0, 0, 0, 0);
      for (Monitor monitor : monitors.sdkMonitors()) {
        report = report.plus(DeliveryReport.compare(
            system.generatedIdentities(monitor.declaration().getFilters()), counted.get(monitor.id()).seen()));
      }
      if (report.lost() == 0) {
        return report;
      }
      if (System.nanoTime() > deadline) {
        for (Monitor monitor : monitors.sdkMonitors()) {
          List<String> lost = DeliveryReport.lostIdentities(
              system.generatedIdentities(monitor.declaration().getFilters()), counted.get(monitor.id()).seen(), 5);
          if (!lost.isEmpty()) {
            System.err.println("monitor " + monitor.id() + " never received " + lost);
          }
        }
        return report;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
