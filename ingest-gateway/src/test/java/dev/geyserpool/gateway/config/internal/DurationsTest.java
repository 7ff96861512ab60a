package dev.geyserpool.gateway.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "400ms, PT0.4S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "7d, PT168H", "1m30s, PT1M30S",
      "PT30S, PT30S", "pt5m, PT5M", "-5s, PT-5S", "250us, PT0.00025S", "12ns, PT0.000000012S", "' 2m ', PT2M"})
  void parsesShortFormsSumsAndIso8601(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"60", "", "5 minutes", "5M", "1.5s", "s", "PTX", "99999999999999999999d"})
  void refusesTextWithoutAUnitOrOutOfRange(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT5M, 5m", "PT0.5S, 500ms", "PT90S, 90s", "PT0S, 0s", "PT168H, 7d", "PT2H, 2h", "PT-1S, -1s", "PT0.000001S, 1us"})
  void formatsInTheLargestExactUnit(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }
}
