package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.proto.pool.PoolSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a running aggregator on the in-process broker, fed like a gateway feeds it: a
 * pool snapshot every second and monitor heartbeats. Every route is read over real HTTP and the
 * WebSocket, and the answers are checked against the events that were sent.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatorApiTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService gatewayClock = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<PoolSnapshot> pool = new AtomicReference<>();
  private AggregatorConfig.TopicNames topics;
  private KafkaProducer<String, byte[]> producer;
  private AggregatorService service;
  private String base;

  @BeforeAll
  void start(KafkaCluster kafka, @TempDir Path stateDir) {
    AggregatorConfig config = ApiTestKit.config(kafka, stateDir, "aggregator-api");
    topics = config.topics();
    service = AggregatorService.start(config, ApiConfig.builder().port(0).bindHost("127.0.0.1")
        .requestsPerSecond(1000).burst(1000).build());
    base = service.apiUrl().toString();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());

    Instant opened = Instant.now().minusSeconds(30);
    pool.set(GatewayEvents.pool(12, 38)
        .addConnections(GatewayEvents.connection("conn-1", "active", 2, opened))
        .addConnections(GatewayEvents.connection("conn-2", "idle", 0, opened))
        .addStreams(GatewayEvents.stream("s-1", "conn-1", "high", "active", opened, "pf-price", "pf-trades"))
        .addStreams(GatewayEvents.stream("s-2", "conn-1", "high", "active", opened, "pf-mints"))
        .addMonitors(GatewayEvents.monitor("pf-price", "high", "active", "s-1", "conn-1"))
        .addMonitors(GatewayEvents.monitor("pf-trades", "high", "active", "s-1", "conn-1"))
        .addMonitors(GatewayEvents.monitor("pf-mints", "high", "active", "s-2", "conn-1"))
        .build());
    GatewayEvents gateway = new GatewayEvents("gw-api", "inc-1");
    // A gateway snapshots its pool every second; so does this one, for as long as the class runs.
    gatewayClock.scheduleAtFixedRate(() -> {
      Instant now = Instant.now();
      send(topics.poolEvents(), "gw-api", gateway.snapshot(pool.get(), now).toByteArray(), now);
      for (String monitor : List.of("pf-price", "pf-trades", "pf-mints")) {
        MonitorHeartbeat hb = MonitorHeartbeat.newBuilder().setMonitorId(monitor).setGroup("high").setState("running")
            .setInstanceId(monitor + "-1").setRatePerSecond(monitor.equals("pf-price") ? 40 : 10)
            .setDelivered(50).setAtEpochMicros(Harness.micros(now)).build();
        send(topics.monitorHeartbeats(), monitor, hb.toByteArray(), now);
      }
    }, 0, 1, TimeUnit.SECONDS);
    await().atMost(WAIT).ignoreExceptions().until(() -> get("/api/grpc-pool/metrics").statusCode() == 200);
  }

  @AfterAll
  void stop() {
    gatewayClock.shutdownNow();
    if (service != null) {
      service.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void metricsCarryTheSeedsFieldsFromTheLatestSnapshot() {
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      JsonNode m = json(get("/api/grpc-pool/metrics"), 200);
      assertThat(m.path("gatewayId").asText()).isEqualTo("gw-api");
      assertThat(m.path("gatewayState").asText()).isEqualTo("running");
      assertThat(m.path("connections").path("total").asInt()).isEqualTo(2);
      assertThat(m.path("connections").path("active").asInt()).isEqualTo(1);
      assertThat(m.path("connections").path("idle").asInt()).isEqualTo(1);
      assertThat(m.path("rateLimit").path("tokensUsed1Min").asInt()).isEqualTo(12);
      assertThat(m.path("rateLimit").path("percentUsed").asDouble()).isEqualTo(20.0);
      assertThat(m.path("rateLimit").path("limit").asInt()).isEqualTo(60);
      assertThat(m.path("streams").path("total").asInt()).isEqualTo(2);
      assertThat(m.path("streams").path("perConnection").path("1-5").asInt()).isEqualTo(1);
      assertThat(m.path("streams").path("byMonitor").path("pf-price").asInt()).isEqualTo(1);
      assertThat(m.path("monitors").path("active").asInt()).isEqualTo(3);
      assertThat(m.path("monitors").path("byGroup").path("highFrequency").asInt()).isEqualTo(3);
      assertThat(m.path("messagesPerSecond").path("byMonitor").path("pf-price").asDouble()).isEqualTo(40.0);
      assertThat(m.path("messagesPerSecond").path("byGroup").path("high").asDouble()).isEqualTo(60.0);
      assertThat(m.path("health").path("score").asDouble()).isBetween(0.0, 100.0);
      assertThat(m.path("timestamp").asText()).endsWith("Z");
      JsonNode flow = m.path("flow");
      assertThat(flow.path("maxStreamsPerConnection").asInt()).isEqualTo(15);
      assertThat(flow.path("connections").get(0).path("connectionId").asText()).isEqualTo("conn-1");
      assertThat(flow.path("connections").get(0).path("streams").asInt()).isEqualTo(2);
      assertThat(flow.path("streams").get(0).path("monitors").toString()).isEqualTo("[\"pf-price\",\"pf-trades\"]");
      assertThat(flow.path("monitors")).hasSize(3);
    });
  }

  @Test
  void historyAsJsonAndCsvHoldTheSameWindows() throws Exception {
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      JsonNode history = json(get("/api/grpc-pool/metrics/history?period=30m"), 200);
      assertThat(history.path("windows")).isNotEmpty();
    });
    JsonNode history = json(get("/api/grpc-pool/metrics/history?period=30m"), 200);
    HttpResponse<String> csv = get("/api/grpc-pool/metrics/history?period=30m&format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("timestamp,window_end,gateway_id,final,connections_created");
    JsonNode last = history.path("windows").get(history.path("windows").size() - 1);
    // The open window may move on between the two reads; the closed ones and the row count may not.
    assertThat(lines.length - 1).isBetween(history.path("windows").size(), history.path("windows").size() + 1);
    assertThat(lines[1]).startsWith(history.path("windows").get(0).path("timestamp").asText() + ",");
    assertThat(last.path("rateLimit").path("limit").asInt()).isEqualTo(60);
    assertThat(history.path("period").asText()).isEqualTo("30m");
  }

  @Test
  void seriesHoldsTenSecondPoints() {
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      JsonNode series = json(get("/api/grpc-pool/metrics/series?period=5m"), 200);
      assertThat(series.path("points")).isNotEmpty();
      JsonNode point = series.path("points").get(0);
      assertThat(Instant.parse(point.path("timestamp").asText()).toEpochMilli() % 10_000).isZero();
      assertThat(point.path("connections").asInt()).isEqualTo(2);
      assertThat(point.path("rateLimitPercent").asDouble()).isEqualTo(20.0);
    });
  }

  @Test
  void monitorRouteAnswersOneMonitorAndNamesTheKnownOnesForAnUnknownOne() {
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      JsonNode m = json(get("/api/grpc-pool/metrics/monitor/pf-price"), 200);
      assertThat(m.path("monitorId").asText()).isEqualTo("pf-price");
      assertThat(m.path("state").asText()).isEqualTo("active");
      assertThat(m.path("connectionId").asText()).isEqualTo("conn-1");
      assertThat(m.path("streams").asInt()).isEqualTo(1);
      assertThat(m.path("messagesPerSecond").asDouble()).isEqualTo(40.0);
      assertThat(m.path("processState").asText()).isEqualTo("running");
    });
    JsonNode missing = json(get("/api/grpc-pool/metrics/monitor/no-such-monitor"), 404);
    assertThat(missing.path("error").asText())
        .contains("no monitor 'no-such-monitor'")
        .contains("pf-mints, pf-price, pf-trades");
    JsonNode malformed = json(get("/api/grpc-pool/metrics/monitor/Bad%20Id"), 400);
    assertThat(malformed.path("error").asText()).startsWith("'Bad Id' is not a monitor id");
  }

  @Test
  void badParametersAreRefusedNamingWhatIsAccepted() {
    assertThat(json(get("/api/grpc-pool/metrics/history?period=abc"), 400).path("error").asText())
        .isEqualTo("period 'abc' is not a period: give minutes or hours such as 30m or 2h, from 1m up to 24h");
    assertThat(json(get("/api/grpc-pool/metrics/history?period=48h"), 400).path("error").asText())
        .startsWith("period '48h' is longer than the history kept (24h)");
    assertThat(json(get("/api/grpc-pool/metrics/series?period=2h"), 400).path("error").asText())
        .startsWith("period '2h' is longer than the history kept (30m)");
    assertThat(json(get("/api/grpc-pool/metrics/history?period=30m&format=xml"), 400).path("error").asText())
        .isEqualTo("format 'xml' is not accepted: json (the default) or csv");
    assertThat(json(get("/api/grpc-pool/metrics?gatway=gw-api"), 400).path("error").asText())
        .isEqualTo("unknown parameter 'gatway': /api/grpc-pool/metrics accepts gateway");
    assertThat(json(get("/api/grpc-pool/metrics?gateway=gw-nope"), 404).path("error").asText())
        .startsWith("no gateway 'gw-nope' has reported to the aggregator: known gateways are gw-api");
    assertThat(json(get("/api/grpc-pool/nothing-here"), 404).path("error").asText())
        .startsWith("no route GET /api/grpc-pool/nothing-here: the API answers /api/grpc-pool/metrics");
  }

  @Test
  void healthScoresTheFourFactors() {
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      JsonNode health = json(get("/api/grpc-pool/health"), 200);
      assertThat(health.path("status").asText()).isIn("UP", "DEGRADED");
      assertThat(health.path("score").asDouble()).isBetween(0.0, 100.0);
      assertThat(health.path("factors").path("rateLimitHeadroom").path("score").asDouble()).isEqualTo(80.0);
      assertThat(health.path("factors").path("rateLimitHeadroom").path("tokensUsed1Min").asInt()).isEqualTo(12);
      assertThat(health.path("factors").path("connectionStability").path("score").asDouble()).isEqualTo(100.0);
      assertThat(health.path("factors").path("streamDistribution").path("streams").asInt()).isEqualTo(2);
      assertThat(health.path("factors").path("queuePerformance").has("avgQueueWaitTime")).isTrue();
    });
  }

  /** Last: it raises the rate limit, which the other tests' expected values do not include. */
  @Test
  @Order(Integer.MAX_VALUE)
  void webSocketPushesMetricsEverySecondAndAlertsAsTheyRiseAndClear() throws Exception {
    LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocketBuilder()
        .buildAsync(URI.create(base.replace("http:", "ws:") + "/api/grpc-pool/metrics/live"), collector(messages))
        .get(10, TimeUnit.SECONDS);
    try {
      // The values move on: a push after the first describes a later instant.
      String firstAt = next(messages, "metrics").path("data").path("timestamp").asText();
      JsonNode later = next(messages, "metrics");
      for (int pushes = 0; pushes < 10 && later.path("data").path("timestamp").asText().equals(firstAt); pushes++) {
        later = next(messages, "metrics");
      }
      assertThat(Instant.parse(later.path("data").path("timestamp").asText())).isAfter(Instant.parse(firstAt));
      assertThat(later.path("data").path("gatewayId").asText()).isEqualTo("gw-api");

      // 51 of 60 attempts used: over the 80 % threshold.
      PoolSnapshot calm = pool.get();
      pool.set(calm.toBuilder().setRateLimit(calm.getRateLimit().toBuilder().setUsed(51).setRemaining(0)).build());
      JsonNode raised = next(messages, "alert");
      assertThat(raised.path("data").path("kind").asText()).isEqualTo("rate-limit");
      assertThat(raised.path("data").path("state").asText()).isEqualTo("raised");
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(json(get("/api/grpc-pool/alerts"), 200).path("active").toString()).contains("rate-limit/gw-api"));

      pool.set(calm);
      JsonNode cleared = next(messages, "alert");
      assertThat(cleared.path("data").path("alertId").asText()).isEqualTo(raised.path("data").path("alertId").asText());
      assertThat(cleared.path("data").path("state").asText()).isEqualTo("cleared");
    } finally {
      ws.abort();
    }
  }

  @Test
  void prometheusScrapeHoldsTheStreamsClientAndThePool() {
    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> scrape = get("/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("geyserpool_aggregator_pool_health{factor=\"score\",gateway=\"gw-api\"}")
          .contains("geyserpool_aggregator_group_messages_rate{group=\"high\"} 60.0")
          .contains("geyserpool_aggregator_alerts_raised{kind=\"rate-limit\"}")
          .contains("kafka_stream_")
          .contains("geyserpool_api_requests_total{route=\"/api/grpc-pool/metrics\",status=\"200\"}")
          .containsPattern("geyserpool_api_live_sessions [0-9]")
          .doesNotContain("route=\"/api/grpc-pool/metrics/monitor/no-such-monitor\"");
    });
  }

  @Test
  void servesTheDashboardAndItsChartLibraryFromItself() {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("gRPC Pool Status").contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
        .doesNotContain("https://").doesNotContain("http://");
    assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    assertThat(get("/dashboard.js").body()).contains("const API = '/api/grpc-pool'").contains("/metrics/live");
    assertThat(json(get("/api"), 200).path("routes").has("/api/grpc-pool/metrics/history")).isTrue();
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    }
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The next message of {@code type}, skipping others, within the wait. */
  static JsonNode next(LinkedBlockingQueue<JsonNode> messages, String type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = messages.poll(1, TimeUnit.SECONDS);
      if (m != null && m.path("type").asText().equals(type)) {
        return m;
      }
    }
    throw new AssertionError("no '" + type + "' message within " + WAIT);
  }

  static WebSocket.Listener collector(LinkedBlockingQueue<JsonNode> messages) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            messages.add(JSON.readTree(partial.toString()));
          } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + partial, e);
          }
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  private void send(String topic, String key, byte[] value, Instant at) {
    producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value));
  }
}
