package dev.geyserpool.kafka.embedded;

import static dev.geyserpool.kafka.embedded.KafkaTestClients.consumeFromBeginning;
import static dev.geyserpool.kafka.embedded.KafkaTestClients.produce;
import static dev.geyserpool.kafka.embedded.KafkaTestClients.recordsInLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaTestClients.Sent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link KafkaCluster} kind must do; runs against the kind the switch selects. */
@ExtendWith(KafkaClusterExtension.class)
class KafkaClusterContractTest {

    private static final int RECORDS = 1000;

    @Test
    void createTopicReturnsOnlyWhenEveryPartitionHasALeader(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("leaders");

        kafka.createTopic(topic, 3);

        // Described at once, with no waiting: createTopic must already have waited.
        TopicDescription description = describe(kafka, topic);
        assertThat(description.partitions()).hasSize(3);
        assertThat(description.partitions()).allSatisfy(partition ->
                assertThat(partition.leader()).isNotNull().matches(leader -> !leader.isEmpty()));
    }

    @Test
    void createTopicsLeavesExistingTopicsAsTheyAre(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("idempotent");
        String other = KafkaCluster.uniqueTopicName("idempotent-other");
        kafka.createTopic(topic, 3);

        kafka.createTopics(List.of(new NewTopic(topic, 5, (short) 1), new NewTopic(other, 2, (short) 1)));

        assertThat(describe(kafka, topic).partitions()).hasSize(3);
        assertThat(describe(kafka, other).partitions()).hasSize(2)
                .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
    }

    @Test
    void concurrentCreatorsOfOneTopicAllReturnOnceEveryPartitionHasALeader(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("contended");
        int creators = 4;
        ExecutorService pool = Executors.newFixedThreadPool(creators, runnable -> new Thread(runnable, "creator"));
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    // All list the topic as missing and ask to create it; all but one get TopicExistsException.
                    kafka.createTopic(topic, 3);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> creator : done) {
                creator.get(90, TimeUnit.SECONDS); // throws if any creator failed
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(describe(kafka, topic).partitions()).hasSize(3).allSatisfy(partition ->
                assertThat(partition.leader()).isNotNull().matches(leader -> !leader.isEmpty()));
    }

    @Test
    void createTopicsRefusedByTheClusterNamesTopicClusterAndWhatToCheck(KafkaCluster kafka) {
        String topic = KafkaCluster.uniqueTopicName("refused");
        String fine = KafkaCluster.uniqueTopicName("refused-other");

        // One broker cannot hold three replicas.
        assertThatThrownBy(() -> kafka.createTopics(List.of(new NewTopic(fine, 1, (short) 1),
                new NewTopic(topic, 1, (short) 3))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot make topics [" + fine + ", " + topic + "] ready on Kafka at "
                        + kafka.bootstrapServers() + " within 60000 ms: creating topic '" + topic + "' failed: ")
                .hasMessageEndingWith("; check that this client may describe and create these topics and that"
                        + " their layout (partitions, replication factor, configs) suits the cluster")
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    @Test
    void thousandRecordsWithAcksAllComeBackExactlyOnceInPartitionOrder(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("round-trip");
        kafka.createTopic(topic, 3);

        List<Sent> sent = produce(kafka.bootstrapServers(), topic, RECORDS, 30);
        List<ConsumerRecord<String, String>> received =
                consumeFromBeginning(kafka.bootstrapServers(), topic, 3, RECORDS);

        assertThat(recordsInLog(kafka.bootstrapServers(), topic, 3)).isEqualTo(RECORDS);
        assertThat(received).hasSize(RECORDS);
        Map<Integer, List<Integer>> sentByPartition = new TreeMap<>(sent.stream()
                .sorted(Comparator.comparingLong(Sent::offset))
                .collect(Collectors.groupingBy(Sent::partition, Collectors.mapping(Sent::index, Collectors.toList()))));
        Map<Integer, List<Integer>> receivedByPartition = new TreeMap<>(received.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition,
                        Collectors.mapping(r -> Integer.parseInt(r.value()), Collectors.toList()))));
        assertThat(sentByPartition).hasSize(3);
        assertThat(receivedByPartition).isEqualTo(sentByPartition);
        // Within a partition, records are stored and read in the order they were sent.
        assertThat(receivedByPartition.values()).allSatisfy(values -> assertThat(values).isSorted());
    }

    @Test
    void consumerGroupCommitsOffsetsOnTheSingleBroker(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("group");
        String group = KafkaCluster.uniqueTopicName("group-id");
        kafka.createTopic(topic, 3);
        produce(kafka.bootstrapServers(), topic, 30, 30);

        try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(kafka.bootstrapServers(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.subscribe(List.of(topic));
            int[] count = {0};
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        count[0] += consumer.poll(Duration.ofMillis(100)).count();
                        return count[0] >= 30;
                    });
            consumer.commitSync(Duration.ofSeconds(30));
        }

        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(30);
        }
    }

    @Test
    void topicsAreNotCreatedAutomatically(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("never-created");
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            assertThatThrownBy(() -> producer.partitionsFor(topic))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        try (Admin admin = admin(kafka)) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).doesNotContain(topic);
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
