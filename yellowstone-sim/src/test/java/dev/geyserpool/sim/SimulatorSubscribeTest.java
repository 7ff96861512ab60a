package dev.geyserpool.sim;

import static dev.geyserpool.sim.TestData.account;
import static dev.geyserpool.sim.TestData.b58;
import static dev.geyserpool.sim.TestData.key;
import static dev.geyserpool.sim.TestData.sig;
import static dev.geyserpool.sim.TestData.tx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.sim.traffic.PumpProgram;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscribe over real HTTP/2 on loopback, in manual slot mode. */
class SimulatorSubscribeTest {
  static final com.google.protobuf.ByteString A = key(1);
  static final com.google.protobuf.ByteString B = key(2);
  static final com.google.protobuf.ByteString OWNER = key(3);

  YellowstoneSimulator sim;
  SimClient client;

  @BeforeEach
  void start() throws Exception {
    sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).trafficRate(0).build());
    client = new SimClient(sim.target());
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  static SubscribeRequest txFilters(String... includeByName) {
    SubscribeRequest.Builder r = SubscribeRequest.newBuilder();
    for (int i = 0; i < includeByName.length; i += 2) {
      r.putTransactions(includeByName[i], SubscribeRequestFilterTransactions.newBuilder()
          .addAccountInclude(includeByName[i + 1]).build());
    }
    return r.build();
  }

  @Test
  void sendsOneUpdateTaggedWithEveryMatchingFilterAndNothingWhenNoneMatch() {
    SimClient.Stream s = client.subscribe(txFilters("with-a", b58(A), "with-b", b58(B)));
    sim.emitTransaction(tx(sig(1), false, false, List.of(A, B)));
    sim.emitTransaction(tx(sig(2), false, false, List.of(OWNER)));
    sim.emitTransaction(tx(sig(3), false, false, List.of(B)));
    List<SubscribeUpdate> got = s.sync();
    assertThat(got).hasSize(2);
    assertThat(got.get(0).getFiltersList()).containsExactly("with-a", "with-b");
    assertThat(got.get(0).getTransaction().getTransaction().getSignature()).isEqualTo(sig(1));
    assertThat(got.get(0).getTransaction().getSlot()).isEqualTo(sim.currentSlot());
    assertThat(got.get(0).hasCreatedAt()).isTrue();
    assertThat(got.get(1).getFiltersList()).containsExactly("with-b");
    assertThat(got.get(1).getTransaction().getTransaction().getIndex()).isEqualTo(2);
  }

  @Test
  void aNewRequestReplacesTheFiltersOfAnOpenStream() {
    SimClient.Stream s = client.subscribe(txFilters("old", b58(A)));
    sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
    assertThat(s.sync()).extracting(u -> List.copyOf(u.getFiltersList())).containsExactly(List.of("old"));
    s.replaceAndSync(txFilters("new", b58(B)));
    sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
    sim.emitTransaction(tx(sig(3), false, false, List.of(B)));
    List<SubscribeUpdate> got = s.sync();
    assertThat(got).singleElement().satisfies(u -> {
      assertThat(u.getFiltersList()).containsExactly("new");
      assertThat(u.getTransaction().getTransaction().getSignature()).isEqualTo(sig(3));
    });
  }

  @Test
  void aPingOnlyRequestGetsItsPongAndKeepsTheFilters() {
    SimClient.Stream s = client.subscribe(txFilters("keep", b58(A)));
    List<SubscribeUpdate> beforePong = s.sync(); // ping-only request: answered with the same id
    assertThat(beforePong).isEmpty();
    sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
    assertThat(s.sync()).extracting(u -> List.copyOf(u.getFiltersList())).containsExactly(List.of("keep"));
  }

  @Test
  void accountUpdatesCarryTheWriteAndTheDataSlice() {
    SubscribeRequest r = SubscribeRequest.newBuilder()
        .putAccounts("owned", SubscribeRequestFilterAccounts.newBuilder().addOwner(b58(OWNER)).build())
        .addAccountsDataSlice(dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice.newBuilder()
            .setOffset(1).setLength(2))
        .build();
    SimClient.Stream s = client.subscribe(r);
    sim.emitAccount(account(A, OWNER, 42, new byte[] {1, 2, 3, 4}, sig(5)));
    sim.emitAccount(account(B, key(9), 42, new byte[] {1, 2, 3, 4}));
    assertThat(s.sync()).singleElement().satisfies(u -> {
      assertThat(u.getFiltersList()).containsExactly("owned");
      assertThat(u.getAccount().getAccount().getData().toByteArray()).containsExactly(2, 3);
      assertThat(u.getAccount().getAccount().getTxnSignature()).isEqualTo(sig(5));
      assertThat(u.getAccount().getAccount().getWriteVersion()).isPositive();
    });
  }

  @Test
  void slotsBlockMetaAndBlocksFollowTheSlotClock() {
    SubscribeRequest r = SubscribeRequest.newBuilder()
        .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
        .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .putBlocks("blocks", SubscribeRequestFilterBlocks.getDefaultInstance())
        .build();
    SimClient.Stream s = client.subscribe(r);
    long slot = sim.currentSlot();
    sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
    assertThat(sim.advanceSlot()).isEqualTo(slot);
    List<SubscribeUpdate> got = s.sync();
    assertThat(got).hasSize(5);
    assertThat(got.get(0).getBlockMeta().getSlot()).isEqualTo(slot);
    assertThat(got.get(0).getBlockMeta().getExecutedTransactionCount()).isEqualTo(1);
    assertThat(got.get(1).getBlock().getTransactionsCount()).isEqualTo(1);
    assertThat(got.get(1).getBlock().getBlockhash()).isEqualTo(got.get(0).getBlockMeta().getBlockhash());
    assertThat(got.subList(2, 5)).extracting(u -> u.getSlot().getSlot() + ":" + u.getSlot().getStatus())
        .containsExactly(slot + ":" + SlotStatus.SLOT_PROCESSED,
            (slot - 1) + ":" + SlotStatus.SLOT_CONFIRMED,
            (slot - 32) + ":" + SlotStatus.SLOT_FINALIZED);
    assertThat(sim.currentSlot()).isEqualTo(slot + 1);
  }

  @Test
  void aConfirmedStreamGetsSlotNsEventsOnlyOnceNIsConfirmed() {
    SubscribeRequest r = txFilters("c", b58(A)).toBuilder().setCommitment(CommitmentLevel.CONFIRMED).build();
    SimClient.Stream s = client.subscribe(r);
    long n = sim.currentSlot();
    sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
    assertThat(s.sync()).as("while N is open").isEmpty();
    sim.advanceSlot(); // N processed, N-1 confirmed
    assertThat(s.sync()).as("N processed, not confirmed").isEmpty();
    sim.advanceSlot(); // N+1 processed, N confirmed
    assertThat(s.sync()).singleElement().satisfies(u -> {
      assertThat(u.getTransaction().getSlot()).isEqualTo(n);
      assertThat(u.getFiltersList()).containsExactly("c");
    });
  }

  @Test
  void serverPingsArriveAtTheConfiguredInterval() throws Exception {
    try (YellowstoneSimulator fast = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true)
            .pingInterval(Duration.ofMillis(200)).build());
        SimClient c = new SimClient(fast.target())) {
      SimClient.Stream s = c.subscribe(txFilters("x", b58(A)));
      long start = System.nanoTime();
      assertThat(s.poll().hasPing()).isTrue();
      assertThat(s.poll().hasPing()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void anInvalidFilterEndsTheStreamWithInvalidArgument() {
    SimClient.Stream s = client.subscribe(txFilters("ok", b58(A)));
    s.send(SubscribeRequest.newBuilder().putAccounts("bad",
        SubscribeRequestFilterAccounts.newBuilder().addAccount("0OIl").build()).build());
    Status status = s.awaitStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("accounts filter 'bad': account '0OIl' has '0' at position 0, which is not base58 (0, O, I and l are never used)");
  }

  @Test
  void generatedLogPredictsExactlyWhatAStreamReceived() {
    SubscribeRequest r = SubscribeRequest.newBuilder()
        .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
            .addAccountInclude(b58(PumpProgram.PROGRAM)).setFailed(false).build())
        .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(b58(PumpProgram.PROGRAM)).build())
        .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .setCommitment(CommitmentLevel.CONFIRMED)
        .build();
    SimClient.Stream s = client.subscribe(r);
    for (int i = 0; i < 5; i++) {
      sim.generateTraffic(20);
      sim.advanceSlot();
    }
    List<SubscribeUpdate> got = s.sync();
    List<SubscribeUpdate> expected = sim.generated().matching(r);
    assertThat(got).isNotEmpty().hasSameSizeAs(expected);
    assertThat(got).isEqualTo(expected);
    assertThat(sim.generated().countMatching(r)).isEqualTo(got.size());
    assertThat(sim.generated().dropped()).isZero();
  }
}
