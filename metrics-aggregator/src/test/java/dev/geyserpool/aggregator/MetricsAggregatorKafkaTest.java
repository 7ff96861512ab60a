package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real application on the in-process broker: exactly-once v2 works on one broker, a closed
 * window comes out on the history topic, the stores answer interactive queries, and a restart
 * with its local state wiped restores them from the changelogs.
 */
@ExtendWith(KafkaClusterExtension.class)
class MetricsAggregatorKafkaTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path stateDir;

  @Test
  void publishesWindowsAndRestoresItsStateAfterARestart(KafkaCluster kafka) throws Exception {
    AggregatorConfig.TopicNames topics = new AggregatorConfig.TopicNames(
        KafkaCluster.uniqueTopicName("pool-events"), KafkaCluster.uniqueTopicName("heartbeats"),
        KafkaCluster.uniqueTopicName("status"), KafkaCluster.uniqueTopicName("pool-metrics-5m"),
        KafkaCluster.uniqueTopicName("alerts"));
    AggregatorConfig config = AggregatorConfig.builder()
        .applicationId("aggregator-it-" + UUID.randomUUID().toString().substring(0, 8))
        .bootstrapServers(kafka.bootstrapServers())
        .stateDir(stateDir)
        .topics(topics)
        .build();
    // A window start about 20 minutes ago: the snapshot 6 minutes later closes that window.
    long twentyMinutesAgo = Instant.now().minus(Duration.ofMinutes(20)).toEpochMilli();
    Instant start = Instant.ofEpochMilli(twentyMinutesAgo - twentyMinutesAgo % Duration.ofMinutes(5).toMillis());
    GatewayEvents gw = new GatewayEvents("gw-it", "inc-it");

    MetricsAggregator aggregator = MetricsAggregator.start(config);
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      send(producer, topics.poolEvents(), gw.snapshot(GatewayEvents.pool(12, 38)
          .addConnections(GatewayEvents.connection("conn-1", "active", 2, start)).build(), start));
      send(producer, topics.poolEvents(), gw.snapshot(GatewayEvents.pool(14, 36).build(), start.plusSeconds(360)));

      List<PoolMetricsWindow> windows = readWindows(kafka, topics.poolMetrics5m());
      assertThat(windows).isNotEmpty();
      PoolMetricsWindow first = windows.get(0);
      assertThat(first.getGatewayId()).isEqualTo("gw-it");
      assertThat(first.getWindowStartEpochMillis()).isEqualTo(start.toEpochMilli());
      assertThat(first.getFinal()).isTrue();
      assertThat(first.getRateLimit().getMaxUsed()).isEqualTo(12);

      PoolMetrics before = awaitMetrics(aggregator.streams(), m -> m.getEvents().getLastSequence() == 2);
      assertThat(before.getEvents().getApplied()).isEqualTo(2);
      assertThat(aggregator.shutdown()).isTrue();

      // The local state goes; the changelogs bring it back.
      deleteRecursively(stateDir);
      aggregator = MetricsAggregator.start(config);
      PoolMetrics restored = awaitMetrics(aggregator.streams(), m -> m.getEvents().getLastSequence() == 2);
      assertThat(restored.getEvents().getApplied()).isEqualTo(2);
      assertThat(restored.getRateLimit().getTokensUsed1Min()).isEqualTo(14);

      // It goes on where it stopped: the next event is neither a hole nor a duplicate.
      send(producer, topics.poolEvents(), gw.snapshot(GatewayEvents.pool(15, 35).build(), start.plusSeconds(361)));
      PoolMetrics after = awaitMetrics(aggregator.streams(), m -> m.getEvents().getLastSequence() == 3);
      assertThat(after.getEvents().getApplied()).isEqualTo(3);
      assertThat(after.getEvents().getMissing()).isZero();
      assertThat(after.getEvents().getDuplicates()).isZero();
    } finally {
      aggregator.shutdown();
    }
  }

  @Test
  void twoInstancesShareTheGatewaysPartitions(KafkaCluster kafka, @TempDir Path otherStateDir) throws Exception {
    AggregatorConfig.TopicNames topics = new AggregatorConfig.TopicNames(
        KafkaCluster.uniqueTopicName("pool-events"), KafkaCluster.uniqueTopicName("heartbeats"),
        KafkaCluster.uniqueTopicName("status"), KafkaCluster.uniqueTopicName("pool-metrics-5m"),
        KafkaCluster.uniqueTopicName("alerts"));
    AggregatorConfig one = AggregatorConfig.builder()
        .applicationId("aggregator-it-" + UUID.randomUUID().toString().substring(0, 8))
        .bootstrapServers(kafka.bootstrapServers())
        .stateDir(stateDir)
        .topics(topics)
        .build();
    AggregatorConfig two = one.toBuilder().stateDir(otherStateDir).build();
    List<String> gateways = List.of("gw-a", "gw-b", "gw-c", "gw-d", "gw-e", "gw-f");
    try (MetricsAggregator first = MetricsAggregator.start(one); MetricsAggregator second = MetricsAggregator.start(two);
        KafkaProducer<String, byte[]> producer = producer(kafka)) {
      Instant now = Instant.now();
      for (String gateway : gateways) {
        send(producer, topics.poolEvents(), new GatewayEvents(gateway, "inc-1").snapshot(GatewayEvents.pool(3, 47)
            .build(), now));
      }
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        List<String> onFirst = localGateways(first.streams(), gateways);
        List<String> onSecond = localGateways(second.streams(), gateways);
        assertThat(first.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(second.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        // Each gateway's metrics live on exactly one instance, and both hold tasks.
        List<String> all = new ArrayList<>(onFirst);
        all.addAll(onSecond);
        assertThat(all).containsExactlyInAnyOrderElementsOf(gateways);
        assertThat(first.streams().metadataForLocalThreads()).anySatisfy(t -> assertThat(t.activeTasks()).isNotEmpty());
        assertThat(second.streams().metadataForLocalThreads()).anySatisfy(t -> assertThat(t.activeTasks()).isNotEmpty());
      });
    }
  }

  private static List<String> localGateways(KafkaStreams streams, List<String> gateways) {
    ReadOnlyKeyValueStore<String, PoolMetrics> store = streams.store(StoreQueryParameters.fromNameAndType(
        AggregatorStores.POOL_METRICS, QueryableStoreTypes.<String, PoolMetrics>keyValueStore()));
    return gateways.stream().filter(g -> store.get(g) != null).toList();
  }

  private static KafkaProducer<String, byte[]> producer(KafkaCluster kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, PoolEvent e) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, e.getAtEpochMicros() / 1000, e.getGatewayId(), e.toByteArray()))
        .get();
  }

  private static List<PoolMetricsWindow> readWindows(KafkaCluster kafka, String topic) {
    List<PoolMetricsWindow> windows = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(WAIT).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          windows.add(PoolMetricsWindow.parseFrom(r.value()));
        }
        return !windows.isEmpty();
      });
    }
    return windows;
  }

  private static PoolMetrics awaitMetrics(KafkaStreams streams, Predicate<PoolMetrics> done) {
    PoolMetrics[] found = new PoolMetrics[1];
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      ReadOnlyKeyValueStore<String, PoolMetrics> store = streams.store(StoreQueryParameters.fromNameAndType(
          AggregatorStores.POOL_METRICS, QueryableStoreTypes.<String, PoolMetrics>keyValueStore()));
      found[0] = store.get("gw-it");
      return found[0] != null && done.test(found[0]);
    });
    return found[0];
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
