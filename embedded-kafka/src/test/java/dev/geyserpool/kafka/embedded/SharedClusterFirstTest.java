package dev.geyserpool.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@link SharedClusterSecondTest}: test classes share one cluster. Whichever of the two runs
 * second sees the other's cluster in the probe. This one takes it in {@code @BeforeAll}.
 */
@ExtendWith(KafkaClusterExtension.class)
class SharedClusterFirstTest {

    @BeforeAll
    static void recordCluster(KafkaCluster kafka) {
        SharedClusterProbe.CLUSTERS_BY_CLASS.put(SharedClusterFirstTest.class, kafka);
    }

    @Test
    void everyTestClassGetsTheSameCluster(KafkaCluster kafka) {
        assertThat(SharedClusterProbe.CLUSTERS_BY_CLASS.values()).isNotEmpty().allSatisfy(other -> {
            assertThat(other).isSameAs(kafka);
            assertThat(other.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        });
    }
}
