package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.ApiTestKit.get;
import static dev.geyserpool.aggregator.ApiTestKit.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health?gateway=ID} counts the alerts of that gateway, not every gateway's. */
@ExtendWith(KafkaClusterExtension.class)
class HealthActiveAlertsPerGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aCalmGatewaysHealthCountsNoneOfAnotherGatewaysAlerts(KafkaCluster kafka, @TempDir Path dir) {
    AggregatorConfig config = ApiTestKit.config(kafka, dir, "api-health-alerts");
    try (AggregatorService service = AggregatorService.start(config, ApiConfig.builder().port(0)
            .bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000).build());
        KafkaProducer<String, byte[]> producer = ApiTestKit.producer(kafka)) {
      String base = service.apiUrl().toString();
      // 51 of 60 attempts: over the 80 % rate-limit threshold; 12 of 60: calm.
      ApiTestKit.snapshot(producer, config, new GatewayEvents("gw-hot", "inc-1"), ApiTestKit.pool(51, "mon-hot"));
      ApiTestKit.snapshot(producer, config, new GatewayEvents("gw-calm", "inc-1"), ApiTestKit.pool(12, "mon-calm"));
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        assertThat(json(get(base, "/api/grpc-pool/alerts"), 200).path("active").toString())
            .contains("rate-limit/gw-hot");
        assertThat(json(get(base, "/api/grpc-pool/metrics?gateway=gw-calm"), 200).path("gatewayId").asText())
            .isEqualTo("gw-calm");
      });

      assertThat(json(get(base, "/api/grpc-pool/health?gateway=gw-hot"), 200).path("activeAlerts").asInt()).isEqualTo(1);
      assertThat(json(get(base, "/api/grpc-pool/health?gateway=gw-calm"), 200).path("activeAlerts").asInt())
          .as("gw-calm raised no alert").isZero();
    }
  }
}
