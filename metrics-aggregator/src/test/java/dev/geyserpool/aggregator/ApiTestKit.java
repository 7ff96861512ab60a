package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.proto.pool.PoolSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the API tests share: unique topics and application ids, a gateway's snapshots, HTTP reads. */
final class ApiTestKit {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiTestKit() {}

  static AggregatorConfig config(KafkaCluster kafka, Path stateDir, String name) {
    AggregatorConfig.TopicNames topics = new AggregatorConfig.TopicNames(
        KafkaCluster.uniqueTopicName("pool-events"), KafkaCluster.uniqueTopicName("heartbeats"),
        KafkaCluster.uniqueTopicName("status"), KafkaCluster.uniqueTopicName("pool-metrics-5m"),
        KafkaCluster.uniqueTopicName("alerts"));
    return AggregatorConfig.builder()
        .applicationId(name + "-" + UUID.randomUUID().toString().substring(0, 8))
        .bootstrapServers(kafka.bootstrapServers())
        .stateDir(stateDir)
        .topics(topics)
        .build();
  }

  static KafkaProducer<String, byte[]> producer(KafkaCluster kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** A pool of one connection serving one stream of one monitor, {@code used} of 60 attempts used. */
  static PoolSnapshot pool(int used, String monitor) {
    Instant opened = Instant.now().minusSeconds(30);
    return GatewayEvents.pool(used, 60 - used)
        .addConnections(GatewayEvents.connection("conn-1", "active", 1, opened))
        .addStreams(GatewayEvents.stream("s-1", "conn-1", "high", "active", opened, monitor))
        .addMonitors(GatewayEvents.monitor(monitor, "high", "active", "s-1", "conn-1"))
        .build();
  }

  static void snapshot(KafkaProducer<String, byte[]> producer, AggregatorConfig config, GatewayEvents gateway,
      PoolSnapshot pool) {
    Instant now = Instant.now();
    producer.send(new ProducerRecord<>(config.topics().poolEvents(), null, now.toEpochMilli(), gateway.gatewayId,
        gateway.snapshot(pool, now).toByteArray()));
    producer.flush();
  }

  static HttpResponse<String> get(String base, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    }
  }

  static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
