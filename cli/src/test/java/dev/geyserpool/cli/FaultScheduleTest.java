package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The schedule of system faults on a fake clock: what happens at t−1 and at t. */
class FaultScheduleTest {
  private static final long START = 1_000_000_000L;
  private static final long S = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(START);
  private final Recorder target = new Recorder();

  @Test
  void haltsTheGatewayEveryPeriodAndStartsANewOneAfterTheDownTime() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)));

    assertThat(runAt(schedule, START + 30 * S - 1)).isEqualTo(1);
    assertThat(target.actions).isEmpty();
    runAt(schedule, START + 30 * S);
    assertThat(target.actions).containsExactly("haltGateway");
    runAt(schedule, START + 40 * S - 1);
    assertThat(target.actions).containsExactly("haltGateway");
    runAt(schedule, START + 40 * S);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway");
    runAt(schedule, START + 60 * S - 1);
    runAt(schedule, START + 60 * S);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway", "haltGateway");
    assertThat(schedule.report()).isEqualTo("gatewayRestarts=2 brokerStops=0 faultFailures=0");
  }

  @Test
  void stopsTheBrokerEveryPeriodAndStartsItAfterTheDownTime() {
    FaultSchedule schedule = schedule(new SystemFault.StopBroker(Duration.ofSeconds(60), Duration.ofSeconds(20)));

    runAt(schedule, START + 60 * S - 1);
    assertThat(target.actions).isEmpty();
    runAt(schedule, START + 60 * S);
    runAt(schedule, START + 80 * S - 1);
    assertThat(target.actions).containsExactly("stopBroker");
    runAt(schedule, START + 80 * S);
    assertThat(target.actions).containsExactly("stopBroker", "startBroker");
    assertThat(schedule.report()).isEqualTo("gatewayRestarts=0 brokerStops=1 faultFailures=0");
  }

  @Test
  void aGatewayDueWhileTheBrokerIsDownStartsOnceTheBrokerIsBack() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)),
        new SystemFault.StopBroker(Duration.ofSeconds(30), Duration.ofSeconds(20)));

    runAt(schedule, START + 30 * S);
    assertThat(target.actions).containsExactly("haltGateway", "stopBroker");
    runAt(schedule, START + 40 * S);
    runAt(schedule, START + 50 * S - 1);
    assertThat(target.actions).containsExactly("haltGateway", "stopBroker");
    runAt(schedule, START + 50 * S);
    assertThat(target.actions).containsExactly("haltGateway", "stopBroker", "startBroker");
    runAt(schedule, START + 51 * S);
    assertThat(target.actions).containsExactly("haltGateway", "stopBroker", "startBroker", "startGateway");
  }

  @Test
  void aStopThatFellDueWhileThePartWasComingBackIsSkipped() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    target.startTakes = 25 * S;

    runAt(schedule, START + 30 * S);
    runAt(schedule, START + 40 * S);
    // Back at 65 s: the stop due at 60 s is skipped, the next one is at 90 s.
    assertThat(now.get()).isEqualTo(START + 65 * S);
    assertThat(runAt(schedule, START + 90 * S - 1)).isEqualTo(1);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway");
    runAt(schedule, START + 90 * S);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway", "haltGateway");
  }

  @Test
  void aPartBackLateStillStopsOnTheGrid() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    target.startTakes = 3 * S;

    runAt(schedule, START + 30 * S);
    runAt(schedule, START + 40 * S);
    runAt(schedule, START + 60 * S - 1);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway");
    runAt(schedule, START + 60 * S);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway", "haltGateway");
  }

  @Test
  void aFailingActionIsCountedAndTriedAgainASecondLater() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    target.failStarts = 2;

    runAt(schedule, START + 30 * S);
    runAt(schedule, START + 40 * S);
    runAt(schedule, START + 41 * S - 1);
    assertThat(target.startAttempts).isEqualTo(1);
    runAt(schedule, START + 41 * S);
    assertThat(target.startAttempts).isEqualTo(2);
    runAt(schedule, START + 42 * S);
    assertThat(target.startAttempts).isEqualTo(3);
    assertThat(target.actions).containsExactly("haltGateway", "startGateway");
    assertThat(schedule.report()).isEqualTo("gatewayRestarts=1 brokerStops=0 faultFailures=2");
  }

  @Test
  void closeBringsBackTheBrokerThenTheGateway() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)),
        new SystemFault.StopBroker(Duration.ofSeconds(30), Duration.ofSeconds(20)));
    runAt(schedule, START + 30 * S);

    schedule.close();

    assertThat(target.actions).containsExactly("haltGateway", "stopBroker", "startBroker", "startGateway");
  }

  @Test
  void closeLeavesRunningPartsAlone() {
    FaultSchedule schedule = schedule(new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    runAt(schedule, START + 30 * S);
    runAt(schedule, START + 40 * S);

    schedule.close();

    assertThat(target.actions).containsExactly("haltGateway", "startGateway");
  }

  @Test
  void refusesAKindGivenTwice() {
    assertThatThrownBy(() -> FaultSchedule.requireDistinctKinds(List.of(
        new SystemFault.StopBroker(Duration.ofSeconds(60), Duration.ofSeconds(20)),
        new SystemFault.RestartGateway(Duration.ofSeconds(30), Duration.ofSeconds(10)),
        new SystemFault.StopBroker(Duration.ofSeconds(30), Duration.ofSeconds(5)))))
        .hasMessage("--fault stop-broker-every is given twice (stop-broker-every=1m/20s, stop-broker-every=30s/5s);"
            + " give each system fault once");
  }

  private FaultSchedule schedule(SystemFault... faults) {
    return new FaultSchedule(List.of(faults), target, now::get);
  }

  /** Moves the fake clock to {@code t} and runs the schedule there. */
  private long runAt(FaultSchedule schedule, long t) {
    now.set(t);
    return schedule.runOnce(t);
  }

  /**
   * Records the actions that succeeded; fails the first {@code failStarts} gateway starts, and
   * a gateway start moves the clock on by {@code startTakes}.
   */
  private final class Recorder implements FaultSchedule.Target {
    final List<String> actions = new ArrayList<>();
    int failStarts;
    int startAttempts;
    long startTakes;

    @Override
    public void haltGateway() {
      actions.add("haltGateway");
    }

    @Override
    public void startGateway() {
      startAttempts++;
      now.addAndGet(startTakes);
      if (failStarts > 0) {
        failStarts--;
        throw new IllegalStateException("Kafka not reachable");
      }
      actions.add("startGateway");
    }

    @Override
    public void stopBroker() {
      actions.add("stopBroker");
    }

    @Override
    public void startBroker() {
      actions.add("startBroker");
    }
  }
}
