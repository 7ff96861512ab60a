package dev.geyserpool.cli;

import dev.geyserpool.gateway.PoolStats;
import dev.geyserpool.monitors.EventSink;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.PrintingSink;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sim.ConnectionAudit;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool demo}: the whole system in one JVM on embedded defaults, with the seven
 * reference monitors printing their events (and publishing them to {@code monitor.<id>.events}).
 * With {@code --duration} it stops by itself and prints one summary line of {@code key=value}
 * pairs; it exits 0 when no monitor lost or was handed twice an update the simulator generated
 * for it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "The whole system in one JVM: Kafka, simulator, gateway and the seven monitors.",
    description = {
      "Runs an in-process Kafka broker, the Yellowstone simulator, the gateway and the seven reference",
      "monitors in one JVM, until Ctrl-C or --duration. Prints a summary line at the end."
    })
final class DemoCommand implements Callable<Integer> {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  @Option(names = "--duration", description = "Stop after this long (45s, 5m); default: run until Ctrl-C.")
  Duration duration;

  @picocli.CommandLine.Mixin
  SimulatorOptions simulator = new SimulatorOptions();

  @Option(names = "--quiet", description = "Do not print a line per event; only the summary.")
  boolean quiet;

  @Option(names = "--kafka-data-dir", description = "Keep the broker's data here (default: a temporary directory).")
  Path kafkaDataDir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try (ShutdownSignal signal = ShutdownSignal.install("geyser-demo-shutdown", DRAIN_TIMEOUT.plusSeconds(15));
        EmbeddedSystem system = EmbeddedSystem.startWithEmbeddedKafka(
            Optional.ofNullable(kafkaDataDir), simulator::applyTo)) {
      Map<String, CountingHandler> counted = new ConcurrentHashMap<>();
      EventSink kafka = new KafkaEventSink(system.bootstrapServers());
      EventSink sink = quiet ? kafka : EventSink.all(kafka, new PrintingSink(out));
      ReferenceMonitors.Running monitors = system.startReferenceMonitors(sink,
          (monitor, handler) -> counted.computeIfAbsent(monitor.id(), id -> new CountingHandler(handler)));
      system.awaitActive(monitors.sdkMonitors(), Duration.ofSeconds(30));
      system.simulator().startTraffic();
      System.err.printf("geyser-pool demo running: Kafka at %s, simulator at %s, gateway stats at"
              + " http://127.0.0.1:%d/api/grpc-pool/stats%s%n",
          system.bootstrapServers(), system.simulator().target(), system.adminPort(),
          duration == null ? "; Ctrl-C to stop" : "; stopping in " + duration.toSeconds() + "s");

      if (duration == null) {
        signal.await();
      } else {
        signal.await(duration);
      }
      system.simulator().stopTraffic();
      boolean checkable = counted.values().stream().noneMatch(CountingHandler::full)
          && system.simulator().generated().dropped() == 0;
      if (!checkable) {
        // A long run outgrew the bounded accounting: say so rather than report false losses.
        out.println("checked=false (the run outgrew the bounded delivery accounting; use --duration to check) "
            + events(monitors));
        out.flush();
        return 0;
      }
      DeliveryReport report = drain(system, monitors, counted);
      PoolStats stats = system.gateway().poolStats();
      ConnectionAudit audit = system.audit();
      out.println(summary(report, stats, audit) + " " + system.simulator().faultReport()
          + " duplicates_dropped=" + system.gateway().duplicatesDropped() + " gaps=" + system.gateway().gaps()
          + " " + events(monitors));
      out.flush();
      return report.complete() ? 0 : 1;
    }
  }

  static String summary(DeliveryReport report, PoolStats stats, ConnectionAudit audit) {
    return "generated=" + report.generated()
        + " published=" + stats.updatesPublished()
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
