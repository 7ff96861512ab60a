package dev.geyserpool.cli;

import dev.geyserpool.sim.SimulatorConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The simulator options {@code demo} and {@code sim} share: traffic rate and slot time. Each
 * command declares its own {@code --fault}: {@code sim} takes simulator faults, {@code demo}
 * system faults too ({@link DemoFault}).
 */
final class SimulatorOptions {
  @Option(names = "--rate", defaultValue = "20",
      description = "Pump.fun transactions per second the simulator generates (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--slot-interval", defaultValue = "400ms", description = "Simulated slot time (default ${DEFAULT-VALUE}).")
  Duration slotInterval;

  /** Applies the options to a simulator config. */
  void applyTo(SimulatorConfig.Builder config) {
    config.trafficRate(rate).slotInterval(slotInterval);
  }
}
