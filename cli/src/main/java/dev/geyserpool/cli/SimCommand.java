package dev.geyserpool.cli;

import dev.geyserpool.sim.Fault;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool sim}: the Yellowstone simulator alone, for a gateway or another client to
 * connect to. Prints its connection audit every {@code --report-every} until Ctrl-C.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Runs the Yellowstone-protocol simulator on 127.0.0.1 until Ctrl-C.")
final class SimCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "10000", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @picocli.CommandLine.Mixin
  SimulatorOptions traffic = new SimulatorOptions();

  @Option(names = "--fault", paramLabel = "KIND=VALUE",
      description = {"Inject a simulator fault; repeatable. drop-connections-every=5s, stall-streams=20s/8s,",
          "reject-new-connections=10s, lag-slow-client=200ms."})
  List<Fault> faults = new ArrayList<>();

  @Option(names = "--ping-interval", defaultValue = "10s", description = "Server pings on every stream (default ${DEFAULT-VALUE}).")
  Duration pingInterval;

  @Option(names = "--connection-limit", defaultValue = "60", description = "New connections allowed per window (default ${DEFAULT-VALUE}).")
  int connectionLimit;

  @Option(names = "--connection-window", defaultValue = "60s", description = "The sliding window of the limit (default ${DEFAULT-VALUE}).")
  Duration connectionWindow;

  @Option(names = "--x-token-env", description = "Require this environment variable's value as the x-token header.")
  String tokenEnv;

  @Option(names = "--report-every", defaultValue = "10s", description = "How often to print the connection audit (default ${DEFAULT-VALUE}).")
  Duration reportEvery;

  @Override
  public Integer call() throws Exception {
    SimulatorConfig.Builder config = SimulatorConfig.builder()
        .port(port)
        .pingInterval(pingInterval)
        .connectionLimit(connectionLimit)
        .connectionWindow(connectionWindow);
    traffic.applyTo(config);
    faults.forEach(config::fault);
    if (tokenEnv != null) {
      String token = System.getenv(tokenEnv);
      if (token == null || token.isEmpty()) {
        System.err.println("environment variable " + tokenEnv + " is not set; export it or drop --x-token-env");
        return 2;
      }
      config.xToken(token);
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (YellowstoneSimulator simulator = YellowstoneSimulator.start(config.build())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "geyser-sim-shutdown"));
      System.err.println("Yellowstone simulator listening on " + simulator.target()
          + (tokenEnv == null ? " (no auth)" : " (x-token required)") + "; Ctrl-C to stop");
      while (!stop.await(reportEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.println(simulator.audit() + " " + simulator.faultReport());
      }
    }
    return 0;
  }
}
