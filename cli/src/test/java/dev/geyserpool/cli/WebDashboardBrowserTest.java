package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.sim.Fault;
import dev.geyserpool.wire.MonitorGroup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web dashboard in a real browser against a running system: headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs) loads the page the
 * aggregator serves at {@code /}, while the simulator, the gateway, the seven reference monitors
 * and the aggregator run on an in-process broker of this test's own (so the page's default
 * gateway is this system's).
 *
 * <p>The fault is the simulator resetting every connection each second. The provider's limit
 * here is 24 connections per 10 s (the pool grants itself 23) instead of 60 per 60 s, so the
 * reconnects use more than 80 % of it within seconds, which raises the seed's rate-limit alert
 * (80 %, cleared at or under 70 %), and once the drops stop the window slides past them within
 * seconds and the alert clears. The alert thresholds are the aggregator's defaults.
 *
 * <p>Every request the page makes is read from Chrome's performance log and every console
 * message from its browser log: no request may leave the aggregator's host and port, and no
 * console message may be an error. The test saves screenshots of the dashboard, at a desktop and a
 * phone size, while the alert is raised ({@link #screenshots()}: the README's with
 * {@code -Dgeyserpool.screenshots=docs}).
 */
class WebDashboardBrowserTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  /**
   * The provider's connections per {@link #WINDOW}; the pool grants itself one less. Under the
   * drops the pool reconnects its three or four connections in a batch as tokens come free, so its
   * use dips by a batch at most: 23 less 4 is still over 70 % of 24, and the alert cannot clear
   * while the fault lasts.
   */
  private static final int PROVIDER_LIMIT = 24;
  /** The rate-limit alert's "N of LIMIT attempts in the window". */
  private static final Pattern ATTEMPTS = Pattern.compile("(\\d+) of \\d+ attempts");
  private static final String CSV_HEADER_START = "timestamp,window_end,gateway_id,final,connections_created,"
      + "connections_failed,";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void dashboardShowsLiveValuesAFaultAsFailuresAndARateLimitAlertThatClearsAndDownloadsTheHistoryAsCsv(
      @TempDir Path downloads) throws Exception {
    DashboardBrowser.assumeInstalled();

    String gatewayId = "dashboard-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    try (EmbeddedSystem system = EmbeddedSystem.builder()
        .embeddedKafka(Optional.empty())
        .gatewayId(gatewayId)
        .simulator(sim -> sim.trafficRate(40)
            .slotInterval(Duration.ofMillis(100))
            .connectionLimit(PROVIDER_LIMIT)
            .connectionWindow(WINDOW))
        .gateway(gateway -> gateway.poolRules(rules()))
        .aggregator(ApiConfig.builder().port(0).build())
        .start()) {
      ReferenceMonitors.Running monitors = system.startReferenceMonitors((monitorId, event) -> { },
          (monitor, handler) -> handler);
      system.awaitActive(monitors.sdkMonitors(), Duration.ofSeconds(30));
      system.simulator().startTraffic();

      String origin = "http://127.0.0.1:" + system.aggregator().apiPort();
      String rateLimitAlert = "rate-limit/" + gatewayId;
      DashboardBrowser desktop = DashboardBrowser.start(new DashboardBrowser.Dimensions(1280, 1900, false), downloads);
      try {
        desktop.driver.get(origin + "/");

        // Loaded, live, and showing this system's gateway with the API's values.
        assertThat(desktop.driver.getTitle()).isEqualTo("geyser-pool: gRPC pool");
        await("the live badge").atMost(Duration.ofSeconds(20))
            .until(() -> desktop.text("live").equals("Live"));
        await("the top bar showing the gateway").atMost(Duration.ofSeconds(30))
            .until(() -> desktop.text("gateway").equals(gatewayId));
        await("the top bar equal to GET /api/grpc-pool/metrics").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
              JsonNode m = getJson(origin + "/api/grpc-pool/metrics");
              assertThat(Map.of(
                  "conn-total", desktop.text("conn-total"),
                  "conn-max", desktop.text("conn-max"),
                  "rate-limit", desktop.text("rate-limit"),
                  "streams-total", desktop.text("streams-total"),
                  "monitors", String.valueOf(desktop.count("#monitor-grid li[data-monitor]"))))
                  .as("the top bar against %s", m)
                  .isEqualTo(Map.of(
                      "conn-total", m.path("connections").path("total").asText(),
                      "conn-max", m.path("connections").path("max").asText(),
                      "rate-limit", m.path("rateLimit").path("limit").asText(),
                      "streams-total", m.path("streams").path("total").asText(),
                      "monitors", m.path("monitors").path("total").asText()));
            });
        assertThat(desktop.text("rate-limit")).as("the provider's limit").isEqualTo(String.valueOf(PROVIDER_LIMIT));
        await("all seven reference monitors streaming in the grid").atMost(Duration.ofSeconds(30))
            .until(() -> desktop.count("#monitor-grid li[data-monitor][data-state=active]") == 7
                && desktop.count("#live-view tbody tr[data-monitor]") == 7);
        assertThat(desktop.count("#flow .conn[data-connection]")).as("connections in the flow view").isPositive();
        assertThat(desktop.text("health-score")).matches("\\d+/100");
        assertThat(desktop.count("#health-factors li[data-factor]")).isEqualTo(4);

        // Live values move: the as-of time every push, and the traffic reaches the message rate.
        String asOf = desktop.text("as-of");
        await("#as-of to change").atMost(Duration.ofSeconds(10)).until(() -> !desktop.text("as-of").equals(asOf));
        await("#rate-total above zero").atMost(Duration.ofSeconds(30))
            .until(() -> number(desktop.text("rate-total")) > 0);
        await("the charts and the history filled by their polls").atMost(Duration.ofSeconds(40))
            .until(() -> number(desktop.attribute("chart-rate", "data-points")) > 0
                && desktop.count("#history-table tbody tr[data-window]") > 0);
        assertThat(desktop.text("conn-failed")).as("failures before the fault").isEqualTo("0");
        assertThat(desktop.count("#alerts li[data-state=raised]")).as("alerts before the fault").isZero();

        // The fault: every connection reset each second; failures and the rate-limit alert show.
        system.simulator().applyFault(new Fault.DropConnections(Duration.ofSeconds(1)));
        await("failed connections on the top bar").atMost(Duration.ofSeconds(30))
            .until(() -> number(desktop.text("conn-failed")) > 0);
        await("the rate-limit alert raised").atMost(Duration.ofSeconds(40))
            .until(() -> desktop.count(alertSelector(rateLimitAlert, "raised")) == 1);
        String raised = desktop.driver.findElement(By.cssSelector(alertSelector(rateLimitAlert, "raised"))).getText();
        assertThat(raised).contains("Rate limit approaching", gatewayId);
        Matcher attempts = ATTEMPTS.matcher(raised);
        assertThat(attempts.find()).as("attempts in the alert: %s", raised).isTrue();
        assertThat(Integer.parseInt(attempts.group(1))).as("attempts in the window: %s", raised)
            .isGreaterThan(PROVIDER_LIMIT * 8 / 10);
        // A second push: the screenshot shows settled values, not the frame the alert arrived in.
        String raisedAt = desktop.text("as-of");
        await().atMost(Duration.ofSeconds(10)).until(() -> !desktop.text("as-of").equals(raisedAt));
        desktop.screenshot(screenshots().resolve("dashboard.png"));

        // A phone: the same page fits the width, the top bar shows, the raised alert comes with the
        // alert list a new session is sent.
        DashboardBrowser phone = DashboardBrowser.start(new DashboardBrowser.Dimensions(390, 844, true), downloads);
        try {
          phone.driver.get(origin + "/");
          await("the live badge on the phone").atMost(Duration.ofSeconds(20))
              .until(() -> phone.text("live").equals("Live") && phone.text("gateway").equals(gatewayId));
          await("the raised alert on the phone").atMost(Duration.ofSeconds(10))
              .until(() -> phone.count(alertSelector(rateLimitAlert, "raised")) == 1);
          await("the charts on the phone").atMost(Duration.ofSeconds(10))
              .until(() -> number(phone.attribute("chart-rate", "data-points")) > 0);
          Map<String, Object> layout = phone.script("const bar = document.getElementById('top-bar')"
              + ".getBoundingClientRect(); return {innerWidth: window.innerWidth,"
              + " scrollWidth: document.documentElement.scrollWidth, barLeft: bar.left, barRight: bar.right,"
              + " barTop: bar.top, barHeight: bar.height};");
          long innerWidth = ((Number) layout.get("innerWidth")).longValue();
          assertThat(innerWidth).as("the phone's layout viewport (the page's viewport meta)").isEqualTo(390);
          assertThat(((Number) layout.get("scrollWidth")).longValue()).as("page width on a phone: %s", layout)
              .isLessThanOrEqualTo(innerWidth);
          assertThat(((Number) layout.get("barLeft")).doubleValue()).as("top bar: %s", layout).isGreaterThanOrEqualTo(0);
          assertThat(((Number) layout.get("barRight")).doubleValue()).as("top bar: %s", layout)
              .isLessThanOrEqualTo(innerWidth);
          assertThat(((Number) layout.get("barTop")).doubleValue()).as("top bar: %s", layout).isLessThan(844);
          assertThat(((Number) layout.get("barHeight")).doubleValue()).as("top bar: %s", layout).isPositive();
          for (String id : List.of("conn-total", "rate-used", "conn-failed", "queue")) {
            assertThat(phone.driver.findElement(By.id(id)).isDisplayed()).as("#%s shown on a phone", id).isTrue();
          }
          phone.screenshot(screenshots().resolve("dashboard-phone.png"));
          phone.assertStayedOnOrigin(origin);
        } finally {
          phone.quit();
        }

        // Raised for as long as the drops go on (the pool's batches of reconnects never let the use
        // fall to 70 %): what clears it next is the end of the fault.
        assertThat(desktop.count(alertSelector(rateLimitAlert, "raised"))).as("raised during the fault").isEqualTo(1);
        assertThat(desktop.count(alertSelector(rateLimitAlert, "cleared"))).as("cleared during the fault").isZero();

        // The fault ends: the window slides past the reconnects and the alert clears.
        system.simulator().clearFaults();
        await("the rate-limit alert cleared").atMost(Duration.ofSeconds(60))
            .until(() -> desktop.count(alertSelector(rateLimitAlert, "cleared")) == 1
                && desktop.count(alertSelector(rateLimitAlert, "raised")) == 0);
        assertThat(desktop.driver.findElement(By.cssSelector(alertSelector(rateLimitAlert, "cleared"))).getText())
            .contains("cleared", "Rate limit back to", gatewayId);

        // The CSV link downloads the 24-hour history: its header, and a row per window of the JSON.
        WebElement link = desktop.driver.findElement(By.id("csv-link"));
        assertThat(link.getAttribute("href")).isEqualTo(origin + "/api/grpc-pool/metrics/history?period=24h&format=csv");
        assertThat(link.getAttribute("download")).isEqualTo("grpc-pool-history-24h.csv");
        await("the CSV with a row per window of the history").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
              List<String> lines = desktop.download(link, downloads.resolve("grpc-pool-history-24h.csv"));
              JsonNode history = getJson(origin + "/api/grpc-pool/metrics/history?period=24h");
              assertThat(lines.get(0)).as("the CSV header").startsWith(CSV_HEADER_START);
              List<String> rows = lines.subList(1, lines.size());
              assertThat(rows).as("CSV rows against %s", history).hasSize(history.path("windows").size());
              assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.split(",")[2]).isEqualTo(gatewayId));
              long failedInCsv = rows.stream().mapToLong(row -> Long.parseLong(row.split(",")[5])).sum();
              long failedInJson = 0;
              for (JsonNode w : history.path("windows")) {
                failedInJson += w.path("connections").path("failed").asLong();
              }
              assertThat(failedInCsv).as("connections failed in the CSV").isPositive().isEqualTo(failedInJson);
            });

        desktop.assertStayedOnOrigin(origin);
      } finally {
        desktop.quit();
      }
    }
  }

  /** The pool on the provider's limit of 24 per 10 s, of which it grants itself 23. */
  private static PoolRules rules() {
    Map<MonitorGroup, Integer> shares = new EnumMap<>(MonitorGroup.class);
    shares.put(MonitorGroup.HIGH, 4);
    shares.put(MonitorGroup.MEDIUM, 3);
    shares.put(MonitorGroup.LOW, 2);
    return new PoolRules(10, 15, 25, Duration.ofMinutes(5), 25, Duration.ofMinutes(1), Duration.ofSeconds(1),
        Duration.ofSeconds(3), PROVIDER_LIMIT - 1, PROVIDER_LIMIT, WINDOW, PoolRules.RateLimitScope.CONNECTIONS, shares,
        1, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(50));
  }

  private static String alertSelector(String alertId, String state) {
    return "#alerts li[data-alert='" + alertId + "'][data-state=" + state + "]";
  }

  /** The number a dashboard cell shows, or -1 while it shows none (the "–" before the first push). */
  private static double number(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      return -1;
    }
  }

  private static JsonNode getJson(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /**
   * Where the screenshots go: {@code target/screenshots/} of the cli module, or the README's
   * {@code docs/screenshots/} with {@code -Dgeyserpool.screenshots=docs} (so a test run leaves the
   * work tree as it was unless asked to refresh them).
   */
  static Path screenshots() throws IOException {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path dir = "docs".equals(System.getProperty("geyserpool.screenshots"))
        ? module.resolve("../docs/screenshots").normalize() : module.resolve("target/screenshots");
    Files.createDirectories(dir);
    return dir;
  }
}
