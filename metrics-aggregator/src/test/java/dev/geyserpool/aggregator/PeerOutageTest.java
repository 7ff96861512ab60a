package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.ApiTestKit.get;
import static dev.geyserpool.aggregator.ApiTestKit.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose API cannot be reached while it still holds partitions (killed and not yet out of
 * the group, which takes the session timeout; its API down; a partition between the two): the
 * instance that stays answers for the keys it owns itself. The peer here is a real member of
 * the group whose advertised address refuses connections.
 */
@ExtendWith(KafkaClusterExtension.class)
class PeerOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> GATEWAYS = List.of("gw-a", "gw-b", "gw-c", "gw-d", "gw-e", "gw-f");

  @Test
  void keysThisInstanceOwnsAreAnsweredWhileAPeerIsUnreachable(KafkaCluster kafka, @TempDir Path one,
      @TempDir Path two) throws Exception {
    AggregatorConfig config = ApiTestKit.config(kafka, one, "api-peer-outage");
    int refused;
    try (ServerSocket free = new ServerSocket(0)) {
      refused = free.getLocalPort(); // closed again: connecting to it is refused
    }
    try (AggregatorService self = AggregatorService.start(config, ApiConfig.builder().port(0).bindHost("127.0.0.1")
            .requestsPerSecond(1000).burst(1000).build());
        MetricsAggregator peer = MetricsAggregator.start(config.toBuilder().stateDir(two)
            .streamsOverrides(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + refused)).build());
        KafkaProducer<String, byte[]> producer = ApiTestKit.producer(kafka)) {
      for (String gateway : GATEWAYS) {
        ApiTestKit.snapshot(producer, config, new GatewayEvents(gateway, "inc-1"), ApiTestKit.pool(12, "mon-" + gateway));
      }
      String base = self.apiUrl().toString();
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        assertThat(self.aggregator().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(peer.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(GATEWAYS.stream().map(g -> owner(self, g)).distinct().count()).isEqualTo(2);
        // The gateways this instance owns have been processed.
        for (String gateway : owned(self)) {
          assertThat(self.aggregator().streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
              AggregatorStores.POOL_METRICS, org.apache.kafka.streams.state.QueryableStoreTypes.keyValueStore())).get(gateway))
              .isNotNull();
        }
      });

      String mine = owned(self).get(0);
      HttpResponse<String> metrics = get(base, "/api/grpc-pool/metrics?gateway=" + mine);
      assertThat(metrics.statusCode()).as("metrics of %s, which this instance owns: %s", mine, metrics.body())
          .isEqualTo(200);
      assertThat(json(metrics, 200).path("gatewayId").asText()).isEqualTo(mine);
      HttpResponse<String> health = get(base, "/api/grpc-pool/health?gateway=" + mine);
      assertThat(health.statusCode()).as("health of %s, a running gateway: %s", mine, health.body()).isEqualTo(200);
    }
  }

  private static List<String> owned(AggregatorService instance) {
    return GATEWAYS.stream().filter(g -> owner(instance, g) == instance.apiPort()).toList();
  }

  private static int owner(AggregatorService instance, String gateway) {
    return instance.aggregator().streams()
        .queryMetadataForKey(AggregatorStores.POOL_METRICS, gateway, new StringSerializer())
        .activeHost().port();
  }
}
