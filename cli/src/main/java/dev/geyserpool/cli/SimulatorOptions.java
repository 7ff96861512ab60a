package dev.geyserpool.cli;

import dev.geyserpool.sim.Fault;
import dev.geyserpool.sim.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The simulator options {@code demo} and {@code sim} share: traffic rate, slot time, faults. */
final class SimulatorOptions {
  @Option(names = "--rate", defaultValue = "20",
      description = "Pump.fun transactions per second the simulator generates (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--slot-interval", defaultValue = "400ms", description = "Simulated slot time (default ${DEFAULT-VALUE}).")
  Duration slotInterval;

  @Option(names = "--fault", paramLabel = "KIND=VALUE",
      description = {"Inject a simulator fault; repeatable. drop-connections-every=5s, stall-streams=20s/8s,",
          "reject-new-connections=10s, lag-slow-client=200ms."})
  List<Fault> faults = new ArrayList<>();

  /** Applies the options to a simulator config. */
  void applyTo(SimulatorConfig.Builder config) {
    config.trafficRate(rate).slotInterval(slotInterval);
    faults.forEach(config::fault);
  }
}
