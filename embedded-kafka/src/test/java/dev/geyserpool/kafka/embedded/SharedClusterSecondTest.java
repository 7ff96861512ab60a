package dev.geyserpool.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** See {@link SharedClusterFirstTest}. This one takes the cluster in its constructor. */
@ExtendWith(KafkaClusterExtension.class)
class SharedClusterSecondTest {

    private final KafkaCluster kafka;

    SharedClusterSecondTest(KafkaCluster kafka) {
        this.kafka = kafka;
        SharedClusterProbe.CLUSTERS_BY_CLASS.put(SharedClusterSecondTest.class, kafka);
    }

    @Test
    void everyTestClassGetsTheSameCluster() {
        assertThat(SharedClusterProbe.CLUSTERS_BY_CLASS.values()).isNotEmpty().allSatisfy(other -> {
            assertThat(other).isSameAs(kafka);
            assertThat(other.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        });
    }
}
