package dev.geyserpool.kafka.embedded;

import dev.geyserpool.kafka.embedded.internal.TopicNames;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A running Kafka cluster that clients reach at {@link #bootstrapServers()}, whichever kind it is:
 * the in-process {@link EmbeddedKafkaBroker} or a broker in a Docker container (Testcontainers).
 *
 * <p>Topics are never created automatically ({@code auto.create.topics.enable=false}): callers create
 * them with {@link #createTopic} or {@link #createTopics}, which return only once every partition
 * has a leader, so records produced right afterwards are not refused with NOT_LEADER_OR_FOLLOWER.
 *
 * <p>Topic names are the caller's business. A cluster obtained from {@link KafkaClusterExtension} is
 * shared by every test class of the JVM, so tests should name their topics with
 * {@link #uniqueTopicName(String)} to stay clear of one another.
 *
 * <p>Threading: implementations are safe for concurrent use. Ownership: whoever started the cluster
 * closes it; a cluster handed out by {@link KafkaClusterExtension} belongs to the extension and
 * must not be closed by tests, which is why this interface has no {@code close()}.
 */
public interface KafkaCluster {

    /**
     * How long {@link #createTopics} waits for leaders unless told otherwise; generous because a
     * loaded CI host is slow.
     */
    Duration DEFAULT_TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    /** The {@code host:port} list for {@code bootstrap.servers}, e.g. {@code 127.0.0.1:41234}. */
    String bootstrapServers();

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are, whatever their
     * partition count) and waits until every partition of every named topic has a leader that
     * accepts requests (see {@code dev.geyserpool.kafka.topics.KafkaTopics}).
     *
     * @throws IllegalStateException if the partitions have no leader within the wait bound, naming
     *     the partitions still without one
     */
    void createTopics(Collection<NewTopic> topics);

    /**
     * Creates a topic with {@code partitions} partitions and the broker's default replication
     * factor, unless it exists; see {@link #createTopics}.
     */
    default void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "partitions of topic '" + name + "' is " + partitions + ", but must be at least 1");
        }
        createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())));
    }

    /**
     * Returns {@code prefix-<12 hex digits>}, a topic name no other caller gets, for tests that share
     * one cluster.
     *
     * @throws IllegalArgumentException if the prefix is empty, longer than 200 characters or has
     *     characters Kafka does not allow in a topic name
     */
    static String uniqueTopicName(String prefix) {
        return TopicNames.unique(prefix);
    }
}
