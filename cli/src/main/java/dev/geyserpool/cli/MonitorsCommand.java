package dev.geyserpool.cli;

import dev.geyserpool.monitors.EventSink;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.PrintingSink;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.sdk.MonitorMeters;
import dev.geyserpool.sdk.StartPosition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool monitors}: the seven reference monitors as Kafka consumer apps against a
 * running gateway, each publishing its events to {@code monitor.<id>.events} and printing them.
 */
@Command(
    name = "monitors",
    mixinStandardHelpOptions = true,
    header = "The seven reference monitors against a running gateway.",
    description = {
      "Runs the reference monitors (Pump.fun mint, price, account and transaction; LaunchLab mint and",
      "account; graduation) against a gateway on the same Kafka cluster, until Ctrl-C. Each publishes",
      "JSON events to monitor.<id>.events (key = mint) and prints one line per event.",
      "Monitors: pump-mint, pump-price, pump-account, pump-transactions, launchlab-mint, launchlab-account, graduation."
    })
final class MonitorsCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--only", split = ",", description = "Run only these monitor ids (comma-separated).")
  List<String> only;

  @Option(names = "--from",
      description = {"Where each monitor starts: latest or earliest (only when its consumer group has no",
          "offsets yet), or an ISO-8601 time (2026-11-26T10:00:00Z) to replay from; default latest."})
  String from;

  @Option(names = "--from-slot", description = "Start each monitor at this slot (replays what Kafka still holds).")
  Long fromSlot;

  @Option(names = "--quiet", description = "Do not print events; only publish them.")
  boolean quiet;

  @Option(names = "--metrics-port", defaultValue = "9465",
      description = "Serve the monitors' Prometheus meters at /metrics on this port (default ${DEFAULT-VALUE}; -1: off).")
  int metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
      description = "The interface of the metrics endpoint (default ${DEFAULT-VALUE}: loopback only; 0.0.0.0 for all).")
  String metricsHost;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private static StartPosition startPosition(String from) {
    switch (from) {
      case "latest":
        return StartPosition.latest();
      case "earliest":
        return StartPosition.earliest();
      default:
        try {
          return StartPosition.at(java.time.Instant.parse(from));
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("--from is '" + from
              + "', but must be latest, earliest or an ISO-8601 time such as 2026-11-26T10:00:00Z");
        }
    }
  }

  @Override
  public Integer call() throws Exception {
    List<ReferenceMonitor> monitors;
    StartPosition start;
    try {
      monitors = only == null ? ReferenceMonitors.all() : ReferenceMonitors.named(only);
      if (from != null && fromSlot != null) {
        throw new IllegalArgumentException("--from and --from-slot both given; choose one start position");
      }
      start = fromSlot != null ? StartPosition.slot(fromSlot) : startPosition(from == null ? "latest" : from);
      if (metricsPort < -1 || metricsPort > 65_535) {
        throw new IllegalArgumentException("--metrics-port is " + metricsPort
            + ", but must be 0-65535 (0 picks a free port) or -1 (no metrics endpoint)");
      }
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    MetricsEndpoint metrics;
    try {
      metrics = metricsPort < 0 ? null : MetricsEndpoint.start(metricsHost, metricsPort, "--metrics-port");
    } catch (java.io.UncheckedIOException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    try {
      return run(monitors, start, metrics);
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  private int run(List<ReferenceMonitor> monitors, StartPosition start, MetricsEndpoint metrics) throws Exception {
    EventSink kafka = new KafkaEventSink(bootstrapServers);
    EventSink sink = quiet ? kafka : EventSink.all(kafka, new PrintingSink(System.out));
    ReferenceMonitors.Running started;
    try {
      started = ReferenceMonitors.start(bootstrapServers, monitors, sink, start);
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
    try (ShutdownSignal signal = ShutdownSignal.install("geyser-monitors-shutdown", Duration.ofSeconds(30));
        ReferenceMonitors.Running running = started) {
      if (metrics != null) {
        running.sdkMonitors().forEach(m -> new MonitorMeters(m).bindTo(metrics.registry()));
      }
      System.err.println("geyser-pool monitors running: " + String.join(", ",
          monitors.stream().map(m -> m.id() + " (" + m.group().id() + ")").toList())
          + (metrics == null ? "" : "; metrics on http://" + metricsHost + ":" + metrics.port() + MetricsEndpoint.PATH)
          + "; Ctrl-C to stop");
      signal.await();
      System.err.println("events published: " + running.publishedSummary());
    }
    return 0;
  }
}
