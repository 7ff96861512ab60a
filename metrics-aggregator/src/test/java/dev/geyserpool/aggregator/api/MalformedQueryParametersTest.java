package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.aggregator.AggregatorConfig;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parameters the API cannot read are refused with a 400 naming the parameter, on a real Jetty with
 * no job behind it: parameters are checked before any store is read (a well-formed bad period is
 * a 400 here too), so a 503 means the parameter was taken as something it is not.
 */
class MalformedQueryParametersTest {
  private AggregatorApi api;

  @BeforeEach
  void start() {
    api = AggregatorApi.start(ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1000).burst(1000)
        .build(), AggregatorConfig.builder().build(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aWellFormedBadPeriodIsA400EvenWithNoJob() throws Exception {
    // The baseline the other tests rely on: the period is checked before the stores.
    assertThat(get("/api/grpc-pool/metrics/history?period=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void aPeriodThatIsNotValidPercentEncodingIsRefusedNotReplacedByTheDefault() throws Exception {
    Answer response = get("/api/grpc-pool/metrics/history?period=%ZZ");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("period");
  }

  @Test
  void aPeriodGivenTwiceWithDifferentValuesIsRefused() throws Exception {
    Answer response = get("/api/grpc-pool/metrics/history?period=30m&period=48h");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("period");
  }

  @Test
  void aBadlyEncodedMonitorIdIsAnsweredInTheApisJsonErrorForm() throws Exception {
    Answer response = get("/api/grpc-pool/metrics/monitor/pf%ZZprice");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).as(response.body()).startsWith("application/json");
  }

  /** A request sent as written on a socket: the JDK's URI refuses bad percent-encoding before it is sent. */
  private Answer get(String pathAndQuery) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = all.indexOf("\r\n\r\n");
      String head = all.substring(0, end);
      int status = Integer.parseInt(head.split(" ")[1]);
      String contentType = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
          .map(l -> l.substring(13).trim()).findFirst().orElse("");
      return new Answer(status, contentType, all.substring(end + 4));
    }
  }

  record Answer(int statusCode, String contentType, String body) {}
}
