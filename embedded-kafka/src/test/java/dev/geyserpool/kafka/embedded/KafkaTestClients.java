package dev.geyserpool.kafka.embedded;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producer and consumer helpers shared by the tests; every call closes the clients it opens. */
final class KafkaTestClients {

    /** Where record {@code index} (its value) was written. */
    record Sent(int index, int partition, long offset) {}

    private KafkaTestClients() {}

    /**
     * Produces {@code count} records with values {@code "0"..."count-1"} and keys spread over
     * {@code keys} keys, with {@code acks=all}, and returns where each landed; fails if any send
     * failed.
     */
    static List<Sent> produce(String bootstrapServers, String topic, int count, int keys) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % keys), String.valueOf(i))));
            }
            List<Sent> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                // get() rethrows the send's failure: every result is checked.
                RecordMetadata metadata = results.get(i).get(30, TimeUnit.SECONDS);
                sent.add(new Sent(i, metadata.partition(), metadata.offset()));
            }
            return sent;
        }
    }

    /** Reads every partition of {@code topic} from the beginning until {@code count} records came. */
    static List<ConsumerRecord<String, String>> consumeFromBeginning(
            String bootstrapServers, String topic, int partitions, int count) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, Map.of())) {
            List<TopicPartition> assignment = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                        return received.size() >= count;
                    });
            return received;
        }
    }

    /** Sums the end offsets of the topic's partitions: the number of records in its log. */
    static long recordsInLog(String bootstrapServers, String topic, int partitions) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, Map.of())) {
            List<TopicPartition> all = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
            return consumer.endOffsets(all, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    static KafkaConsumer<String, String> consumer(String bootstrapServers, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        config.putAll(extra);
        return new KafkaConsumer<>(config);
    }
}
