package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed pushes every second even while a peer hangs (paused: its kernel still accepts
 * connections, nothing answers). The peer is a real member of the group whose advertised
 * address is a listening socket nobody reads; the forward timeout is the default 5 s.
 */
@ExtendWith(KafkaClusterExtension.class)
class LiveFeedPausedPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> GATEWAYS = List.of("gw-a", "gw-b", "gw-c", "gw-d", "gw-e", "gw-f");

  @Test
  void pushesKeepTheirIntervalWhileAPeerHangs(KafkaCluster kafka, @TempDir Path one, @TempDir Path two)
      throws Exception {
    AggregatorConfig config = ApiTestKit.config(kafka, one, "api-paused-peer");
    try (ServerSocket paused = new ServerSocket(0, 200);
        AggregatorService self = AggregatorService.start(config, ApiConfig.builder().port(0).bindHost("127.0.0.1")
            .requestsPerSecond(1000).burst(1000).build());
        MetricsAggregator peer = MetricsAggregator.start(config.toBuilder().stateDir(two)
            .streamsOverrides(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + paused.getLocalPort()))
            .build());
        KafkaProducer<String, byte[]> producer = ApiTestKit.producer(kafka)) {
      for (String gateway : GATEWAYS) {
        ApiTestKit.snapshot(producer, config, new GatewayEvents(gateway, "inc-1"), ApiTestKit.pool(12, "mon-" + gateway));
      }
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        assertThat(self.aggregator().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(peer.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(GATEWAYS.stream().map(g -> owner(self, g)).distinct().count()).isEqualTo(2);
      });
      String mine = GATEWAYS.stream().filter(g -> owner(self, g) == self.apiPort()).findFirst().orElseThrow();

      LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
      WebSocket ws = ApiTestKit.HTTP.newWebSocketBuilder()
          .buildAsync(URI.create(self.apiUrl().toString().replace("http:", "ws:") + "/api/grpc-pool/metrics/live?gateway="
              + mine), AggregatorApiTest.collector(messages))
          .get(10, TimeUnit.SECONDS);
      try {
        // Whatever the feed can say (metrics, or an error naming the peer), it says it every second.
        assertThat(messages.poll(30, TimeUnit.SECONDS)).as("a first message").isNotNull();
        long previous = System.nanoTime();
        List<String> gaps = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
          JsonNode next = messages.poll(60, TimeUnit.SECONDS);
          long now = System.nanoTime();
          assertThat(next).as("message %d after the first", i).isNotNull();
          gaps.add(Duration.ofNanos(now - previous).toMillis() + " ms before " + next.path("type").asText() + " "
              + next.path("error").asText(""));
          previous = now;
        }
        assertThat(gaps).as("the gaps between pushes (each at most 3000 ms: pushed every 1 s)")
            .allSatisfy(gap -> assertThat(Long.parseLong(gap.substring(0, gap.indexOf(' ')))).isLessThanOrEqualTo(3000));
      } finally {
        ws.abort();
      }
    }
  }

  private static int owner(AggregatorService instance, String gateway) {
    return instance.aggregator().streams()
        .queryMetadataForKey(AggregatorStores.POOL_METRICS, gateway, new StringSerializer())
        .activeHost().port();
  }
}
