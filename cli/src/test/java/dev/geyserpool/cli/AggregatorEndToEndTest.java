package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.wire.MonitorGroup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics aggregator at the end of the whole path, every part real: the simulator over
 * HTTP/2 on loopback, the gateway publishing its pool events, three SDK monitors (one per group,
 * so one stream and one connection each) on the shared broker, and the aggregator's API read over
 * HTTP and its WebSocket. The simulator resets every connection twice; then every endpoint must
 * agree with the two sources that do not go through the aggregator: the gateway's own
 * {@code GET /api/grpc-pool/stats} and the simulator's {@link ConnectionAudit}.
 *
 * <p>Both sides move (a snapshot every second, sliding windows), so a value is compared by
 * awaiting, bounded, until both sides read equal; nothing is slept.
 */
@ExtendWith(KafkaClusterExtension.class)
class AggregatorEndToEndTest {
  private static final Duration PUSH = Duration.ofSeconds(1);
  private static final Duration STABLE = Duration.ofSeconds(30);
  private static final int DROPS = 2;
  private static final int MONITORS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV_HEADER = "timestamp,window_end,gateway_id,final,connections_created,"
      + "connections_failed,connections_recycled,connections_expired,rate_limit_max_used,rate_limit_avg_used,"
      + "rate_limit_violations,rate_limit_queue_depth_max,rate_limit_limit,streams_created,streams_completed,"
      + "streams_failed,streams_avg_duration_seconds,health_score,health_connection_stability,"
      + "health_rate_limit_headroom,health_stream_distribution,health_queue_performance,events,snapshots";

  private record Spec(String id, MonitorGroup group, SubscribeRequest filters) {}

