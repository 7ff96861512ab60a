package dev.geyserpool.kafka.embedded.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics and waits until every partition of them can take records.
 *
 * <p>A partition is ready when the cluster metadata names its leader <em>and</em> that leader
 * answers a ListOffsets request for it. The second probe matters: the broker publishes a new
 * leader to its metadata cache just before its replica manager becomes leader, and a producer that
 * writes in that window gets NOT_LEADER_OR_FOLLOWER and, with idempotence, may then lose records
 * to OUT_OF_ORDER_SEQUENCE (see BUILD-NOTES "Kafka in-process").
 *
 * <p>Threading: stateless; each call uses its own short-lived {@link Admin} client, which it closes.
 */
public final class TopicCreator {

    /** Bound on topic creation plus leader election; generous because a loaded CI host is slow. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Pause between readiness probes; a single-broker election takes tens of milliseconds. */
    private static final long PROBE_INTERVAL_MILLIS = 25;

    private TopicCreator() {}

    /**
     * Creates the topics that do not exist yet and returns once every partition of every named
     * topic is ready, or throws {@link IllegalStateException} when {@code timeout} runs out.
     */
    public static void createTopics(String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        Set<String> names = new TreeSet<>();
        topics.forEach(topic -> names.add(topic.name()));
        try (Admin admin = Admin.create(adminProperties(bootstrapServers, timeout))) {
            createMissing(admin, topics, deadlineNanos);
            awaitReady(admin, names, timeout, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names
                    + " on " + bootstrapServers, e);
        }
    }

    private static Properties adminProperties(String bootstrapServers, Duration timeout) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "geyserpool-topic-creator");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMillis, 30_000));
        return properties;
    }

    private static void createMissing(Admin admin, Collection<NewTopic> topics, long deadlineNanos)
            throws InterruptedException {
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
            try {
                created.getValue().get(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("creating topic '" + created.getKey() + "' failed: "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic '" + created.getKey()
                        + "' did not complete in time", e);
            }
        }
    }

    private static void awaitReady(Admin admin, Set<String> names, Duration timeout, long deadlineNanos)
            throws InterruptedException {
        while (true) {
            Optional<String> notReady = probe(admin, names, deadlineNanos);
            if (notReady.isEmpty()) {
                return;
            }
            long remainingMillis = remainingMillis(deadlineNanos);
            if (remainingMillis <= 1) {
                throw new IllegalStateException("topics " + names + " not ready after " + timeout
                        + " (" + notReady.get() + ")");
            }
            Thread.sleep(Math.min(PROBE_INTERVAL_MILLIS, remainingMillis));
        }
    }

    /** Returns why the topics are not ready yet, or empty when every partition is. */
    private static Optional<String> probe(Admin admin, Set<String> names, long deadlineNanos)
            throws InterruptedException {
        Map<String, TopicDescription> descriptions;
        try {
            int timeoutMillis = (int) remainingMillis(deadlineNanos);
            descriptions = admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMillis))
                    .allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return retriable("describeTopics", e);
        }
        List<TopicPartition> leaderless = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                TopicPartition topicPartition = new TopicPartition(description.name(), partition.partition());
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    leaderless.add(topicPartition);
                }
                latest.put(topicPartition, OffsetSpec.latest());
            }
        }
        if (!leaderless.isEmpty()) {
            return Optional.of("no leader yet for " + leaderless);
        }
        try {
            int timeoutMillis = (int) remainingMillis(deadlineNanos);
            admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMillis))
                    .all().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return retriable("listOffsets", e);
        }
        return Optional.empty();
    }

    private static Optional<String> retriable(String call, Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof RetriableException || cause instanceof TimeoutException) {
            return Optional.of(call + ": " + cause);
        }
        throw new IllegalStateException(call + " failed while waiting for topic leaders: " + cause, cause);
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
