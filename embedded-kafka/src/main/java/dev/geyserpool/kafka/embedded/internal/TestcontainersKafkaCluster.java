package dev.geyserpool.kafka.embedded.internal;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.topics.KafkaTopics;
import java.util.Collection;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft broker in a Docker container, set up like {@code EmbeddedKafkaBroker}
 * (3 partitions per new topic, no auto-created topics, no initial rebalance delay).
 *
 * <p>This is the only class that touches Testcontainers, an optional dependency: load it only when
 * Testcontainers was asked for. Ownership: whoever calls {@link #start()} closes it, which removes
 * the container. Threading: safe for concurrent use.
 */
public final class TestcontainersKafkaCluster implements KafkaCluster, AutoCloseable {

    /** Apache's own image, native KRaft with no ZooKeeper. */
    public static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;
    private final String bootstrapServers;

    private TestcontainersKafkaCluster(KafkaContainer container) {
        this.container = container;
        this.bootstrapServers = container.getBootstrapServers();
    }

    /** Whether a Docker daemon answers; the first call may take a few seconds. */
    public static boolean isDockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts the container and returns once Kafka in it accepts requests. */
    public static TestcontainersKafkaCluster start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(KRaftNodeConfig.DEFAULT_NUM_PARTITIONS))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new TestcontainersKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void createTopics(Collection<NewTopic> topics) {
        KafkaTopics.ensure(bootstrapServers, topics, DEFAULT_TOPIC_READY_TIMEOUT);
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "TestcontainersKafkaCluster{image=" + IMAGE + ", bootstrapServers=" + bootstrapServers + "}";
    }
}
