package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesTheRegistryAtMetricsAndNothingElse() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "--metrics-port")) {
      endpoint.registry().counter("geyserpool.test.scrapes").increment(3);
      HttpResponse<String> scrape = get(endpoint, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body()).contains("geyserpool_test_scrapes_total 3.0").contains("jvm_memory_used_bytes");
      HttpResponse<String> other = get(endpoint, "/other");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).isEqualTo("{\"status\":404,\"error\":\"only GET /metrics is served here\"}");
    }
  }

  @Test
  void aTakenPortIsNamedWithTheOptionThatMovesIt() {
    try (MetricsEndpoint first = MetricsEndpoint.start("127.0.0.1", 0, "--metrics-port")) {
      assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", first.port(), "--metrics-port"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("the metrics endpoint cannot listen on 127.0.0.1:" + first.port())
          .hasMessageEndingWith("free the port or choose another with --metrics-port");
    }
  }

  private HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
