package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.ApiTestKit.get;
import static dev.geyserpool.aggregator.ApiTestKit.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Alerts as they happen": an alert raised and cleared between two pushes is still pushed as
 * raised, then cleared. The push interval is made long (20 s) so both happen between two ticks;
 * the test waits on the alerts route and the pushes, never on the clock.
 */
@ExtendWith(KafkaClusterExtension.class)
class LiveFeedAlertWithinOneIntervalTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void anAlertRaisedAndClearedBetweenTwoPushesIsPushedRaisedThenCleared(KafkaCluster kafka, @TempDir Path dir)
      throws Exception {
    AggregatorConfig config = ApiTestKit.config(kafka, dir, "api-live-reorder");
    try (AggregatorService service = AggregatorService.start(config, ApiConfig.builder().port(0)
            .bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000).livePushInterval(Duration.ofSeconds(20)).build());
        KafkaProducer<String, byte[]> producer = ApiTestKit.producer(kafka)) {
      String base = service.apiUrl().toString();
      GatewayEvents gateway = new GatewayEvents("gw-flap", "inc-1");
      GatewayEvents sentinel = new GatewayEvents("gw-sentinel", "inc-1");
      ApiTestKit.snapshot(producer, config, gateway, ApiTestKit.pool(12, "mon-1"));
      ApiTestKit.snapshot(producer, config, sentinel, ApiTestKit.pool(12, "mon-s"));
      await().atMost(WAIT).ignoreExceptions().until(() -> get(base, "/api/grpc-pool/metrics?gateway=gw-sentinel")
          .statusCode() == 200 && get(base, "/api/grpc-pool/alerts").statusCode() == 200);

      LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
      WebSocket ws = ApiTestKit.HTTP.newWebSocketBuilder()
          .buildAsync(URI.create(base.replace("http:", "ws:") + "/api/grpc-pool/metrics/live"),
              AggregatorApiTest.collector(messages))
          .get(10, TimeUnit.SECONDS);
      try {
        AggregatorApiTest.next(messages, "alerts"); // the list a new session gets
        // Raised and cleared well within one push interval (20 s): each is pushed as the job writes it.
        ApiTestKit.snapshot(producer, config, gateway, ApiTestKit.pool(51, "mon-1"));
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(json(get(base, "/api/grpc-pool/alerts"), 200).path("active").toString())
                .contains("rate-limit/gw-flap"));
        ApiTestKit.snapshot(producer, config, gateway, ApiTestKit.pool(12, "mon-1"));

        List<String> pushed = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pushed.size() < 2 && System.nanoTime() < deadline) {
          JsonNode m = messages.poll(1, TimeUnit.SECONDS);
          if (m != null && m.path("type").asText().equals("alert")
              && m.path("data").path("alertId").asText().equals("rate-limit/gw-flap")) {
            pushed.add(m.path("data").path("state").asText());
          }
        }
        assertThat(pushed).as("the states of rate-limit/gw-flap pushed").containsExactly("raised", "cleared");
      } finally {
        ws.abort();
      }
    }
  }
}
