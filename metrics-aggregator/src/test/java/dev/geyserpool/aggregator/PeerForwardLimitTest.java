package dev.geyserpool.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients each inside their own limit are served, however many of them one instance forwards
 * for: the peer must not count every client of an instance against one bucket (the instance's
 * address) on its internal route. Twelve clients (127.0.0.2 .. 127.0.0.13) each send their burst
 * of 3 requests to one instance; every answer needs the other instance's part.
 */
@ExtendWith(KafkaClusterExtension.class)
class PeerForwardLimitTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> GATEWAYS = List.of("gw-a", "gw-b", "gw-c", "gw-d", "gw-e", "gw-f");

  @Test
  void clientsInsideTheirLimitsAreServedThoughTheirForwardsShareOnePeerAddress(KafkaCluster kafka,
      @TempDir Path one, @TempDir Path two) throws Exception {
    AggregatorConfig config = ApiTestKit.config(kafka, one, "api-forward-limit");
    // 1 request/s per client with bursts of 3; the internal route allows 10 times that per peer.
    ApiConfig api = ApiConfig.builder().port(0).bindHost("127.0.0.1").requestsPerSecond(1).burst(3).build();
    try (AggregatorService first = AggregatorService.start(config, api);
        AggregatorService second = AggregatorService.start(config.toBuilder().stateDir(two).build(), api);
        KafkaProducer<String, byte[]> producer = ApiTestKit.producer(kafka)) {
      for (String gateway : GATEWAYS) {
        ApiTestKit.snapshot(producer, config, new GatewayEvents(gateway, "inc-1"), ApiTestKit.pool(12, "mon-" + gateway));
      }
      // Ready without a single HTTP request, so no bucket is touched before the clients come.
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        for (AggregatorService instance : List.of(first, second)) {
          assertThat(instance.aggregator().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertThat(GATEWAYS.stream().map(g -> owner(first, g)).distinct().count()).isEqualTo(2);
        for (String gateway : GATEWAYS) {
          AggregatorService owner = owner(first, gateway) == first.apiPort() ? first : second;
          assertThat(owner.aggregator().streams().store(StoreQueryParameters.fromNameAndType(
              AggregatorStores.POOL_METRICS, QueryableStoreTypes.keyValueStore())).get(gateway)).isNotNull();
        }
      });

      List<String> refused = new ArrayList<>();
      for (int client = 2; client <= 13; client++) {
        InetAddress address = InetAddress.getByName("127.0.0." + client);
        for (int i = 0; i < 3; i++) {
          String answer = get(address, first.apiPort(), "/api/grpc-pool/metrics");
          if (!answer.startsWith("HTTP/1.1 200")) {
            refused.add(address.getHostAddress() + " #" + (i + 1) + ": " + answer);
          }
        }
      }
      assertThat(refused).as("answers other than 200 to clients inside their limit").isEmpty();
    }
  }

  private static int owner(AggregatorService instance, String gateway) {
    return instance.aggregator().streams()
        .queryMetadataForKey(AggregatorStores.POOL_METRICS, gateway, new StringSerializer())
        .activeHost().port();
  }

  /** The status line and error of a GET sent from {@code local}. */
  private static String get(InetAddress local, int port, String path) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(local, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String status = all.substring(0, all.indexOf("\r\n"));
      int error = all.indexOf("\"error\"");
      return error < 0 ? status : status + " " + all.substring(error, Math.min(all.length(), error + 200)).replace('\n', ' ');
    }
  }
}
