package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.geyserpool.sim.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {
  @ParameterizedTest
  @CsvSource({"400ms, PT0.4S", "45s, PT45S", "5m, PT5M", "2h, PT2H", "PT1M30S, PT1M30S"})
  void readsDurationsAsPeopleWriteThem(String text, String iso) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"45", "4.5s", "-5s", "soon"})
  void rejectsDurationsItCannotRead(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .hasMessage("'" + text + "' is not a duration; write it as 400ms, 45s, 5m, 2h or ISO-8601 (PT45S)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--duration=soon|Invalid value for option '--duration': 'soon' is not a duration; write it as 400ms, 45s, 5m, 2h or ISO-8601 (PT45S)",
    "--fault=drop-connections-every|Invalid value for option '--fault' (KIND=VALUE): fault spec 'drop-connections-every'",
  })
  void demoRejectsBadOptionsWithAMessageNamingTheOptionAndTheFix(String option, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("demo", option);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith(message);
  }

  private static final String DEMO_KINDS = "known kinds: simulator faults drop-connections-every=<d>,"
      + " stall-streams=<every>/<for>, reject-new-connections=<d>, lag-slow-client=<d>; system faults"
      + " restart-gateway-every=<every>/<down>, stop-broker-every=<every>/<down>; a duration <d> is a whole number"
      + " with a unit ms, s, m or h, e.g. 200ms or 5s";
  private static final String SIMULATOR_KINDS = "known kinds: drop-connections-every=<d>, stall-streams=<every>/<for>,"
      + " reject-new-connections=<d>, lag-slow-client=<d>; a duration <d> is a whole number with a unit ms, s, m"
      + " or h, e.g. 200ms or 5s";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "crash-everything=5s|fault spec 'crash-everything=5s' has unknown kind 'crash-everything'; " + DEMO_KINDS,
    "restart-gateway-every|fault spec 'restart-gateway-every' is not KIND=VALUE; " + DEMO_KINDS,
    "restart-gateway-every=30s|fault spec 'restart-gateway-every=30s' has value '30s', but restart-gateway-every"
        + " takes <every>/<down>, e.g. 30s/10s; " + DEMO_KINDS,
    "stop-broker-every=soon/20s|fault spec 'stop-broker-every=soon/20s' has 'soon' where a duration belongs; "
        + DEMO_KINDS,
    "stop-broker-every=20s/20s|fault spec 'stop-broker-every=20s/20s' is invalid: stop-broker-every: the down time"
        + " 20s must be shorter than the period 20s; " + DEMO_KINDS,
    "restart-gateway-every=30s/0s|fault spec 'restart-gateway-every=30s/0s' is invalid: restart-gateway-every: the"
        + " down time is 0s, but must be positive; " + DEMO_KINDS,
  })
  void demoRejectsABadFaultNamingEveryKindItTakes(String fault, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("demo", "--fault=" + fault)).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--fault' (KIND=VALUE): " + message
        + System.lineSeparator());
  }

  @Test
  void demoRejectsASystemFaultGivenTwiceBeforeStartingAnything() {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("demo", "--fault=restart-gateway-every=30s/10s", "--fault=restart-gateway-every=20s/5s");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("--fault restart-gateway-every is given twice (restart-gateway-every=30s/10s,"
        + " restart-gateway-every=20s/5s); give each system fault once" + System.lineSeparator());
  }

  @Test
  void demoTakesSimulatorAndSystemFaultsInOneOption() {
    CommandLine cli = GeyserPoolCli.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs("demo", "--fault", "restart-gateway-every=30s/10s",
        "--fault", "stall-streams=20s/8s", "--fault", " stop-broker-every=1m/20s ");
    DemoCommand demo = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(demo.faults).containsExactly(
        new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)),
        new DemoFault.OfSimulator(new Fault.StallStreams(Duration.ofSeconds(20), Duration.ofSeconds(8))),
        new SystemFault.StopBroker(Duration.ofMinutes(1), Duration.ofSeconds(20)));
    assertThat(demo.faults).extracting(DemoFault::spec)
        .containsExactly("restart-gateway-every=30s/10s", "stall-streams=20s/8s", "stop-broker-every=1m/20s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"restart-gateway-every=30s/10s", "stop-broker-every=60s/20s"})
  void simRefusesASystemFaultSayingWhereItBelongs(String fault) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("sim", "--port=0", "--fault=" + fault)).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--fault' (KIND=VALUE): fault spec '" + fault
        + "' is a system fault, which only demo injects (sim runs the simulator alone; use bin/geyser-pool demo"
        + " --fault " + fault + "); " + SIMULATOR_KINDS + System.lineSeparator());
  }

  @Test
  void simStillTakesSimulatorFaults() {
    CommandLine cli = GeyserPoolCli.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs("sim", "--fault", "drop-connections-every=5s");
    SimCommand sim = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(sim.faults).containsExactly(new Fault.DropConnections(Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--only=pump-mint,pump-prices|no reference monitor 'pump-prices'; known: pump-mint, pump-price, pump-account,"
        + " pump-transactions, launchlab-mint, launchlab-account, graduation",
    "--from=yesterday|--from is 'yesterday', but must be latest, earliest or an ISO-8601 time such as 2026-11-26T10:00:00Z",
    "--from-slot=5 --from=earliest|--from and --from-slot both given; choose one start position",
  })
  void monitorsRejectsBadOptionsBeforeTouchingKafka(String option, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    String[] args = ("monitors --bootstrap-servers=127.0.0.1:1 " + option).split(" ");
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString()).startsWith(message);
  }
}
