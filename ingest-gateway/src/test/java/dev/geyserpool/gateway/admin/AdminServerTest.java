package dev.geyserpool.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.gateway.PoolStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Supplier<PoolStats>> stats = new AtomicReference<>(TestStats::sample);
  private final AtomicReference<Supplier<HealthStatus>> health =
      new AtomicReference<>(() -> HealthStatus.up(Map.of("connections", 12)));
  private final List<AdminServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(AdminServer::close);
  }

  private AdminServer start(Runnable beforeScrape) {
    AdminServer server = AdminServer.builder()
        .host("127.0.0.1")
        .port(0)
        .stats(() -> stats.get().get())
        .health(() -> health.get().get())
        .prometheus(registry)
        .beforeScrape(beforeScrape)
        .build()
        .start();
    servers.add(server);
    return server;
  }

  private AdminServer start() {
    return start(() -> {});
  }

  private HttpResponse<String> send(AdminServer server, String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(AdminServer server, String path) throws IOException, InterruptedException {
    return send(server, "GET", path);
  }

  @Test
  void statsAnswerEveryFieldByItsNameWithTheSnapshotValues() throws Exception {
    HttpResponse<String> response = get(start(), "/api/grpc-pool/stats");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly(
        "totalConnections", "activeConnections", "idleConnections", "creatingConnections",
        "failedConnectionsLast5m", "queuedRequests", "rateLimitRemaining", "rateLimitUsed", "rateLimitMax",
        "rateLimitEffective", "nextTokenInMillis", "totalStreams", "connectionsPerMonitor",
        "streamsPerConnection", "monitorsByGroup", "monitorStates", "updatesReceived", "updatesPublished",
        "duplicatesDropped", "gaps", "publishFailures", "connectionsCreated", "connectionsFailed",
        "connectionsExpired", "connectionsRecycled", "streamsOpened", "streamsFailed", "streamsResumed",
        "avgConnectTimeMillis", "avgQueueWaitMillis", "takenAt");
    JsonNode expected = JSON.readTree("""
        {"totalConnections":12,"activeConnections":3,"idleConnections":7,"creatingConnections":2,
         "failedConnectionsLast5m":4,"queuedRequests":5,"rateLimitRemaining":21,"rateLimitUsed":37,
         "rateLimitMax":60,"rateLimitEffective":54,"nextTokenInMillis":1500,"totalStreams":17,
         "connectionsPerMonitor":{"pf-mint":2,"pf-price":3},
         "streamsPerConnection":{"conn-1":4,"conn-2":9,"conn-3":0,"conn-4":15},
         "monitorsByGroup":{"high":2,"low":1,"medium":3},
         "monitorStates":{"pf-mint":"waiting","pf-price":"active"},
         "updatesReceived":1001,"updatesPublished":1002,"duplicatesDropped":1003,"gaps":1004,
         "publishFailures":1005,"connectionsCreated":2001,"connectionsFailed":2002,"connectionsExpired":2003,
         "connectionsRecycled":2004,"streamsOpened":3001,"streamsFailed":3002,"streamsResumed":3003,
         "avgConnectTimeMillis":250,"avgQueueWaitMillis":120,"takenAt":"2026-11-26T12:34:56.789Z"}
        """);
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void healthAnswers200WhenUpAnd503WithTheReasonWhenDown() throws Exception {
    AdminServer server = start();

    HttpResponse<String> up = get(server, "/api/grpc-pool/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(up.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\",\"details\":{\"connections\":12}}"));

    health.set(() -> HealthStatus.down("no upstream connection for 30s", Map.of("lastError", "UNAVAILABLE")));
    HttpResponse<String> down = get(server, "/api/grpc-pool/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(down.body())).isEqualTo(JSON.readTree(
        "{\"status\":\"DOWN\",\"reason\":\"no upstream connection for 30s\",\"details\":{\"lastError\":\"UNAVAILABLE\"}}"));
  }

  @Test
  void metricsAnswerThePrometheusTextFormatWithOneSnapshotPerScrape() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    PoolMetrics metrics = PoolMetrics.bind(registry, () -> {
      calls.incrementAndGet();
      return TestStats.sample();
    });
    AdminServer server = start(metrics::refresh);

    HttpResponse<String> response = get(server, "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("# TYPE geyserpool_connections gauge");
    assertThat(response.body().lines()).contains(
        "geyserpool_connections{state=\"active\"} 3.0",
        "geyserpool_monitor_connections{monitor=\"pf-price\"} 3.0");
    assertThat(calls).hasValue(1);
  }

  @Test
  void unknownPathAnswers404WithTheKnownPaths() throws Exception {
    HttpResponse<String> response = get(start(), "/api/grpc-pool/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("path").asText()).isEqualTo("/api/grpc-pool/nope");
    assertThat(body.get("paths")).isEqualTo(JSON.readTree(
        "[\"/api/grpc-pool/stats\",\"/api/grpc-pool/health\",\"/metrics\"]"));
  }

  @Test
  void otherMethodsOnAKnownPathAnswer405() throws Exception {
    AdminServer server = start();

    for (String method : List.of("POST", "PUT", "DELETE")) {
      HttpResponse<String> response = send(server, method, "/api/grpc-pool/stats");
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET");
      assertThat(JSON.readTree(response.body()).get("method").asText()).isEqualTo(method);
    }
  }

  @Test
  void supplierThatThrowsAnswers500AndTheNextRequestWorks() throws Exception {
    AdminServer server = start();
    stats.set(() -> {
      throw new IllegalStateException("pool not started");
    });

    HttpResponse<String> failed = get(server, "/api/grpc-pool/stats");
    assertThat(failed.statusCode()).isEqualTo(500);
    JsonNode body = JSON.readTree(failed.body());
    assertThat(body.get("error").asText()).isEqualTo("Internal Server Error");
    assertThat(body.get("message").asText()).isEqualTo("java.lang.IllegalStateException: pool not started");

    health.set(() -> null);
    assertThat(get(server, "/api/grpc-pool/health").statusCode()).isEqualTo(500);

    stats.set(TestStats::sample);
    HttpResponse<String> next = get(server, "/api/grpc-pool/stats");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(next.body()).get("totalConnections").asInt()).isEqualTo(12);
  }

  @Test
  void portZeroBindsAFreePortAndShutdownStopsServing() throws Exception {
    AdminServer server = start();
    int port = server.port();
    assertThat(port).isPositive();
    assertThat(get(server, "/api/grpc-pool/health").statusCode()).isEqualTo(200);

    server.shutdown();
    assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();

    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void shutdownLetsAnExchangeInProgressFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    stats.set(() -> {
      entered.countDown();
      await(release);
      return TestStats.sample();
    });
    AdminServer server = AdminServer.builder().port(0).stopGrace(Duration.ofSeconds(30))
        .stats(() -> stats.get().get()).health(() -> health.get().get()).prometheus(registry).build().start();
    servers.add(server);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/grpc-pool/stats"))
        .timeout(Duration.ofSeconds(30)).build();
    CompletableFuture<HttpResponse<String>> inProgress = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::shutdown);
    release.countDown();

    assertThat(inProgress.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopped.get(10, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void builderRejectsABadPortNamingTheKeyAndValue() {
    assertThatThrownBy(() -> AdminServer.builder().port(70000).stats(TestStats::sample)
        .health(() -> HealthStatus.up(Map.of())).prometheus(registry).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port is 70000, but must be between 0 and 65535");
  }
}
