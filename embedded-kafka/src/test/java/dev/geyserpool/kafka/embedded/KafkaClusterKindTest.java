package dev.geyserpool.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClusterKindTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "embedded", " embedded "})
    void unsetBlankOrEmbeddedSelectsTheEmbeddedBroker(String value) {
        assertThat(KafkaClusterKind.parse(value)).isEqualTo(KafkaClusterKind.EMBEDDED);
    }

    @Test
    void testcontainersSelectsDocker() {
        assertThat(KafkaClusterKind.parse("testcontainers")).isEqualTo(KafkaClusterKind.TESTCONTAINERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker", "Embedded", "TESTCONTAINERS", "embedded,testcontainers", "kafka-native"})
    void rejectsUnknownValuesNamingPropertyValueAndAllowedValues(String value) {
        assertThatThrownBy(() -> KafkaClusterKind.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property geyserpool.kafka is '" + value + "', but must be 'embedded' or "
                        + "'testcontainers' (unset or blank means 'embedded'); set it with "
                        + "-Dgeyserpool.kafka=embedded or -Dgeyserpool.kafka=testcontainers");
    }
}
