package dev.geyserpool.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.kafka.embedded.internal.TestcontainersKafkaCluster;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Docker-backed kind, run only with {@code -Dgeyserpool.kafka=testcontainers}; without a
 * Docker daemon the extension skips it (aborted, not failed).
 */
@EnabledIfSystemProperty(named = "geyserpool.kafka", matches = "testcontainers")
@ExtendWith(KafkaClusterExtension.class)
class TestcontainersKafkaClusterTest {

    @Test
    void switchSelectsABrokerInDocker(KafkaCluster kafka) throws Exception {
        assertThat(kafka).isInstanceOf(TestcontainersKafkaCluster.class);
        String topic = KafkaCluster.uniqueTopicName("container");

        kafka.createTopic(topic, 3);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        }
    }
}
