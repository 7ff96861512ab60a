package dev.geyserpool.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultParseTest {
  static final String USAGE = "; known kinds: drop-connections-every=<d>, stall-streams=<every>/<for>, "
      + "reject-new-connections=<d>, lag-slow-client=<d>; a duration <d> is a whole number with a unit "
      + "ms, s, m or h, e.g. 200ms or 5s";

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("drop-connections-every=5s", new Fault.DropConnections(Duration.ofSeconds(5)), "drop-connections-every=5s"),
        Arguments.of("drop-connections-every=300ms", new Fault.DropConnections(Duration.ofMillis(300)), "drop-connections-every=300ms"),
        Arguments.of("drop-connections-every=2000ms", new Fault.DropConnections(Duration.ofSeconds(2)), "drop-connections-every=2s"),
        Arguments.of(" stall-streams = 20s/8s ", new Fault.StallStreams(Duration.ofSeconds(20), Duration.ofSeconds(8)), "stall-streams=20s/8s"),
        Arguments.of("stall-streams=1m/1500ms", new Fault.StallStreams(Duration.ofMinutes(1), Duration.ofMillis(1500)), "stall-streams=1m/1500ms"),
        Arguments.of("reject-new-connections=10s", new Fault.RejectNewConnections(Duration.ofSeconds(10)), "reject-new-connections=10s"),
        Arguments.of("lag-slow-client=200ms", new Fault.LagSlowClient(Duration.ofMillis(200)), "lag-slow-client=200ms"),
        Arguments.of("lag-slow-client=1h", new Fault.LagSlowClient(Duration.ofHours(1)), "lag-slow-client=1h"));
  }

  @ParameterizedTest
  @MethodSource("validSpecs")
  void parsesEachKindAndPrintsItsCanonicalSpec(String spec, Fault expected, String canonical) {
    Fault f = Fault.parse(spec);
    assertThat(f).isEqualTo(expected);
    assertThat(f.spec()).isEqualTo(canonical);
    assertThat(f).hasToString(canonical);
    assertThat(Fault.parse(f.spec())).isEqualTo(f);
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("", "fault spec '' is not KIND=VALUE" + USAGE),
        Arguments.of(null, "fault spec 'null' is not KIND=VALUE" + USAGE),
        Arguments.of("drop-connections-every", "fault spec 'drop-connections-every' is not KIND=VALUE" + USAGE),
        Arguments.of("drop-connections-every=", "fault spec 'drop-connections-every=' is not KIND=VALUE" + USAGE),
        Arguments.of("=5s", "fault spec '=5s' is not KIND=VALUE" + USAGE),
        Arguments.of("explode=5s", "fault spec 'explode=5s' has unknown kind 'explode'" + USAGE),
        Arguments.of("stall-streams-every=20s", "fault spec 'stall-streams-every=20s' has unknown kind 'stall-streams-every'" + USAGE),
        Arguments.of("drop-connections-every=5", "fault spec 'drop-connections-every=5' has '5' where a duration belongs" + USAGE),
        Arguments.of("lag-slow-client=-5s", "fault spec 'lag-slow-client=-5s' has '-5s' where a duration belongs" + USAGE),
        Arguments.of("reject-new-connections=PT5S", "fault spec 'reject-new-connections=PT5S' has 'PT5S' where a duration belongs" + USAGE),
        Arguments.of("drop-connections-every=0s",
            "fault spec 'drop-connections-every=0s' is invalid: drop-connections-every: the period is 0s, but must be positive" + USAGE),
        Arguments.of("stall-streams=20s",
            "fault spec 'stall-streams=20s' has value '20s', but stall-streams takes <every>/<for>, e.g. 20s/8s" + USAGE),
        Arguments.of("stall-streams=20s/x", "fault spec 'stall-streams=20s/x' has 'x' where a duration belongs" + USAGE),
        Arguments.of("stall-streams=5s/8s",
            "fault spec 'stall-streams=5s/8s' is invalid: stall-streams: the stall time 8s must be shorter than the period 5s" + USAGE));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void rejectsABadSpecNamingItTheKnownKindsAndTheValueFormat(String spec, String message) {
    assertThatThrownBy(() -> Fault.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void constructorsCheckTheirValuesToo() {
    assertThatThrownBy(() -> new Fault.StallStreams(Duration.ofSeconds(5), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stall-streams: the stall time 5s must be shorter than the period 5s");
    assertThatThrownBy(() -> new Fault.LagSlowClient(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lag-slow-client: the delay is -1ms, but must be positive");
    assertThatThrownBy(() -> new Fault.DropConnections(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("drop-connections-every: the period is null, but must be positive");
  }
}
