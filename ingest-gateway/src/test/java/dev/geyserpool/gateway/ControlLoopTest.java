package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.checkpoint.CheckpointStore;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The control thread never waits on Kafka: while the connection ledger cannot acknowledge a dial
 * (a slow or stopped broker), stats are served at once from the last snapshot, declarations are
 * taken, and the dial goes out as soon as the ledger answers.
 */
@ExtendWith(KafkaClusterExtension.class)
class ControlLoopTest {

  /** A ledger whose writes wait until the test lets them through, as a stalled broker would. */
  private static final class StalledLedger implements DialLedger {
    final CountDownLatch open = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void record(String connectionId, String reason, long atEpochMillis) {
      writes.incrementAndGet();
      try {
        if (!open.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("ledger never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public List<Long> recentAttemptsEpochMillis() {
      return List.of();
    }

    @Override
    public void close() {
      open.countDown();
    }
  }

  @Test
  void aLedgerThatCannotAcknowledgeStallsNeitherStatsNorDeclarations(KafkaCluster kafka) throws Exception {
    StalledLedger ledger = new StalledLedger();
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        IngestGateway gateway = IngestGateway.start(GatewayConfig.builder()
            .upstream(UpstreamEndpoint.plaintext(sim.target(), Secret.none()))
            .kafkaBootstrapServers(kafka.bootstrapServers())
            .build(), ledger, CheckpointStore.none(), event -> { }, MonitorStatusListener.none())) {
      gateway.declare(monitor("stalled-a"));
      await().atMost(Duration.ofSeconds(10)).until(() -> ledger.writes.get() == 1);

      long before = System.nanoTime();
      PoolStats stats = gateway.poolStats();
      gateway.declare(monitor("stalled-b"));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

      assertThat(tookMillis).as("stats and a declaration while the ledger write waits").isLessThan(1_000);
      assertThat(stats.creatingConnections()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> gateway.poolStats().monitorStates().containsKey("stalled-b"));
      assertThat(sim.audit().totalConnections()).as("no dial before its ledger record").isZero();

      ledger.open.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1
          && gateway.poolStats().monitorStates().values().stream().allMatch("active"::equals));
      assertThat(sim.audit().totalConnections()).isEqualTo(1);
    }
  }

  private static MonitorDeclaration monitor(String id) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("high")
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }
}
