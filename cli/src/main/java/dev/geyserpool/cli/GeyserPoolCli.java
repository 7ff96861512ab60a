package dev.geyserpool.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/geyser-pool}: the one launcher of every geyser-pool component. */
@Command(
    name = "geyser-pool",
    mixinStandardHelpOptions = true,
    version = "geyser-pool 0.1.0",
    description = "Pools Yellowstone gRPC connections and publishes every monitor's updates to Kafka.",
    subcommands = {DemoCommand.class, GatewayCommand.class, AggregatorCommand.class, TopCommand.class, SimCommand.class, MonitorsCommand.class,
        ReplayCommand.class, DecodeCommand.class,
        CommandLine.HelpCommand.class})
public final class GeyserPoolCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its converters, for main and for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new GeyserPoolCli());
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    // sim takes simulator faults; demo takes system faults too.
    cli.registerConverter(dev.geyserpool.sim.Fault.class, spec -> {
      try {
        return DemoFault.parseSimulatorFault(spec);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    cli.registerConverter(DemoFault.class, spec -> {
      try {
        return DemoFault.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
