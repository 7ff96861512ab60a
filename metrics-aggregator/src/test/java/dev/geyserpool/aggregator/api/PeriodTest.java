package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {
  private static final Duration DAY = Duration.ofHours(24);

  @ParameterizedTest
  @CsvSource({"30m,PT30M", "1m,PT1M", "2h,PT2H", "24h,PT24H", "1440m,PT24H", " 5m ,PT5M"})
  void readsMinutesAndHours(String text, Duration expected) {
    assertThat(Period.parse(text, DAY)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0m", "30", "30s", "1d", "-5m", "1.5h", "30M", "99999999h"})
  void refusesWhatIsNoPeriodNamingTheForms(String text) {
    assertThatThrownBy(() -> Period.parse(text, DAY))
        .isInstanceOf(ApiException.class)
        .hasMessage("period '" + text + "' is not a period: give minutes or hours such as 30m or 2h, from 1m up to 24h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"25h", "1441m"})
  void refusesMoreThanIsKept(String text) {
    assertThatThrownBy(() -> Period.parse(text, DAY))
        .hasMessageStartingWith("period '" + text + "' is longer than the history kept (24h)");
  }

  @ParameterizedTest
  @CsvSource({"PT30M,30m", "PT24H,24h", "PT90S,90s", "PT2H30M,150m"})
  void formatsTheWholeUnit(Duration d, String expected) {
    assertThat(Period.format(d)).isEqualTo(expected);
  }
}
