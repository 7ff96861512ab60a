package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two aggregator instances share the partitions; a request reaching either is answered for
 * every gateway and monitor, the other instance's part read through it; when one instance goes,
 * the other takes its partitions and answers alone.
 */
@ExtendWith(KafkaClusterExtension.class)
class AggregatorApiInstancesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> GATEWAYS = List.of("gw-a", "gw-b", "gw-c", "gw-d", "gw-e", "gw-f");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eitherInstanceAnswersForEveryKeyAndOneAloneAfterTheOtherLeaves(KafkaCluster kafka, @TempDir Path one,
      @TempDir Path two) throws Exception {
    AggregatorConfig config = ApiTestKit.config(kafka, one, "aggregator-api2");
    AggregatorConfig.TopicNames topics = config.topics();
    ApiConfig api = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000).build();
    AggregatorService second = AggregatorService.start(config.toBuilder().stateDir(two).build(), api);
    try (AggregatorService first = AggregatorService.start(config, api);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer())) {
      Instant now = Instant.now();
      for (int i = 0; i < GATEWAYS.size(); i++) {
        String gateway = GATEWAYS.get(i);
        String monitor = "mon-" + gateway;
        var snapshot = GatewayEvents.pool(i + 1, 49 - i)
            .addConnections(GatewayEvents.connection("conn-1", "active", 1, now))
            .addStreams(GatewayEvents.stream("s-1", "conn-1", "high", "active", now, monitor))
            .addMonitors(GatewayEvents.monitor(monitor, "high", "active", "s-1", "conn-1"))
            .build();
        producer.send(new ProducerRecord<>(topics.poolEvents(), null, now.toEpochMilli(), gateway,
            new GatewayEvents(gateway, "inc-1").snapshot(snapshot, now).toByteArray()));
        producer.send(new ProducerRecord<>(topics.monitorHeartbeats(), null, now.toEpochMilli(), monitor,
            MonitorHeartbeat.newBuilder().setMonitorId(monitor).setGroup("high").setState("running")
                .setRatePerSecond(i + 1).setAtEpochMicros(Harness.micros(now)).build().toByteArray()));
      }
      producer.flush();

      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        assertThat(first.aggregator().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(second.aggregator().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        // Both instances own some of the gateways: the answers below need the other instance.
        assertThat(GATEWAYS.stream().map(g -> owner(first, g)).distinct().count()).isEqualTo(2);
        for (AggregatorService instance : List.of(first, second)) {
          for (int i = 0; i < GATEWAYS.size(); i++) {
            String gateway = GATEWAYS.get(i);
            JsonNode metrics = json(instance, "/api/grpc-pool/metrics?gateway=" + gateway, 200);
            assertThat(metrics.path("gatewayId").asText()).isEqualTo(gateway);
            assertThat(metrics.path("rateLimit").path("tokensUsed1Min").asInt()).isEqualTo(i + 1);
            assertThat(metrics.path("gateways")).hasSize(GATEWAYS.size());
            JsonNode monitor = json(instance, "/api/grpc-pool/metrics/monitor/mon-" + gateway, 200);
            assertThat(monitor.path("gatewayId").asText()).isEqualTo(gateway);
            assertThat(monitor.path("streams").asInt()).isEqualTo(1);
            assertThat(json(instance, "/api/grpc-pool/metrics/history?period=1h&gateway=" + gateway, 200)
                .path("windows")).isNotEmpty();
          }
          assertThat(json(instance, "/api/grpc-pool/metrics", 200).path("messagesPerSecond").path("total").asDouble())
              .isEqualTo(21.0);
        }
      });

      second.close();
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        for (String gateway : GATEWAYS) {
          assertThat(owner(first, gateway)).isEqualTo(first.apiPort());
          assertThat(json(first, "/api/grpc-pool/metrics?gateway=" + gateway, 200).path("gatewayId").asText())
              .isEqualTo(gateway);
        }
      });
    } finally {
      second.close();
    }
  }

  private static int owner(AggregatorService instance, String gateway) {
    return instance.aggregator().streams()
        .queryMetadataForKey(AggregatorStores.POOL_METRICS, gateway, new StringSerializer())
        .activeHost().port();
  }

  private JsonNode json(AggregatorService instance, String path, int status) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(instance.apiUrl() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
