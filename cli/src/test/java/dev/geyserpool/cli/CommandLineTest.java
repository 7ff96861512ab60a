package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
