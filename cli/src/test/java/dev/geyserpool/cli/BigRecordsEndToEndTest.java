package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlock;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records far over Kafka's default 1 MB limit (a block reaches 24 MB upstream, an account's data
 * 10 MB) go the whole way: the simulator over real gRPC on loopback, the gateway as it runs in
 * production (it creates the stream topics), the in-process broker with its stock size limits,
 * and monitors on the SDK, whose handlers get them byte for byte.
 */
@ExtendWith(KafkaClusterExtension.class)
class BigRecordsEndToEndTest {
  /** Solana's limit on an account's data. */
  private static final int ACCOUNT_DATA_BYTES = 10 * 1024 * 1024;
  private static final int BLOCK_BYTES = 5 * 1024 * 1024;

  @Test
  void aFiveMegabyteBlockAndATenMegabyteAccountReachTheirMonitorsByteForByte(KafkaCluster kafka) throws Exception {
    SplittableRandom random = new SplittableRandom(20_261_126L);
    ByteString pubkey = randomBytes(random, 32);
    SubscribeRequest blockFilters = SubscribeRequest.newBuilder()
        .putBlocks("all", SubscribeRequestFilterBlocks.getDefaultInstance())
        .build();
    SubscribeRequest accountFilters = SubscribeRequest.newBuilder()
        .putAccounts("big", SubscribeRequestFilterAccounts.newBuilder()
            .addAccount(Base58.encode(pubkey.toByteArray())).build())
        .build();
    ConcurrentLinkedQueue<BlockUpdate> blocks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<AccountUpdate> accounts = new ConcurrentLinkedQueue<>();

    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null, sim -> sim.manual(true))) {
      Monitor blockMonitor = system.addMonitor("big-blocks", MonitorGroup.HIGH, blockFilters, new UpdateHandler() {
        @Override
        public void onBlock(BlockUpdate update) {
          blocks.add(update);
        }
      });
      Monitor accountMonitor = system.addMonitor("big-account", MonitorGroup.HIGH, accountFilters,
          new UpdateHandler() {
            @Override
            public void onAccount(AccountUpdate update) {
              accounts.add(update);
            }
          });
      system.awaitActive(List.of(blockMonitor, accountMonitor), Duration.ofSeconds(30));

      YellowstoneSimulator sim = system.simulator();
      // Random bytes: lz4 cannot shrink them under the limit the records must pass.
      SimEvent.AccountUpdate account = sim.emitAccount(SubscribeUpdateAccountInfo.newBuilder()
          .setPubkey(pubkey)
          .setOwner(randomBytes(random, 32))
          .setLamports(73_000_000_000L)
          .setData(randomBytes(random, ACCOUNT_DATA_BYTES))
          .build());
      int fillers = sim.emitFiller(BLOCK_BYTES).size();
      long slot = sim.advanceSlot();
      SubscribeUpdateBlock sentBlock = sentBlock(sim, slot, blockFilters);
      assertThat(sentBlock.getSerializedSize()).isGreaterThan(BLOCK_BYTES);
      assertThat(sentBlock.getTransactionsCount()).isEqualTo(fillers);

      await("the 10 MiB account and the 5 MiB block at their monitors' handlers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> !accounts.isEmpty() && !blocks.isEmpty());

      assertThat(accounts).hasSize(1);
      AccountUpdate receivedAccount = accounts.peek();
      assertThat(receivedAccount.context().slot()).isEqualTo(slot);
      assertThat(receivedAccount.account().getData().size()).isEqualTo(ACCOUNT_DATA_BYTES);
      assertThat(sha256(receivedAccount.account().toByteString()))
          .as("the account as the handler got it, byte for byte")
          .isEqualTo(sha256(account.info().toByteString()));

      assertThat(blocks).hasSize(1);
      BlockUpdate receivedBlock = blocks.peek();
      assertThat(receivedBlock.update().hasBlock()).isTrue();
      assertThat(receivedBlock.context().slot()).isEqualTo(slot);
      assertThat(sha256(receivedBlock.update().getBlock().toByteString()))
          .as("the block as the handler got it, byte for byte")
          .isEqualTo(sha256(sentBlock.toByteString()));
    }
  }

  /** The block the simulator sent for {@code slot} to a stream with {@code filters}. */
  private static SubscribeUpdateBlock sentBlock(YellowstoneSimulator sim, long slot, SubscribeRequest filters)
      throws Exception {
    SimEvent.BlockUpdate block = sim.history(slot).stream()
        .filter(SimEvent.BlockUpdate.class::isInstance)
        .map(SimEvent.BlockUpdate.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("slot " + slot + " has no block in the simulator's history"));
    List<dev.geyserpool.proto.geyser.SubscribeUpdate> updates = FilterMatcher.compile(filters).updates(block);
    assertThat(updates).hasSize(1);
    return updates.get(0).getBlock();
  }

  private static ByteString randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  /** A digest, so that a mismatch prints 64 hex digits instead of megabytes. */
  private static String sha256(ByteString bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
  }
}
