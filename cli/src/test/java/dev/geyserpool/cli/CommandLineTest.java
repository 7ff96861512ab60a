package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.geyserpool.sim.Fault;
import java.net.InetAddress;
import java.net.ServerSocket;
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

  @Test
  void helpListsEveryCommandWithItsHeader() {
    StringWriter out = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString())
        .containsPattern("\\n\\s+aggregator\\s+The metrics aggregator and its HTTP API against a Kafka cluster\\.")
        .containsPattern("\\n\\s+gateway\\s+The ingest gateway")
        .containsPattern("\\n\\s+demo\\s+The whole system in one JVM")
        .containsPattern("\\n\\s+top\\s+The pool's terminal views \\(status, live, flow, sparklines\\) from a\\s+running"
            + " aggregator\\.");
  }

  @Test
  void aggregatorTakesItsOptionsWithTheDocumentedDefaults() {
    CommandLine cli = GeyserPoolCli.commandLine();
    AggregatorCommand defaults = cli.parseArgs("aggregator").subcommand().commandSpec().commandLine().getCommand();
    assertThat(defaults.bootstrapServers).isEqualTo("127.0.0.1:9092");
    assertThat(defaults.applicationId).isEqualTo("geyser-pool-aggregator");
    assertThat(defaults.stateDir).isEqualTo(java.nio.file.Path.of("data", "aggregator-state"));
    assertThat(defaults.port).isEqualTo(8091);
    assertThat(defaults.bindHost).isEqualTo("127.0.0.1");
    assertThat(defaults.advertisedHost).isEqualTo("127.0.0.1");

    AggregatorCommand given = GeyserPoolCli.commandLine().parseArgs("aggregator", "--bootstrap-servers=kafka:9092",
        "--application-id=agg-2", "--state-dir=/var/lib/agg", "--port=0", "--bind-host=127.0.0.1",
        "--advertised-host=agg-2.internal").subcommand().commandSpec().commandLine().getCommand();
    assertThat(given.bootstrapServers).isEqualTo("kafka:9092");
    assertThat(given.applicationId).isEqualTo("agg-2");
    assertThat(given.stateDir).isEqualTo(java.nio.file.Path.of("/var/lib/agg"));
    assertThat(given.port).isZero();
    assertThat(given.bindHost).isEqualTo("127.0.0.1");
    assertThat(given.advertisedHost).isEqualTo("agg-2.internal");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--port=70000|--port: api.port is 70000, but must be 0-65535 (0 picks a free port)",
    "--port=-1|--port: api.port is -1, but must be 0-65535 (0 picks a free port)",
    "--port=http|Invalid value for option '--port': 'http' is not an int",
    "--application-id=two words|--application-id: applicationId is 'two words', but must be 1-200 characters of"
        + " letters, digits, '.', '_' or '-'",
    "--bootstrap-servers=|--bootstrap-servers: bootstrapServers is '', but must list at least one host:port",
    "--bind-host=|--bind-host: api.bindHost is '', but must be a host or address",
    "--advertised-host=agg:8091|--advertised-host: api.advertisedHost is 'agg:8091', but must be a host name or"
        + " address without a port (IPv6 in brackets)",
  })
  void aggregatorRejectsBadOptionsWithOneLineNamingTheOptionTheKeyAndTheRule(String option, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    // Kafka at a port nothing listens on: a bad option must fail before anything connects.
    String[] args = option.startsWith("--bootstrap-servers") ? new String[] {"aggregator", option}
        : new String[] {"aggregator", "--bootstrap-servers=127.0.0.1:1", option};
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString()).startsWith(message + System.lineSeparator());
  }

  @Test
  void aggregatorFailsAtOnceOnATakenPortNamingThePortAndTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cli = GeyserPoolCli.commandLine();
      cli.setErr(new PrintWriter(err));
      int port = taken.getLocalPort();
      assertThat(cli.execute("aggregator", "--bootstrap-servers=127.0.0.1:1", "--bind-host=127.0.0.1",
          "--port=" + port)).isEqualTo(2);
      assertThat(err.toString()).startsWith("the aggregator API cannot listen on 127.0.0.1:" + port + " (")
          .contains("port " + port + " is taken or not available; stop what listens there, or choose another port"
              + " with --port (0 picks a free one)" + System.lineSeparator());
    }
  }

  @Test
  void demoFailsAtOnceOnATakenApiPortBeforeStartingAnything() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cli = GeyserPoolCli.commandLine();
      cli.setErr(new PrintWriter(err));
      int port = taken.getLocalPort();
      long started = System.nanoTime();
      assertThat(cli.execute("demo", "--duration=5s", "--api-port=" + port)).isEqualTo(2);
      // Nothing started: no broker, simulator or gateway would be up this soon.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(err.toString()).startsWith("the aggregator API cannot listen on 127.0.0.1:" + port + " (")
          .contains("port " + port + " is taken or not available; stop what listens there, or choose another port"
              + " with --api-port (0 picks a free one)" + System.lineSeparator());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--api-port=65536|--api-port: api.port is 65536, but must be 0-65535 (0 picks a free port)",
    "--api-port=any|Invalid value for option '--api-port': 'any' is not an int",
  })
  void demoRejectsABadApiPort(String option, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("demo", option)).isEqualTo(2);
    assertThat(err.toString()).startsWith(message + System.lineSeparator());
  }

  @Test
  void demoPrintsWhereTheAggregatorAnswers() {
    assertThat(DemoCommand.aggregatorLine(java.net.URI.create("http://127.0.0.1:8091")))
        .isEqualTo("aggregator API: http://127.0.0.1:8091/api/grpc-pool/metrics (also /history, /health, /alerts,"
            + " /metrics/live WebSocket, /metrics)");
  }

  @Test
  void topReadsTheDemosAggregatorByDefault() {
    TopCommand defaults = GeyserPoolCli.commandLine().parseArgs("top").subcommand().commandSpec().commandLine()
        .getCommand();
    assertThat(defaults.url).isEqualTo("http://127.0.0.1:8091");
    assertThat(defaults.line).isFalse();
    assertThat(defaults.watch).isFalse();
    TopCommand given = GeyserPoolCli.commandLine().parseArgs("top", "--url=https://agg.internal:9000/", "--line",
        "--watch").subcommand().commandSpec().commandLine().getCommand();
    assertThat(given.url).isEqualTo("https://agg.internal:9000/");
    assertThat(given.line).isTrue();
    assertThat(given.watch).isTrue();
  }

  private static final String TOP_URL_RULE = "', but must be an http:// or https:// URL with a host and no path,"
      + " such as http://127.0.0.1:8091";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--url=localhost:8091|--url is 'localhost:8091" + TOP_URL_RULE,
    "--url=127.0.0.1:8091|--url is '127.0.0.1:8091" + TOP_URL_RULE + " (Illegal character in scheme name at index 0)",
    "--url=ftp://127.0.0.1:8091|--url is 'ftp://127.0.0.1:8091" + TOP_URL_RULE,
    "--url=http://|--url is 'http://" + TOP_URL_RULE + " (Expected authority at index 7)",
    "--url=http://127.0.0.1:8091/api/grpc-pool|--url is 'http://127.0.0.1:8091/api/grpc-pool" + TOP_URL_RULE,
    "--url=http://127.0.0.1:8091?gateway=a|--url is 'http://127.0.0.1:8091?gateway=a" + TOP_URL_RULE,
    "--url=http://127.0.0.1:80910|--url is 'http://127.0.0.1:80910" + TOP_URL_RULE,
    "--url=http://agg 1:8091|--url is 'http://agg 1:8091" + TOP_URL_RULE + " (Illegal character in authority at index 7)",
    "--watch|--watch repeats the single status line: add --line (bin/geyser-pool top --line --watch)",
    "--lines|Unknown option: '--lines'",
  })
  void topRejectsBadOptionsWithOneLineSayingWhatToWrite(String option, String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setErr(new PrintWriter(err));
    // --line, so that an option the command wrongly took would print the line and exit 0 or 1, not 2.
    String[] args = option.equals("--watch") ? new String[] {"top", option} : new String[] {"top", "--line", option};
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString()).startsWith(message + System.lineSeparator());
  }
}
