package dev.geyserpool.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatorConfigTest {
  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.slotInterval(Duration.ofSeconds(-1)), "slotInterval is PT-1S, but must be positive"),
        bad(b -> b.slotInterval(Duration.ZERO), "slotInterval is PT0S, but must be positive"),
        bad(b -> b.pingInterval(null), "pingInterval is null, but must be positive"),
        bad(b -> b.connectionWindow(Duration.ofMillis(-5)), "connectionWindow is PT-0.005S, but must be positive"),
        bad(b -> b.connectionLimit(0), "connectionLimit is 0, but must be at least 1"),
        bad(b -> b.port(70_000), "port is 70000, but must be between 0 (any free port) and 65535"),
        bad(b -> b.host(" "), "host is ' ', but must be a host name or address"),
        bad(b -> b.xToken(""), "xToken is blank, but must be null (no auth) or a non-blank token"),
        bad(b -> b.trafficRate(-1), "trafficRate is -1, but must be between 0 and 100000 per second"),
        bad(b -> b.streamQueueCapacity(8), "streamQueueCapacity is 8, but must be at least 16"),
        bad(b -> b.generatedLogCapacity(-1), "generatedLogCapacity is -1, but must not be negative"),
        bad(b -> b.historySlots(32), "historySlots is 32, but must be more than 32 (the finalization depth)"),
        bad(b -> b.firstSlot(10), "firstSlot is 10, but must be more than 32"),
        bad(b -> b.manual(true).fault(Fault.parse("drop-connections-every=5s")),
            "faults is [drop-connections-every=5s], but faults run on a schedule only in automatic mode;"
                + " in manual mode use the simulator's fault controls (dropConnections, stallStreams, ...)"),
        bad(b -> b.fault(Fault.parse("lag-slow-client=1s")).fault(Fault.parse("lag-slow-client=2s")),
            "faults is [lag-slow-client=1s, lag-slow-client=2s], but has more than one lag-slow-client; give each kind once"));
  }

  static Arguments bad(UnaryOperator<SimulatorConfig.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsBadValuesNamingKeyRuleAndValue(UnaryOperator<SimulatorConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(SimulatorConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsMatchTheProvider() {
    SimulatorConfig c = SimulatorConfig.builder().build();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.connectionLimit()).isEqualTo(60);
    assertThat(c.connectionWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.slotInterval()).isEqualTo(Duration.ofMillis(400));
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.xToken()).isNull();
    assertThat(c.historySlots()).isEqualTo(150);
    assertThat(c.faults()).isEmpty();
    assertThat(c.toBuilder().historySlots(300).build().historySlots()).isEqualTo(300);
    SimulatorConfig faulty = c.toBuilder().fault(Fault.parse("drop-connections-every=5s")).build();
    assertThat(faulty.faults()).containsExactly(new Fault.DropConnections(Duration.ofSeconds(5)));
    assertThat(faulty.toBuilder().build().faults()).isEqualTo(faulty.faults());
    assertThat(faulty.toString()).contains("faults=[drop-connections-every=5s]");
    assertThat(c.toBuilder().xToken("t").build().toString()).contains("xToken=****").doesNotContain("=t,");
  }

  @Test
  void automaticModeAdvancesSlotsAndGeneratesTraffic() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).trafficRate(200).build())) {
      long first = sim.currentSlot();
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> sim.currentSlot() >= first + 5 && sim.generated().size() > 100);
      long processedStatuses = sim.generated().countMatching(SubscribeRequest.newBuilder()
          .putSlots("s", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build()).build());
      assertThat(processedStatuses).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void pausedTrafficWaitsForStartAndStopsGeneratingWhenStopped() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).trafficRate(200).trafficPaused(true).build())) {
      SubscribeRequest everyTransaction = SubscribeRequest.newBuilder()
          .putTransactions("all", dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions.getDefaultInstance())
          .build();
      long first = sim.currentSlot();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() >= first + 5);
      assertThat(sim.generated().countMatching(everyTransaction)).isZero();

      sim.startTraffic();
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> sim.generated().countMatching(everyTransaction) > 50);

      sim.stopTraffic();
      long atStop = sim.generated().countMatching(everyTransaction);
      long stoppedAt = sim.currentSlot();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() >= stoppedAt + 5);
      assertThat(sim.generated().countMatching(everyTransaction)).isEqualTo(atStop);
    }
  }
}
