package dev.geyserpool.kafka.embedded;

import static dev.geyserpool.kafka.embedded.KafkaTestClients.consumeFromBeginning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.internal.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broker stopped for a while and brought back on the same address, as clients see it. */
class EmbeddedKafkaBrokerRestartTest {

    /** The producer's default delivery timeout: a record sent during the stop must arrive within it. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void clientsFromBeforeTheStopCarryOnWhenTheBrokerIsBackOnTheSamePorts(@TempDir Path dataDir) throws Exception {
        String topic = "restarted";
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir);
        String bootstrapServers = first.bootstrapServers();
        EmbeddedKafkaBroker second = null;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (KafkaProducer<String, String> producer = producer(bootstrapServers);
                KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(bootstrapServers,
                        Map.of(ConsumerConfig.GROUP_ID_CONFIG, "restart-group"))) {
            first.createTopic(topic, 1);
            producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);
            consumer.subscribe(List.of(topic));
            List<String> received = new ArrayList<>();
            pollUntil(consumer, received, "before");
            consumer.commitSync();

            first.close();
            // send() itself may wait (up to max.block.ms) for metadata no broker can give now.
            Future<RecordMetadata> duringStop = sender.submit(
                    () -> producer.send(new ProducerRecord<>(topic, "k", "during the stop")).get());
            assertThat(duringStop).as("no broker to take it").isNotDone();

            second = first.restartedOnSamePorts();

            assertThat(second.bootstrapServers()).isEqualTo(bootstrapServers);
            assertThat(second.brokerPort()).isEqualTo(first.brokerPort());
            assertThat(second.controllerPort()).isEqualTo(first.controllerPort());
            assertThat(duringStop.get(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).offset()).isEqualTo(1);
            pollUntil(consumer, received, "during the stop");
            assertThat(received).containsExactly("before", "during the stop");
            producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
            pollUntil(consumer, received, "after");
            assertThat(consumeFromBeginning(bootstrapServers, topic, 1, 3)).extracting(ConsumerRecord::value)
                    .containsExactly("before", "during the stop", "after");
        } finally {
            sender.shutdownNow();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void restartedOnSamePortsNeedsAClosedBrokerWhoseDataDirWasKept(@TempDir Path dataDir) {
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(dataDir)) {
            assertThatThrownBy(running::restartedOnSamePorts)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("embedded Kafka broker " + running.bootstrapServers()
                            + " is still running: close() it before restarting it on the same ports");
        }
        EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.start();
        temporary.close();
        assertThatThrownBy(temporary::restartedOnSamePorts)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("embedded Kafka broker " + temporary.bootstrapServers()
                        + " ran on a temporary data dir, deleted when it closed: there is nothing to restart;"
                        + " start it with start(Path) or builder().dataDir(...) to restart it");
    }

    @Test
    void aPortThatStaysInUseFailsTheStartAfterTheBindTimeoutNamingIt(@TempDir Path dataDir) throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int controllerPort = FreePorts.pick(1)[0]; // not the holder's: that one is bound
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                    .dataDir(dataDir)
                    .ports(holder.getLocalPort(), controllerPort)
                    .bindTimeout(Duration.ofMillis(300));

            assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("embedded Kafka broker cannot bind 127.0.0.1:" + holder.getLocalPort()
                            + " (the broker port) within 300 ms (")
                    .hasMessageEndingWith(" attempts): the address is in use; close the broker or process that holds"
                            + " it, or start without ports(...) to listen on free ones (data dir " + dataDir + ")");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0     | 9093 | broker port is 0, but must be between 1 and 65535",
        "65536 | 9093 | broker port is 65536, but must be between 1 and 65535",
        "9092  | -1   | controller port is -1, but must be between 1 and 65535",
        "9092  | 9092 | broker port and controller port are both 9092, but must differ: the client and the controller"
                + " listener each need their own",
    })
    void builderRejectsPortsOutOfRangeOrShared(int brokerPort, int controllerPort, String message) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().ports(brokerPort, controllerPort))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"PT0S", "PT-1S"})
    void builderRejectsANonPositiveBindTimeout(String timeout) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().bindTimeout(Duration.parse(timeout)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bind timeout is " + Duration.parse(timeout) + ", but must be positive");
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Polls on this thread (a consumer is single-threaded) until {@code value} came, bounded. */
    private static void pollUntil(KafkaConsumer<String, String> consumer, List<String> received, String value) {
        await().atMost(Duration.ofSeconds(90)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> received.add(r.value()));
                    return received.contains(value);
                });
    }
}
