package dev.geyserpool.kafka.embedded;

import static dev.geyserpool.kafka.embedded.KafkaTestClients.consumeFromBeginning;
import static dev.geyserpool.kafka.embedded.KafkaTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lifecycle of the in-process broker itself: start, data directories, close, restart. */
class EmbeddedKafkaBrokerTest {

    @Test
    void closeShutsTheBrokerDownAndDeletesItsTemporaryDataDirOnce() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Path dataDir = broker.dataDir();
        String bootstrapServers = broker.bootstrapServers();
        assertThat(bootstrapServers).matches("127\\.0\\.0\\.1:\\d{1,5}");
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();
        assertThat(accepts(bootstrapServers)).isTrue();

        broker.close();

        assertThat(dataDir).doesNotExist();
        assertThat(accepts(bootstrapServers)).isFalse();
        broker.close(); // a second close does nothing
    }

    @Test
    void brokerRestartedOnTheSameDataDirKeepsClusterTopicAndRecords(@TempDir Path dataDir) throws Exception {
        String topic = "kept";
        String clusterId;
        List<String> produced;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir)) {
            first.createTopic(topic, 3);
            produced = produce(first.bootstrapServers(), topic, 10, 10).stream()
                    .map(sent -> String.valueOf(sent.index())).collect(Collectors.toList());
            clusterId = clusterId(first);
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dataDir)) {
            assertThat(clusterId(second)).isEqualTo(clusterId);
            assertThat(describe(second, topic).partitions()).hasSize(3);
            List<ConsumerRecord<String, String>> received =
                    consumeFromBeginning(second.bootstrapServers(), topic, 3, 10);
            assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(produced);
        }
        assertThat(dataDir).isDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listeners", "node.id", "log.dirs", "process.roles", "controller.quorum.voters"})
    void builderRejectsPropertiesItManages(String key) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty(key, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broker property '" + key
                        + "' is managed by EmbeddedKafkaBroker and cannot be set; managed keys are ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S"})
    void builderRejectsNonPositiveRetention(String retention) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().logRetention(Duration.parse(retention)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log retention is " + Duration.parse(retention) + ", but must be positive");
    }

    private static boolean accepts(String hostPort) throws IOException {
        String[] parts = hostPort.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static String clusterId(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static TopicDescription describe(KafkaCluster kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        }
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
