package dev.geyserpool.cli;

import dev.geyserpool.gateway.GatewayServer;
import dev.geyserpool.gateway.config.ConfigException;
import dev.geyserpool.gateway.config.GatewaySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool gateway}: the ingest gateway against an existing Kafka cluster and a
 * Yellowstone endpoint (real or the simulator), until Ctrl-C or SIGTERM.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    header = "The ingest gateway against a Kafka cluster and a Yellowstone endpoint.",
    description = {
      "Runs the ingest gateway: pools the Yellowstone connections, follows the monitors declared on",
      "geyser.subscriptions and publishes their updates. Every key of the config file can be overridden",
      "by an environment variable GEYSERPOOL_<KEY_PATH> (pool.maxConnections -> GEYSERPOOL_POOL_MAX_CONNECTIONS)."
    })
final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--config", description = "The YAML config file (default: built-in defaults; see geyser-pool.yaml).")
  Path config;

  @Override
  public Integer call() throws Exception {
    GatewaySettings settings;
    try {
      settings = config == null
          ? GatewaySettings.parse("", "built-in defaults", System.getenv())
          : GatewaySettings.load(config, System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try (ShutdownSignal signal = ShutdownSignal.install("geyser-gateway-shutdown", Duration.ofSeconds(30));
        GatewayServer server = GatewayServer.start(settings, gateway -> { })) {
      System.err.println("geyser-pool gateway " + settings.gatewayId() + " running; admin on port " + server.adminPort()
          + "; Ctrl-C to stop");
      signal.await();
    }
    return 0;
  }
}
