package dev.geyserpool.cli;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.AggregatorService;
import dev.geyserpool.aggregator.api.ApiConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/geyser-pool aggregator}: the metrics aggregator (the Kafka Streams job that rebuilds
 * every gateway's pool from {@code geyser.pool-events}) and its HTTP API, against an existing
 * Kafka cluster, until Ctrl-C or SIGTERM.
 *
 * <p>Both configurations are built, and so validated, before anything touches Kafka or the
 * network: a bad value exits 2 with the config's message (which names the key, the rule and the
 * value), prefixed with the option that set it. A taken API port exits 2 as well, naming the port
 * and {@code --port}. It runs until a signal, or exits 1 when the job stops by itself (state
 * {@code ERROR}), so a supervisor can restart it.
 */
@Command(
    name = "aggregator",
    mixinStandardHelpOptions = true,
    header = "The metrics aggregator and its HTTP API against a Kafka cluster.",
    description = {
      "Runs the metrics aggregator: rebuilds each gateway's pool from",
      "geyser.pool-events and the monitors' heartbeats, and serves the real-time",
      "metrics, 5-minute history (JSON, CSV), chart series, health, alerts, a live",
      "WebSocket and a Prometheus scrape on --port, until Ctrl-C. Instances with",
      "one --application-id share the gateways between them."
    })
final class AggregatorCommand implements Callable<Integer> {
  /** The job closes within 30 s (committing, leaving the group); the hook waits a little longer. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(40);
  /** How often the command looks whether the job stopped by itself. */
  private static final Duration JOB_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** The config keys this command's options set, so an error names the option too. */
  private static final Map<String, String> OPTION_OF_KEY = new LinkedHashMap<>();

  static {
    OPTION_OF_KEY.put("applicationId", "--application-id");
    OPTION_OF_KEY.put("bootstrapServers", "--bootstrap-servers");
    OPTION_OF_KEY.put("stateDir", "--state-dir");
    OPTION_OF_KEY.put("api.bindHost", "--bind-host");
    OPTION_OF_KEY.put("api.port", "--port");
    OPTION_OF_KEY.put("api.advertisedHost", "--advertised-host");
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--application-id", defaultValue = "geyser-pool-aggregator",
      description = {"The Kafka Streams application id: consumer group and internal topic prefix; instances",
          "with the same one share the work (default ${DEFAULT-VALUE})."})
  String applicationId;

  @Option(names = "--state-dir", defaultValue = "data/aggregator-state",
      description = "Where the local state stores live (default ${DEFAULT-VALUE}); rebuilt from Kafka when lost.")
  Path stateDir;

  @Option(names = "--port", defaultValue = "8091",
      description = "The HTTP API's port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind-host", defaultValue = "127.0.0.1",
      description = "The interface the API listens on (default ${DEFAULT-VALUE}: loopback only; 0.0.0.0 for all).")
  String bindHost;

  @Option(names = "--advertised-host", defaultValue = "127.0.0.1",
      description = {"The host other aggregator instances reach this one at, for reads of the gateways it",
          "holds (default ${DEFAULT-VALUE}); must resolve from every instance."})
  String advertisedHost;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    AggregatorConfig config;
    ApiConfig api;
    try {
      config = AggregatorConfig.builder()
          .bootstrapServers(bootstrapServers)
          .applicationId(applicationId)
          .stateDir(stateDir)
          .build();
      api = ApiConfig.builder().port(port).bindHost(bindHost).advertisedHost(advertisedHost).build();
    } catch (IllegalArgumentException e) {
      err.println(withOption(e.getMessage()));
      err.flush();
      return 2;
    }
    Optional<String> taken = ApiPort.problem(bindHost, port, "--port");
    if (taken.isPresent()) {
      err.println(taken.get());
      err.flush();
      return 2;
    }
    AggregatorService service;
    try {
      service = AggregatorService.start(config, api);
    } catch (IllegalStateException e) {
      Optional<String> bind = ApiPort.bindFailure(e, bindHost, port, "--port");
      err.println(bind.orElse("geyser-pool aggregator cannot start: " + e.getMessage()));
      err.flush();
      return bind.isPresent() ? 2 : 1;
    }
    try (ShutdownSignal signal = ShutdownSignal.install("geyser-aggregator-shutdown", DRAIN_TIMEOUT);
        AggregatorService running = service) {
      System.err.println("geyser-pool aggregator running; API on " + running.apiUrl() + " (application id "
          + applicationId + ", Kafka at " + bootstrapServers + ", state in " + stateDir + "); Ctrl-C to stop");
      while (!signal.await(JOB_CHECK_INTERVAL)) {
        KafkaStreams.State state = running.aggregator().streams().state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
          // The job stopped by itself (a stream thread failed; the log says why): exit so that a
          // supervisor restarts it, rather than serve 503 for ever.
          System.err.println("geyser-pool aggregator: the Kafka Streams job stopped in state " + state
              + "; see the log above for the failure");
          return 1;
        }
      }
    }
    return 0;
  }

  /** {@code --port: api.port is 70000, but ...} for a message that starts with a key an option sets. */
  static String withOption(String message) {
    for (Map.Entry<String, String> e : OPTION_OF_KEY.entrySet()) {
      if (message.startsWith(e.getKey() + " ")) {
        return e.getValue() + ": " + message;
      }
    }
    return message;
  }
}
