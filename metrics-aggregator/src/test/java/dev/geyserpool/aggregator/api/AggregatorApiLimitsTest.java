package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.AggregatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The API's own limits, on a real Jetty with no job behind it (every read answers 503): a client
 * past its bucket gets 429 with Retry-After, a WebSocket past the limit or past the session cap
 * is closed with the reason, and the 503 names what is happening.
 */
class AggregatorApiLimitsTest {
  private static final AggregatorConfig JOB = AggregatorConfig.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aClientPastItsBurstGets429WithRetryAfterWhileOthersAreServed() throws Exception {
    ApiConfig config = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1).burst(3).build();
    try (AggregatorApi api = AggregatorApi.start(config, JOB, Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> starting = get(api, "/api/grpc-pool/metrics");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(starting.body()).contains("the aggregator is starting");
      }
      HttpResponse<String> limited = get(api, "/api/grpc-pool/metrics");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(new ObjectMapper().readTree(limited.body()).path("error").asText())
          .startsWith("too many requests from 127.0.0.1: the API allows 1 requests/s per client (bursts of 3); retry after");
    }
  }

  @Test
  void aWebSocketPastTheSessionCapIsClosedWithTryAgainLater() throws Exception {
    ApiConfig config = ApiConfig.builder().port(0).bindHost("127.0.0.1").maxLiveSessions(1).build();
    try (AggregatorApi api = AggregatorApi.start(config, JOB, Clock.systemUTC())) {
      CompletableFuture<String> firstClosed = new CompletableFuture<>();
      CompletableFuture<String> firstText = new CompletableFuture<>();
      WebSocket first = open(api, firstText, firstClosed);
      // The first session is served: with no job behind the API, it is told why there is nothing yet.
      assertThat(firstText.get(10, TimeUnit.SECONDS)).contains("\"type\":\"error\"").contains("\"status\":503");

      CompletableFuture<String> secondClosed = new CompletableFuture<>();
      open(api, new CompletableFuture<>(), secondClosed);
      assertThat(secondClosed.get(10, TimeUnit.SECONDS)).startsWith("1013 the aggregator serves 1 live sessions at most");
      assertThat(firstClosed).isNotDone();
      first.abort();
    }
  }

  @Test
  void aWebSocketPastTheClientsLimitIsClosedWithPolicyViolation() throws Exception {
    ApiConfig config = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1).burst(1).build();
    try (AggregatorApi api = AggregatorApi.start(config, JOB, Clock.systemUTC())) {
      CompletableFuture<String> firstClosed = new CompletableFuture<>();
      WebSocket first = open(api, new CompletableFuture<>(), firstClosed);
      CompletableFuture<String> secondClosed = new CompletableFuture<>();
      open(api, new CompletableFuture<>(), secondClosed);
      assertThat(secondClosed.get(10, TimeUnit.SECONDS)).startsWith("1008 too many requests from 127.0.0.1");
      first.abort();
    }
  }

  private WebSocket open(AggregatorApi api, CompletableFuture<String> text, CompletableFuture<String> closed)
      throws Exception {
    return http.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + api.port() + AggregatorApi.LIVE_PATH), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.complete(data.toString());
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(AggregatorApi api, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
