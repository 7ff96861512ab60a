package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.config.GatewaySettings;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway process as an operator sees it: monitors join through {@code geyser.subscriptions},
 * the gateway answers on {@code geyser.subscription-status}, reports lifecycle events on
 * {@code geyser.pool-events}, and serves stats and Prometheus metrics over HTTP.
 */
@ExtendWith(KafkaClusterExtension.class)
class GatewayServerTest {
  private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

  @Test
  void aServerThatCannotStartLeavesNothingRunning(KafkaCluster kafka) throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      GatewaySettings settings = GatewaySettings.builder()
          .upstreamTarget(sim.target())
          .kafkaBootstrapServers(kafka.bootstrapServers())
          .adminPort(taken.getLocalPort())
          .gatewayId("server-start-fails")
          .build();

      java.util.Set<Thread> before = gatewayThreads();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayServer.start(settings, gateway -> { }))
          .isInstanceOf(RuntimeException.class);

      // The admin port was taken: the gateway, its reader and its writers were closed again.
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        java.util.Set<Thread> left = gatewayThreads();
        left.removeAll(before);
        return left.isEmpty();
      });
    }
  }

  @Test
  void checkpointsOfMonitorsNoLongerDeclaredAreDeletedAtStart(KafkaCluster kafka) throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      String suffix = Long.toString(System.nanoTime(), 36);
      String ghost = "ghost-" + suffix;
      String alive = "alive-" + suffix;
      dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore.open(kafka.bootstrapServers(), (short) 1, "writer",
          java.time.Clock.systemUTC(), Duration.ofSeconds(1)).close();
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
        for (String monitor : List.of(ghost, alive)) {
          producer.send(new ProducerRecord<>(dev.geyserpool.wire.Topics.STREAM_CHECKPOINTS, monitor,
              dev.geyserpool.proto.pool.StreamCheckpoint.newBuilder().setMonitorId(monitor)
                  .setResumeFromSlot(sim.currentSlot()).setFirstSeenAtEpochMillis(System.currentTimeMillis())
                  .setUpstreamTarget(sim.target()).build().toByteArray())).get();
        }
      }
      declare(kafka, MonitorDeclaration.newBuilder().setMonitorId(alive).setGroup("low")
          .setFilters(SubscribeRequest.newBuilder().putTransactions("pump",
              SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build()))
          .build());
      GatewaySettings settings = GatewaySettings.builder()
          .upstreamTarget(sim.target())
          .kafkaBootstrapServers(kafka.bootstrapServers())
          .adminPort(0)
          .gatewayId("server-purge")
          .build();
      try (GatewayServer server = GatewayServer.start(settings, gateway -> { })) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          Map<String, dev.geyserpool.proto.pool.StreamCheckpoint> now =
              dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore.read(kafka.bootstrapServers(), Duration.ofSeconds(10));
          return !now.containsKey(ghost) && now.containsKey(alive);
        });
      } finally {
        try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
          producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, alive, null)).get(); // leave no live declaration
        }
      }
    }
  }

  private static java.util.Set<Thread> gatewayThreads() {
    java.util.Set<String> names = java.util.Set.of("geyser-gateway-control", "geyser-subscriptions",
        "geyser-checkpoints", "geyser-publisher", "geyser-ledger-writer", "geyser-status-sender");
    java.util.Set<Thread> threads = new java.util.HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && names.contains(t.getName())) {
        threads.add(t);
      }
    }
    return threads;
  }

  @Test
  void servesDeclaredMonitorsAndReportsThemOverKafkaAndHttp(KafkaCluster kafka) throws Exception {
    String token = "server-test-token";
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().xToken(token).trafficRate(20)
        .slotInterval(Duration.ofMillis(100)).build())) {
      GatewaySettings.Builder settings = GatewaySettings.builder()
          .upstreamTarget(sim.target())
          .upstreamTokenEnv("SERVER_TEST_TOKEN")
          .environment(Map.of("SERVER_TEST_TOKEN", token))
          .kafkaBootstrapServers(kafka.bootstrapServers())
          .adminPort(0)
          .gatewayId("server-test");
      try (GatewayServer server = GatewayServer.start(settings.build(), gateway -> { })) {
        MonitorDeclaration good = MonitorDeclaration.newBuilder()
            .setMonitorId("server-watch").setGroup("medium").setInstanceId("instance-1")
            .setFilters(SubscribeRequest.newBuilder().putTransactions("pump",
                SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build()))
            .build();
        MonitorDeclaration bad = good.toBuilder().setMonitorId("server-bad")
            .setFilters(SubscribeRequest.newBuilder().putTransactions("pump",
                SubscribeRequestFilterTransactions.newBuilder().addAccountInclude("not-a-pubkey").build()))
            .build();
        declare(kafka, good);
        declare(kafka, bad);

        HttpClient http = HttpClient.newHttpClient();
        String stats = "http://127.0.0.1:" + server.adminPort() + "/api/grpc-pool/stats";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          String body = http.send(HttpRequest.newBuilder(URI.create(stats)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          assertThat(body).contains("\"totalConnections\":1", "\"connectionsPerMonitor\":{\"server-watch\":1}",
              "\"server-watch\":\"active\"");
        });
        URI metricsUri = URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          String metrics = http.send(HttpRequest.newBuilder(metricsUri).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          assertThat(metrics).contains("geyserpool_connections{state=\"active\"} 1.0",
              // The timers are fed: one dial timed to ready, one request timed through the queue.
              "geyserpool_connection_connect_duration_seconds_count 1", "geyserpool_queue_wait_duration_seconds_count 1");
        });

        List<SubscriptionStatus> watch = statuses(kafka, "server-watch", 2);
        assertThat(watch).extracting(SubscriptionStatus::getState)
            .startsWith(SubscriptionState.SUBSCRIPTION_ACCEPTED).contains(SubscriptionState.SUBSCRIPTION_ACTIVE);
        assertThat(watch).allSatisfy(s -> {
          assertThat(s.getInstanceId()).isEqualTo("instance-1");
          assertThat(s.getFiltersDigest()).isEqualTo(dev.geyserpool.wire.Filters.digest(good.getFilters()));
        });
        SubscriptionStatus rejected = statuses(kafka, "server-bad", 1).get(0);
        assertThat(rejected.getState()).isEqualTo(SubscriptionState.SUBSCRIPTION_REJECTED);
        assertThat(rejected.getReason()).isEqualTo("declaration of monitor 'server-bad' rejected: monitor server-bad:"
            + " transactions.pump.account_include[0] 'not-a-pubkey' has '-' at position 3, which is not base58"
            + " (0, O, I and l are never used)");

        List<PoolEventType> events = poolEvents(kafka, "server-test");
        assertThat(events).contains(PoolEventType.TOKEN_GRANTED, PoolEventType.CONNECTION_CREATED,
            PoolEventType.CONNECTION_ACTIVE, PoolEventType.STREAM_OPENED);
      }
    }
  }

  private static void declare(KafkaCluster kafka, MonitorDeclaration declaration) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, declaration.getMonitorId(), declaration.toByteArray()))
          .get();
    }
  }

  private static <T> List<T> read(KafkaCluster kafka, String topic, java.util.function.Function<ConsumerRecord<String, byte[]>, T> keep,
      java.util.function.Predicate<List<T>> enough) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "server-test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<T> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          T value = keep.apply(r);
          if (value != null) {
            seen.add(value);
          }
        }
        return enough.test(seen);
      });
    }
    return seen;
  }

  private static List<SubscriptionStatus> statuses(KafkaCluster kafka, String monitor, int atLeast) {
    return read(kafka, Topics.SUBSCRIPTION_STATUS, r -> {
      try {
        return monitor.equals(r.key()) ? SubscriptionStatus.parseFrom(r.value()) : null;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }, list -> list.size() >= atLeast);
  }

  private static List<PoolEventType> poolEvents(KafkaCluster kafka, String gatewayId) {
    return read(kafka, Topics.POOL_EVENTS, r -> {
      try {
        PoolEvent e = PoolEvent.parseFrom(r.value());
        return gatewayId.equals(e.getGatewayId()) ? e.getType() : null;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }, list -> list.contains(PoolEventType.STREAM_OPENED));
  }
}
