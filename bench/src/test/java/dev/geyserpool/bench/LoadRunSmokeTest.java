package dev.geyserpool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The load run end to end at a low rate for a few seconds: every update each monitor is owed
 * arrives exactly once, and the report says so. Asserts no timing: on a loaded machine the run
 * is slower, not wrong.
 */
class LoadRunSmokeTest {

  @Test
  void lowRateRunDeliversEveryUpdateOnceToEveryMonitor() throws Exception {
    LoadOptions options = new LoadOptions(50, Duration.ofSeconds(2), Duration.ofSeconds(3), 7, false, Duration.ofMillis(400),
        Duration.ofSeconds(60), Optional.empty());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    LoadResult result = LoadRun.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.lost()).as(result.summaryLine()).isZero();
    assertThat(result.duplicated()).as(result.summaryLine()).isZero();
    assertThat(result.unexpected()).as(result.summaryLine()).isZero();
    assertThat(result.logDropped()).isZero();
    assertThat(result.monitors()).hasSize(7);
    assertThat(result.monitors()).filteredOn(m -> !m.id().equals("pump-failed"))
        .allSatisfy(m -> assertThat(m.generated()).as(m.id()).isPositive());
    assertThat(result.latencyMicros().getTotalCount()).isPositive();
    assertThat(result.complete()).isTrue();
    assertThat(result.summaryLine()).contains("rate=50 ", " lost=0 ", " duplicated=0 ");
  }

  @Test
  void referenceMonitorsRunGetsEveryUpdateOnceAndPublishesEvents() throws Exception {
    LoadOptions options = new LoadOptions(50, Duration.ofSeconds(2), Duration.ofSeconds(3), 7, true,
        Duration.ofMillis(400), Duration.ofSeconds(60), Optional.empty());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    LoadResult result = LoadRun.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.complete()).as(result.summaryLine()).isTrue();
    assertThat(result.monitors()).extracting(LoadResult.MonitorRow::id).containsExactly("pump-mint", "pump-price",
        "pump-account", "pump-transactions", "launchlab-mint", "launchlab-account", "graduation");
    assertThat(result.summaryLine()).contains(" monitors=reference ");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("bench: events published: pump-mint=");
  }

  @Test
  void rejectsRateOutsideTheSimulatorsRange() {
    assertThatThrownBy(() -> new LoadOptions(0, Duration.ZERO, Duration.ofSeconds(5),
            7, false, Duration.ofMillis(400), Duration.ofSeconds(60), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rate is 0, but must be between 1 and 100000 per second");
  }
}
