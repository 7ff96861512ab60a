package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.aggregator.AggregatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Requests to no route are counted under one route tag, {@code unmatched}, as AggregatorApi.route means to. */
class PrometheusUnmatchedRouteTagTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void requestsToNoRouteAreCountedAsRouteUnmatched() throws Exception {
    ApiConfig config = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000).build();
    try (AggregatorApi api = AggregatorApi.start(config, AggregatorConfig.builder().build(), Clock.systemUTC())) {
      assertThat(get(api, "/no/such/path").statusCode()).isEqualTo(404);
      assertThat(get(api, "/another/missing/path").statusCode()).isEqualTo(404);
      String scrape = get(api, "/metrics").body();
      assertThat(scrape.lines().filter(l -> l.startsWith("geyserpool_api_requests_total{")).toList())
          .contains("geyserpool_api_requests_total{route=\"unmatched\",status=\"404\"} 2.0");
    }
  }

  private HttpResponse<String> get(AggregatorApi api, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
