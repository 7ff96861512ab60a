package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review: one update larger than upstream.maxInboundMessageBytes. gRPC ends the call with
 * RESOURCE_EXHAUSTED before the update is handed out; IngestGateway.callClosed treats it as
 * RETRYABLE; the stream resumes from its resume point, before that update's slot, receives it
 * again and dies again, with the backoff reset each time by the replayed data
 * (StreamSlot.observe). Every monitor of the stream is stuck behind that one update until the
 * provider's replay window moves past it, then the whole window becomes a gap.
 */
@ExtendWith(KafkaClusterExtension.class)
class OversizeUpdateHolesTest {
  private static final int LIMIT = 4 * 1024 * 1024;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 1, (short) 1, Duration.ofDays(1), LIMIT);
  }

  @Test
  void anUpdateOverTheInboundLimitDoesNotStopTheStreamBehindIt(KafkaCluster kafka) throws Exception {
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    String pubkey = Base58.encode(key);
    String monitor = "big-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
        IngestGateway gateway = IngestGateway.start(GatewayConfig.builder()
            .upstream(new UpstreamEndpoint(sim.target(), false, Secret.none(), LIMIT))
            .kafkaBootstrapServers(kafka.bootstrapServers())
            .poolRules(FastRules.get())
            .build())) {
      gateway.declare(MonitorDeclaration.newBuilder().setMonitorId(monitor).setGroup("medium")
          .setFilters(SubscribeRequest.newBuilder()
              .putAccounts("big", SubscribeRequestFilterAccounts.newBuilder().addAccount(pubkey).build())
              .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
          .build());
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);
      sim.advanceSlot();
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.poolStats().updatesReceived() > 0);

      byte[] data = new byte[LIMIT + 1024 * 1024];
      ThreadLocalRandom.current().nextBytes(data);
      sim.emitAccount(SubscribeUpdateAccountInfo.newBuilder().setPubkey(ByteString.copyFrom(key))
          .setOwner(ByteString.copyFrom(new byte[32])).setData(ByteString.copyFrom(data)).build());
      sim.advanceSlot();
      sim.emitTransaction(tx());
      sim.advanceSlot();
      long opened = sim.audit().streamsOpened();

      await().atMost(Duration.ofSeconds(30))
          .until(() -> gateway.poolStats().updatesPublished() >= 1 || sim.audit().streamsOpened() >= opened + 10);

      assertThat(gateway.poolStats().updatesPublished())
          .as("the transaction after the oversize update reached Kafka (Subscribe calls opened meanwhile: %d)",
              sim.audit().streamsOpened() - opened)
          .isEqualTo(1);
    }
  }

  private static SubscribeUpdateTransactionInfo tx() {
    byte[] sig = new byte[64];
    ThreadLocalRandom.current().nextBytes(sig);
    ByteString signature = ByteString.copyFrom(sig);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setTransaction(Transaction.newBuilder().addSignatures(signature)
            .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(new byte[32]))))
        .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
        .build();
  }
}
