package dev.geyserpool.kafka.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link KafkaTopics} does without a broker: argument checks, an unreachable cluster and an
 * interrupted caller. Against a real broker it is exercised through its callers' tests
 * (embedded-kafka's {@code KafkaClusterContractTest}, the gateway's, the monitor SDK's and the
 * monitors'), which cannot be run here: embedded-kafka itself depends on this module.
 */
class KafkaTopicsTest {
  /** Port 1 on loopback: nothing listens, connections are refused at once. */
  private static final String NOWHERE = "127.0.0.1:1";
  private static final Duration TIMEOUT = Duration.ofMillis(1_000);
  /** Scheduling slack on a loaded two-core machine. */
  private static final long SLACK_MILLIS = 750;
  private static final List<NewTopic> TWO_TOPICS =
      List.of(new NewTopic("alpha", 1, (short) 1), new NewTopic("beta", 3, (short) 1));

  static Stream<Arguments> badArguments() {
    Collection<NewTopic> withNull = Arrays.asList(new NewTopic("alpha", 1, (short) 1), null);
    return Stream.of(
        Arguments.of(null, TWO_TOPICS, TIMEOUT, "bootstrapServers is null, but must list at least one host:port"),
        Arguments.of(" ", TWO_TOPICS, TIMEOUT, "bootstrapServers is ' ', but must list at least one host:port"),
        Arguments.of(NOWHERE, null, TIMEOUT, "topics is null, but must be a collection (empty for none)"),
        Arguments.of(NOWHERE, withNull, TIMEOUT, "topics " + withNull + " contains null, but every element must be a topic"),
        Arguments.of(NOWHERE, TWO_TOPICS, null, "timeout is null, but must be positive"),
        Arguments.of(NOWHERE, TWO_TOPICS, Duration.ZERO, "timeout is PT0S, but must be positive"),
        Arguments.of(NOWHERE, TWO_TOPICS, Duration.ofMillis(-5), "timeout is PT-0.005S, but must be positive"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("badArguments")
  void rejectsBadArgumentsNamingThem(String bootstrapServers, Collection<NewTopic> topics, Duration timeout,
      String message) {
    assertThatThrownBy(() -> KafkaTopics.ensure(bootstrapServers, topics, timeout))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void noTopicsReturnsAtOnceWithoutConnecting() {
    // A 1 ms bound on an address where nothing listens: any attempt to reach Kafka would fail.
    KafkaTopics.ensure(NOWHERE, List.of(), Duration.ofMillis(1));
  }

  @Test
  void unreachableClusterFailsWithinTheTimeoutNamingTopicsClusterTimeoutAndWhatToCheck() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> KafkaTopics.ensure(NOWHERE, TWO_TOPICS, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot make topics [alpha, beta] ready on Kafka at 127.0.0.1:1 within 1000 ms: ")
        .hasMessageEndingWith("; check that Kafka is reachable at those bootstrap servers and its brokers are up")
        .cause().isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(SLACK_MILLIS));
  }

  @Test
  void unusableBootstrapServersFailNamingThem() {
    assertThatThrownBy(() -> KafkaTopics.ensure("no-port-here", TWO_TOPICS, TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot make topics [alpha, beta] ready on Kafka at no-port-here: no admin client for"
            + " those bootstrap servers (")
        .hasMessageEndingWith("); check that they are host:port pairs whose hosts resolve")
        .cause().isInstanceOf(org.apache.kafka.common.KafkaException.class);
  }

  @Test
  void interruptedCallerGetsTheFlagBackAndAnErrorNamingTopicsAndCluster() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> KafkaTopics.ensure(NOWHERE, TWO_TOPICS, TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interrupted while making topics [alpha, beta] ready on Kafka at 127.0.0.1:1")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // leave the test thread as it was
    }
  }
}