  private record Answer(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyEndpointAgreesWithTheGatewayAndTheSimulatorAfterConnectionDrops(KafkaCluster kafka) throws Exception {
    String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    // Its own gateway id: the shared broker's pool events hold the other test classes' gateways.
    String gatewayId = "aggregator-e2e-" + run;
    // Ids that sort before the other classes' monitors ("big-..", "curve-..", "pump-.."), so the
    // 404's list of known monitors, which shows the first 20, shows them.
    List<Spec> specs = List.of(
        new Spec("agg-" + run + "-trades", MonitorGroup.HIGH, PumpExampleMonitor.filters()),
        new Spec("agg-" + run + "-curves", MonitorGroup.MEDIUM, EndToEndTest.CurveOnly.FILTERS),
        new Spec("agg-" + run + "-blocks", MonitorGroup.LOW, SubscribeRequest.newBuilder()
            .putBlocksMeta("blocks", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build()));
    ApiConfig api = ApiConfig.builder().bindHost("127.0.0.1").port(0).livePushInterval(PUSH)
        // The test polls several routes every 200 ms from one address.
        .requestsPerSecond(500).burst(500).build();

    try (EmbeddedSystem system = EmbeddedSystem.builder()
        .kafka(kafka.bootstrapServers(), null)
        .simulator(sim -> sim.trafficRate(60).slotInterval(Duration.ofMillis(100)))
        .gatewayId(gatewayId)
        .aggregator(api)
        .start()) {
      URI base = system.aggregator().apiUrl();
      URI stats = URI.create("http://127.0.0.1:" + system.adminPort() + "/api/grpc-pool/stats");
      Map<String, Monitor> monitors = new TreeMap<>();
      for (Spec spec : specs) {
        monitors.put(spec.id(), system.addMonitor(spec.id(), spec.group(), spec.filters(), new Discarding(),
            options -> options.heartbeatInterval(PUSH)));
      }
      system.awaitActive(monitors.values(), Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpen() == MONITORS);
      system.simulator().startTraffic();

      // Each drop resets the three connections; the next waits until all three streams are open again.
      int dropped = 0;
      for (int i = 0; i < DROPS; i++) {
        long opened = system.audit().streamsOpened();
        dropped += system.simulator().dropConnections();
        await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpened() >= opened + MONITORS
            && system.audit().streamsOpen() == MONITORS && system.gateway().poolStats().totalStreams() == MONITORS);
      }
      assertThat(dropped).as("connections the simulator reset").isEqualTo(DROPS * MONITORS);
      assertThat(system.simulator().faultReport().connectionsDropped()).isEqualTo(dropped);

      String ofGateway = "?gateway=" + gatewayId;

      // The real-time metrics against the gateway's stats and the simulator's audit.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode s = get(stats).json();
        JsonNode m = get(base, "/api/grpc-pool/metrics" + ofGateway).json();
        ConnectionAudit audit = system.audit();
        assertThat(m.path("gatewayId").asText()).isEqualTo(gatewayId);
        assertThat(m.path("gatewayState").asText()).isEqualTo("running");
        assertThat(m.path("synced").asBoolean()).isTrue();

        JsonNode c = m.path("connections");
        assertThat(c.path("total").asInt()).as("connections.total").isEqualTo(s.path("totalConnections").asInt())
            .isEqualTo(audit.openConnections());
        assertThat(c.path("active").asInt()).as("connections.active").isEqualTo(s.path("activeConnections").asInt())
            .isEqualTo(MONITORS);
        assertThat(c.path("idle").asInt()).as("connections.idle").isEqualTo(s.path("idleConnections").asInt());
        assertThat(c.path("creating").asInt()).as("connections.creating")
            .isEqualTo(s.path("creatingConnections").asInt());
        assertThat(c.path("failed").asLong()).as("connections.failed (5 min)")
            .isEqualTo(s.path("failedConnectionsLast5m").asLong());

        JsonNode rl = m.path("rateLimit");
        // The gateway's window also holds what its connection ledger restored: the dials of other
        // gateways on this shared broker in the last minute, which this simulator never saw.
        assertThat(rl.path("tokensUsed1Min").asInt()).as("rateLimit.tokensUsed1Min")
            .isEqualTo(s.path("rateLimitUsed").asInt()).isGreaterThanOrEqualTo(audit.inWindowNow());
        assertThat(rl.path("tokensAvailable").asInt()).as("rateLimit.tokensAvailable")
            .isEqualTo(s.path("rateLimitRemaining").asInt());
        assertThat(rl.path("limit").asInt()).as("rateLimit.limit").isEqualTo(s.path("rateLimitMax").asInt())
            .isEqualTo(audit.limit());
        assertThat(rl.path("enforcedLimit").asInt()).as("rateLimit.enforcedLimit")
            .isEqualTo(s.path("rateLimitEffective").asInt());
        assertThat(rl.path("windowSeconds").asDouble()).isEqualTo(audit.window().toSeconds());
        assertThat(rl.path("percentUsed").asDouble()).as("rateLimit.percentUsed")
            .isCloseTo(100.0 * s.path("rateLimitUsed").asInt() / s.path("rateLimitMax").asInt(), within(0.006));
        assertThat(rl.path("queuedRequests").asInt()).isEqualTo(s.path("queuedRequests").asInt());

        JsonNode st = m.path("streams");
        assertThat(st.path("total").asInt()).as("streams.total").isEqualTo(s.path("totalStreams").asInt())
            .isEqualTo(audit.streamsOpen());
        assertThat(ints(st.path("byMonitor"))).as("streams.byMonitor")
            .isEqualTo(ints(s.path("connectionsPerMonitor")))
            .containsOnlyKeys(monitors.keySet());

        assertThat(m.path("performance").path("failuresLastHour").asLong())
            .as("performance.failuresLastHour: the gateway's connection and stream failures")
            .isEqualTo(s.path("connectionsFailed").asLong() + s.path("streamsFailed").asLong());
        assertThat(m.path("monitors").path("total").asInt()).isEqualTo(MONITORS);
        assertThat(m.path("monitors").path("active").asInt()).isEqualTo(MONITORS);
        assertThat(m.path("monitors").path("byGroup").path("highFrequency").asInt()).isEqualTo(1);
        assertThat(m.path("monitors").path("byGroup").path("mediumFrequency").asInt()).isEqualTo(1);
        assertThat(m.path("monitors").path("byGroup").path("lowFrequency").asInt()).isEqualTo(1);

        for (String id : monitors.keySet()) {
          assertThat(m.path("messagesPerSecond").path("byMonitor").path(id).asDouble())
              .as("messagesPerSecond of %s, which receives traffic", id).isPositive();
        }
      });

      // The drops, as the gateway counts them, are the simulator's resets.
      JsonNode settled = get(stats).json();
      assertThat(settled.path("connectionsCreated").asLong()).as("connections the gateway dialled")
          .isEqualTo(system.audit().totalConnections()).isEqualTo(MONITORS * (DROPS + 1));
      assertThat(settled.path("connectionsFailed").asLong()).as("connections failed at the gateway")
          .isEqualTo(dropped);

      // The history windows add up to the gateway's counters since it started.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode s = get(stats).json();
        JsonNode h = get(base, "/api/grpc-pool/metrics/history?period=30m&gateway=" + gatewayId).json();
        assertThat(h.path("gatewayId").asText()).isEqualTo(gatewayId);
        assertThat(h.path("period").asText()).isEqualTo("30m");
        assertThat(h.path("windowMinutes").asDouble()).isEqualTo(5.0);
        assertThat(h.path("windows").size()).as("windows since the gateway started").isBetween(1, 2);
        assertThat(sum(h, "connections", "created")).as("Σ windows connections.created")
            .isEqualTo(s.path("connectionsCreated").asLong());
        assertThat(sum(h, "connections", "failed")).as("Σ windows connections.failed")
            .isEqualTo(s.path("connectionsFailed").asLong());
        // A window counts every Subscribe call: first opens and the opens again after the drops.
        assertThat(sum(h, "streams", "created"))
            .as("Σ windows streams.created, against the Subscribe calls the provider saw; gateway stats %s", s)
            .isEqualTo(system.audit().streamsOpened()).isEqualTo(s.path("streamsOpened").asLong());
        assertThat(sum(h, "streams", "failed")).as("Σ windows streams.failed")
            .isEqualTo(s.path("streamsFailed").asLong());
        for (JsonNode w : h.path("windows")) {
          assertThat(w.path("rateLimit").path("limit").asInt()).isEqualTo(s.path("rateLimitMax").asInt());
          assertThat(w.path("rateLimit").path("maxUsed").asInt()).isLessThanOrEqualTo(s.path("rateLimitMax").asInt());
          assertThat(w.path("snapshots").asInt()).isPositive();
        }
      });

      // The CSV export is the JSON, row for row: read between two equal JSON answers.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        String history = "/api/grpc-pool/metrics/history?period=30m&gateway=" + gatewayId;
        JsonNode before = get(base, history).json().path("windows");
        Answer csv = get(base, history + "&format=csv");
        JsonNode after = get(base, history).json().path("windows");
        assertThat(after).as("no snapshot came between the reads").isEqualTo(before);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).endsWith("\r\n");
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo(CSV_HEADER);
        assertThat(lines).hasSize(before.size() + 1);
        for (int i = 0; i < before.size(); i++) {
          assertRowIsWindow(lines.get(i + 1), before.get(i), gatewayId);
        }
      });

      // The chart series: its failures add up to the hour's.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode s = get(stats).json();
        JsonNode series = get(base, "/api/grpc-pool/metrics/series?period=30m&gateway=" + gatewayId).json();
        assertThat(series.path("gatewayId").asText()).isEqualTo(gatewayId);
        List<Instant> starts = new ArrayList<>();
        long failures = 0;
        for (JsonNode p : series.path("points")) {
          starts.add(Instant.parse(p.path("timestamp").asText()));
          failures += p.path("failures").asLong();
        }
        assertThat(starts).isNotEmpty().isSorted();
        assertThat(starts).allSatisfy(t -> assertThat(t.toEpochMilli() % 10_000).as("10 s points").isZero());
        assertThat(failures).as("Σ points failures")
            .isEqualTo(s.path("connectionsFailed").asLong() + s.path("streamsFailed").asLong());
        JsonNode last = series.path("points").get(series.path("points").size() - 1);
        assertThat(last.path("connections").asInt()).isEqualTo(s.path("totalConnections").asInt());
      });

      // Each monitor: active on the connection the gateway serves it on, one connection each.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode s = get(stats).json();
        Set<String> carrying = new TreeSet<>();
        s.path("streamsPerConnection").properties().forEach(e -> {
          if (e.getValue().asInt() > 0) {
            carrying.add(e.getKey());
          }
        });
        Map<String, JsonNode> pool = new TreeMap<>();
        get(base, "/api/grpc-pool/metrics" + ofGateway).json().path("flow").path("monitors")
            .forEach(p -> pool.put(p.path("monitorId").asText(), p));
        assertThat(pool).containsOnlyKeys(monitors.keySet());
        Set<String> placed = new TreeSet<>();
        for (Spec spec : specs) {
          Answer answer = get(base, "/api/grpc-pool/metrics/monitor/" + spec.id());
          assertThat(answer.status()).as(answer.body()).isEqualTo(200);
          JsonNode mon = answer.json();
          JsonNode inPool = pool.get(spec.id());
          assertThat(mon.path("monitorId").asText()).isEqualTo(spec.id());
          assertThat(mon.path("state").asText()).as("state of %s", spec.id()).isEqualTo("active");
          assertThat(inPool.path("state").asText()).isEqualTo("active");
          assertThat(mon.path("gatewayId").asText()).isEqualTo(gatewayId);
          assertThat(mon.path("group").asText()).isEqualTo(spec.group().id());
          assertThat(mon.path("streams").asInt()).isEqualTo(s.path("connectionsPerMonitor").path(spec.id()).asInt())
              .isEqualTo(1);
          assertThat(inPool.path("streamId").asText()).isNotEmpty();
          assertThat(inPool.path("connectionId").asText()).as("connection of %s in the pool: the gateway's streams"
              + " per connection %s", spec.id(), s.path("streamsPerConnection")).isIn(carrying);
          // The monitor route places it where the pool does, also after the reconnects.
          assertThat(mon.path("streamId").asText()).as("stream of %s", spec.id()).isEqualTo(inPool.path("streamId").asText());
          assertThat(mon.path("connectionId").asText()).as("connection of %s", spec.id())
              .isEqualTo(inPool.path("connectionId").asText());
          assertThat(mon.path("processState").asText()).isEqualTo("running");
          assertThat(mon.path("messagesPerSecond").asDouble()).isPositive();
          assertThat(mon.path("reconnectsLastHour").asInt()).as("reconnects of %s", spec.id()).isEqualTo(DROPS);
          placed.add(inPool.path("connectionId").asText());
        }
        assertThat(placed).as("one connection per group").isEqualTo(carrying);
      });

      // Health: four factors on what the gateway reports, a weighted score of 0-100.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode s = get(stats).json();
        Answer answer = get(base, "/api/grpc-pool/health" + ofGateway);
        JsonNode health = answer.json();
        JsonNode m = get(base, "/api/grpc-pool/metrics" + ofGateway).json();
        double score = health.path("score").asDouble();
        assertThat(score).isBetween(0.0, 100.0);
        assertThat(health.path("status").asText()).isEqualTo(score >= 80 ? "UP" : "DEGRADED");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(health.path("gatewayId").asText()).isEqualTo(gatewayId);
        JsonNode f = health.path("factors");
        assertThat(names(f)).containsExactlyInAnyOrder("connectionStability", "rateLimitHeadroom",
            "streamDistribution", "queuePerformance");
        f.properties().forEach(e -> assertThat(e.getValue().path("score").asDouble()).as(e.getKey())
            .isBetween(0.0, 100.0));
        double weighted = 0.35 * f.path("connectionStability").path("score").asDouble()
            + 0.25 * f.path("rateLimitHeadroom").path("score").asDouble()
            + 0.15 * f.path("streamDistribution").path("score").asDouble()
            + 0.25 * f.path("queuePerformance").path("score").asDouble();
        assertThat(score).as("score of the factors, weights 35/25/15/25").isCloseTo(weighted, within(0.02));
        assertThat(f.path("connectionStability").path("failuresLastHour").asLong())
            .isEqualTo(s.path("connectionsFailed").asLong() + s.path("streamsFailed").asLong());
        assertThat(f.path("rateLimitHeadroom").path("tokensUsed1Min").asInt()).isEqualTo(s.path("rateLimitUsed").asInt());
        assertThat(f.path("rateLimitHeadroom").path("limit").asInt()).isEqualTo(s.path("rateLimitMax").asInt());
        assertThat(f.path("streamDistribution").path("streams").asInt()).isEqualTo(s.path("totalStreams").asInt());
        assertThat(f.path("streamDistribution").path("activeConnections").asInt())
            .isEqualTo(s.path("activeConnections").asInt());
        assertThat(f.path("queuePerformance").path("queuedRequests").asInt()).isEqualTo(s.path("queuedRequests").asInt());
        assertThat(m.path("health").path("score").asDouble()).as("the metrics' health").isEqualTo(score);
      });

      // Six connection failures in the hour, more than the threshold of five: the alert is raised.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode alerts = get(base, "/api/grpc-pool/alerts").json();
        JsonNode raised = find(alerts.path("active"), "connection-failures/" + gatewayId);
        assertThat(raised).as("alerts: %s", alerts).isNotNull();
        assertThat(raised.path("kind").asText()).isEqualTo("connection-failures");
        assertThat(raised.path("state").asText()).isEqualTo("raised");
        assertThat(raised.path("gatewayId").asText()).isEqualTo(gatewayId);
        assertThat(raised.path("value").asDouble()).isEqualTo(get(stats).json().path("connectionsFailed").asDouble());
        assertThat(raised.path("threshold").asDouble()).isEqualTo(5.0);
      });

      // Prometheus: the pool's health per gateway and the Kafka Streams client's own metrics.
      await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        Answer scrape = get(base, "/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(scrape.body()).contains("kafka_stream");
        Matcher score = Pattern.compile("(?m)^geyserpool_aggregator_pool_health\\{(?=[^}]*factor=\"score\")"
            + "(?=[^}]*gateway=\"" + Pattern.quote(gatewayId) + "\")[^}]*} (\\S+)$").matcher(scrape.body());
        assertThat(score.find()).as("the health score of %s in the scrape", gatewayId).isTrue();
        double health = get(base, "/api/grpc-pool/health" + ofGateway).json().path("score").asDouble();
        assertThat(Double.parseDouble(score.group(1))).isCloseTo(health, within(0.006));
        assertThat(scrape.body()).containsPattern("(?m)^geyserpool_aggregator_alerts_raised\\{kind=\"connection-failures\"} [1-9]");
      });

      // The WebSocket: metrics and alerts at once, then metrics about every push interval, each newer.
      Live live = new Live();
      WebSocket socket = http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://" + base.getAuthority() + "/api/grpc-pool/metrics/live" + ofGateway), live)
          .get(10, TimeUnit.SECONDS);
      try {
        await().atMost(Duration.ofSeconds(15)).until(() -> live.ofType("metrics").size() >= 3);
      } finally {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
      }
      assertThat(live.ofType("alerts")).hasSize(1);
      assertThat(find(live.ofType("alerts").get(0).message().path("data").path("active"),
          "connection-failures/" + gatewayId)).as("the raised alert in the first message").isNotNull();
      assertThat(live.ofType("error")).isEmpty();
      List<Live.Received> pushes = live.ofType("metrics");
      for (Live.Received r : pushes) {
        assertThat(r.message().path("data").path("gatewayId").asText()).isEqualTo(gatewayId);
      }
      // The first comes on connect; the ones after it on the feed's schedule.
      Live.Received second = pushes.get(1);
      Live.Received third = pushes.get(2);
      assertThat(Duration.ofNanos(third.atNanos() - second.atNanos())).as("between two pushes")
          .isBetween(PUSH.dividedBy(2), PUSH.multipliedBy(5).dividedBy(2));
      assertThat(Instant.parse(third.message().path("data").path("timestamp").asText()))
          .as("the later push describes a later instant")
          .isAfter(Instant.parse(second.message().path("data").path("timestamp").asText()));

      // Errors a client causes name what is accepted.
      Answer unknownMonitor = get(base, "/api/grpc-pool/metrics/monitor/agg-" + run + "-nope");
      assertThat(unknownMonitor.status()).isEqualTo(404);
      assertThat(unknownMonitor.json().path("status").asInt()).isEqualTo(404);
      assertThat(unknownMonitor.json().path("error").asText())
          .startsWith("no monitor 'agg-" + run + "-nope' is known to the aggregator")
          .contains("known monitors are ")
          .contains(monitors.keySet());
      Answer badPeriod = get(base, "/api/grpc-pool/metrics/history?period=abc" + "&gateway=" + gatewayId);
      assertThat(badPeriod.status()).isEqualTo(400);
      assertThat(badPeriod.json().path("error").asText())
          .isEqualTo("period 'abc' is not a period: give minutes or hours such as 30m or 2h, from 1m up to 24h");
      Answer badFormat = get(base, "/api/grpc-pool/metrics/history?period=30m&format=xml&gateway=" + gatewayId);
      assertThat(badFormat.status()).isEqualTo(400);
      assertThat(badFormat.json().path("error").asText())
          .isEqualTo("format 'xml' is not accepted: json (the default) or csv");
      Answer unknownGateway = get(base, "/api/grpc-pool/metrics?gateway=" + gatewayId + "-nope");
      assertThat(unknownGateway.status()).isEqualTo(404);
      assertThat(unknownGateway.json().path("error").asText())
          .startsWith("no gateway '" + gatewayId + "-nope' has reported to the aggregator: known gateways are ")
          .contains(gatewayId);

      // Once the traffic stops, each monitor's delivered total is what its SDK handed its handler.
      system.simulator().stopTraffic();
      for (Spec spec : specs.subList(0, 2)) { // block metas keep coming without traffic
        Monitor monitor = monitors.get(spec.id());
        await().atMost(STABLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
            get(base, "/api/grpc-pool/metrics/monitor/" + spec.id()).json().path("deliveredTotal").asLong())
            .as("deliveredTotal of %s", spec.id()).isEqualTo(monitor.delivered()).isPositive());
      }
    }
  }

  private Answer get(URI base, String pathAndQuery) throws IOException, InterruptedException {
    return get(URI.create(base + pathAndQuery));
  }

  private Answer get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  /** One CSV row against its JSON window: the same instants, counts, and numbers to the cent. */
  private static void assertRowIsWindow(String row, JsonNode w, String gatewayId) {
    String[] cells = row.split(",", -1);
    assertThat(cells).as(row).hasSize(24);
    JsonNode c = w.path("connections");
    JsonNode rl = w.path("rateLimit");
    JsonNode st = w.path("streams");
    assertThat(cells[0]).isEqualTo(w.path("timestamp").asText());
    assertThat(cells[1]).isEqualTo(w.path("end").asText());
    assertThat(cells[2]).isEqualTo(gatewayId);
    assertThat(cells[3]).isEqualTo(w.path("final").asText());
    assertThat(List.of(cells[4], cells[5], cells[6], cells[7], cells[8], cells[10], cells[11], cells[12], cells[13],
        cells[14], cells[15], cells[22], cells[23])).as("the counts of %s", row).containsExactly(
            c.path("created").asText(), c.path("failed").asText(), c.path("recycled").asText(),
            c.path("expired").asText(), rl.path("maxUsed").asText(), rl.path("violations").asText(),
            rl.path("queueDepthMax").asText(), rl.path("limit").asText(), st.path("created").asText(),
            st.path("completed").asText(), st.path("failed").asText(), w.path("events").asText(),
            w.path("snapshots").asText());
    assertThat(Double.parseDouble(cells[9])).isCloseTo(rl.path("avgUsed").asDouble(), within(0.0051));
    assertThat(Double.parseDouble(cells[16])).isCloseTo(st.path("avgDuration").asDouble(), within(0.0051));
    JsonNode h = w.path("health");
    if (h.isNull()) {
      assertThat(List.of(cells).subList(17, 22)).as("no health in a window without events").containsOnly("");
    } else {
      assertThat(Double.parseDouble(cells[17])).isCloseTo(h.path("score").asDouble(), within(0.0051));
      JsonNode f = h.path("factors");
      assertThat(Double.parseDouble(cells[18])).isCloseTo(f.path("connectionStability").asDouble(), within(0.0051));
      assertThat(Double.parseDouble(cells[19])).isCloseTo(f.path("rateLimitHeadroom").asDouble(), within(0.0051));
      assertThat(Double.parseDouble(cells[20])).isCloseTo(f.path("streamDistribution").asDouble(), within(0.0051));
      assertThat(Double.parseDouble(cells[21])).isCloseTo(f.path("queuePerformance").asDouble(), within(0.0051));
    }
  }

  private static long sum(JsonNode history, String group, String field) {
    long total = 0;
    for (JsonNode w : history.path("windows")) {
      total += w.path(group).path(field).asLong();
    }
    return total;
  }

  private static Map<String, Integer> ints(JsonNode object) {
    Map<String, Integer> values = new TreeMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asInt()));
    return values;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode find(JsonNode alerts, String alertId) {
    for (Iterator<JsonNode> it = alerts.elements(); it.hasNext(); ) {
      JsonNode a = it.next();
      if (a.path("alertId").asText().equals(alertId)) {
        return a;
      }
    }
    return null;
  }

  /** Takes every update; the SDK's own {@link Monitor#delivered()} is the count compared. */
  static final class Discarding implements UpdateHandler {
    @Override
    public void onTransaction(TransactionUpdate update) {}

    @Override
    public void onAccount(AccountUpdate update) {}

    @Override
    public void onBlock(BlockUpdate update) {}
  }

  /** The live feed's messages with the time each arrived; the JDK may hand a message over in parts. */
  static final class Live implements WebSocket.Listener {
    record Received(JsonNode message, long atNanos) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(new Received(JSON.readTree(partial.toString()), System.nanoTime()));
        } catch (IOException e) {
          throw new IllegalStateException("the live feed sent a message that is not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    List<Received> ofType(String type) {
      return received.stream().filter(r -> r.message().path("type").asText().equals(type)).toList();
    }
  }
}
