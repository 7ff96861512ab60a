package dev.geyserpool.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClusterTest {

    @Test
    void uniqueTopicNamesKeepThePrefixAndDiffer() {
        String first = KafkaCluster.uniqueTopicName("orders.v1_x");
        String second = KafkaCluster.uniqueTopicName("orders.v1_x");

        assertThat(first).matches("orders\\.v1_x-[0-9a-f]{12}");
        assertThat(second).matches("orders\\.v1_x-[0-9a-f]{12}").isNotEqualTo(first);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "with space", "slash/topic", "ümlaut"})
    void uniqueTopicNameRejectsPrefixesKafkaWouldRefuse(String prefix) {
        assertThatThrownBy(() -> KafkaCluster.uniqueTopicName(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic prefix is '" + prefix + "', but must be 1 to 200 characters of [a-zA-Z0-9._-]");
    }

    @Test
    void uniqueTopicNameRejectsPrefixesLongerThan200Characters() {
        String prefix = "t".repeat(201);
        assertThatThrownBy(() -> KafkaCluster.uniqueTopicName(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic prefix is '" + prefix + "', but must be 1 to 200 characters of [a-zA-Z0-9._-]");
        assertThat(KafkaCluster.uniqueTopicName("t".repeat(200))).hasSize(213);
    }
}
