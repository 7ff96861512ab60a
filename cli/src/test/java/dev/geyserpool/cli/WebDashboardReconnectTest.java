package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.aggregator.api.ApiConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web dashboard across a restart of the aggregator that serves it: headless Chromium
 * ({@link DashboardBrowser}) shows the page live, the aggregator stops and a new one starts on the
 * same port, application id and state dir ({@link EmbeddedSystem#stopAggregator()},
 * {@link EmbeddedSystem#startAggregator()}), and the same page, never reloaded, says it is
 * reconnecting while the aggregator is away, keeps its last values and stays usable through its
 * failing polls, and then goes live again by itself with new values.
 *
 * <p>The system runs without monitors or traffic: the gateway's pool snapshot every second moves
 * the metrics' time ({@code #as-of}), which is all the test reads.
 */
class WebDashboardReconnectTest {
  /** The page's polls (charts and history, every 10 s), which fail while the aggregator is away. */
  private static final Pattern POLL = Pattern.compile("/api/grpc-pool/metrics/(series\\?period=30m|history\\?period=2h)$");

  @Test
  void dashboardGoesLiveAgainByItselfWhenTheAggregatorRestartsWithoutAReload(@TempDir Path downloads)
      throws Exception {
    DashboardBrowser.assumeInstalled();
    String gatewayId = "reconnect-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    try (EmbeddedSystem system = EmbeddedSystem.builder()
        .embeddedKafka(Optional.empty())
        .gatewayId(gatewayId)
        .aggregator(ApiConfig.builder().port(0).build())
        .start()) {
      int port = system.aggregator().apiPort();
      String origin = "http://127.0.0.1:" + port;
      DashboardBrowser page = DashboardBrowser.start(new DashboardBrowser.Dimensions(1280, 1000, false), downloads);
      try {
        page.driver.get(origin + "/");
        await("the live badge").atMost(Duration.ofSeconds(30)).until(() -> page.text("live").equals("Live"));
        await("the gateway and the metrics' time on screen").atMost(Duration.ofSeconds(30))
            .until(() -> page.text("gateway").equals(gatewayId) && !page.text("as-of").isEmpty());
        String windowBefore = page.driver.getWindowHandle();
        // A marker the page keeps only if it is never reloaded, and the page's own uncaught errors
        // (an exception in a handler, a rejected promise), which must stay none.
        page.script("window.reconnectMarker = 'before-restart'; window.pageErrors = [];"
            + " window.addEventListener('error', (e) => window.pageErrors.push('error: ' + e.message));"
            + " window.addEventListener('unhandledrejection', (e) => window.pageErrors.push('rejection: ' + e.reason));");
        assertThat(page.takeConsoleErrors()).as("console errors before the restart").isEmpty();
        int socketsBefore = page.webSocketsCreated();
        String gatewayShown = page.text("gateway");
        String connMaxShown = page.text("conn-max");

        // Away: the WebSocket closes, the badge says so, and the page keeps trying.
        system.stopAggregator();
        await("the badge saying reconnecting").atMost(Duration.ofSeconds(30))
            .until(() -> page.text("live").equals("reconnecting"));
        await("a reconnect refused while the aggregator is away").atMost(Duration.ofSeconds(30))
            .until(() -> page.webSocketsCreated() > socketsBefore);
        // A chart or history poll (every 10 s) failing while away, caught by the page.
        await("a poll failing while the aggregator is away").atMost(Duration.ofSeconds(30))
            .until(() -> page.failedRequests().stream().anyMatch(r -> POLL.matcher(r.url()).find()));
        assertThat(page.text("live")).as("the badge while away").isEqualTo("reconnecting");
        assertThat(List.of(page.text("gateway"), page.text("conn-max"))).as("the last values kept while away")
            .containsExactly(gatewayShown, connMaxShown);
        assertThat((List<Object>) page.script("return window.pageErrors;")).as("uncaught errors while away").isEmpty();

        // Back on the same port: the page goes live again by itself, and new metrics arrive.
        system.startAggregator();
        assertThat(system.aggregator().apiPort()).as("the restarted aggregator's port").isEqualTo(port);
        await("the live badge after the restart").atMost(Duration.ofSeconds(60))
            .until(() -> page.text("live").equals("Live"));
        await("the gateway on screen after the restart").atMost(Duration.ofSeconds(60))
            .until(() -> page.text("gateway").equals(gatewayId));
        String asOfAfter = page.text("as-of");
        await("#as-of moving on after the restart").atMost(Duration.ofSeconds(30))
            .until(() -> !page.text("as-of").equals(asOfAfter) && page.text("gateway").equals(gatewayId));
        assertThat(page.text("live")).isEqualTo("Live");

        // The same page all along: same window, the marker still set, one navigation.
        assertThat(page.driver.getWindowHandle()).isEqualTo(windowBefore);
        assertThat((String) page.script("return window.reconnectMarker;")).as("the marker set before the restart")
            .isEqualTo("before-restart");
        assertThat((Long) page.script("return performance.getEntriesByType('navigation').length;"))
            .as("navigations of the page").isEqualTo(1L);
        assertThat((List<Object>) page.script("return window.pageErrors;")).as("uncaught errors").isEmpty();

        // Chrome logs every refused connection as a console error (SEVERE), even when the page
        // handles it: the WebSocket's reconnect attempts and the polls that failed while the
        // aggregator was away, and a poll answered 503 while the new one started. Exactly those
        // are let through; anything else the page logged fails the test.
        page.assertStayedOnOrigin(origin, expectedWhileAway(port));
      } finally {
        page.quit();
      }
    }
  }

  /**
   * The console errors Chrome logs for the page's connections to the aggregator while it restarts,
   * as Chrome 150 words them: the WebSocket's (logged at the line of dashboard.js that opens it)
   * and the polls' refused connections, and a poll answered 503 before the new job runs.
   */
  private static Predicate<String> expectedWhileAway(int port) {
    String origin = Pattern.quote("http://127.0.0.1:" + port);
    String socket = Pattern.quote("ws://127.0.0.1:" + port + "/api/grpc-pool/metrics/live");
    String poll = origin + "/api/grpc-pool/metrics/(series\\?period=30m|history\\?period=2h)";
    Pattern refusedSocket = Pattern.compile("^" + origin + "/dashboard\\.js \\d+(:\\d+)? WebSocket connection to '"
        + socket + "' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED$");
    Pattern refusedPoll = Pattern.compile("^" + poll + " - Failed to load resource: net::ERR_CONNECTION_REFUSED$");
    Pattern startingPoll = Pattern.compile("^" + poll
        + " - Failed to load resource: the server responded with a status of 503 \\(Service Unavailable\\)$");
    return message -> refusedSocket.matcher(message).matches() || refusedPoll.matcher(message).matches()
        || startingPoll.matcher(message).matches();
  }
}
