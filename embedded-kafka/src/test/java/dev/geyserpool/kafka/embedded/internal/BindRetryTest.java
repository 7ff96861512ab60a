package dev.geyserpool.kafka.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class BindRetryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aStartThatFailsToBindIsRunAgainUntilItBinds() {
        int[] ports = FreePorts.pick(2);
        AtomicInteger attempts = new AtomicInteger();

        String started = BindRetry.start(ports[0], ports[1], TIMEOUT, "test", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw bindFailure(ports[1]);
            }
            return "started";
        });

        assertThat(started).isEqualTo("started");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aStartThatFailsOtherwiseIsNotRunAgain() {
        int[] ports = FreePorts.pick(2);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> BindRetry.start(ports[0], ports[1], TIMEOUT, "data dir /x", () -> {
            attempts.incrementAndGet();
            throw new KafkaException("log dir /x is locked");
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("embedded Kafka broker failed to start (data dir /x, broker port " + ports[0]
                        + ", controller port " + ports[1] + "): log dir /x is locked")
                .hasCauseInstanceOf(KafkaException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aPortKafkaCannotBindUntilTheTimeoutIsNamedWithKafkasFailure() {
        int[] ports = FreePorts.pick(2);

        assertThatThrownBy(() -> BindRetry.start(ports[0], ports[1], Duration.ofMillis(200), "data dir /x", () -> {
            throw bindFailure(ports[1]);
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("embedded Kafka broker cannot bind 127.0.0.1:" + ports[1]
                        + " (the controller port) within 200 ms (")
                .hasRootCauseInstanceOf(BindException.class);
    }

    /** What Kafka's socket server throws when its listener's port is taken. */
    private static KafkaException bindFailure(int port) {
        return new KafkaException("Socket server failed to bind to 127.0.0.1:" + port + ": Address already in use.",
                new BindException("Address already in use"));
    }
}
