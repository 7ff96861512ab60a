package dev.geyserpool.sim;

import static dev.geyserpool.sim.TestData.b58;
import static dev.geyserpool.sim.TestData.key;
import static dev.geyserpool.sim.TestData.sig;
import static dev.geyserpool.sim.TestData.tx;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code from_slot} replay and {@code SubscribeReplayInfo}, over real HTTP/2 on loopback. */
class SimulatorReplayTest {
  static final ByteString A = key(1);
  static final ByteString B = key(2);
  static final ByteString C = key(3);

  static SubscribeRequest txWith(ByteString key) {
    return SubscribeRequest.newBuilder()
        .putTransactions("t", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(b58(key)).build())
        .build();
  }

  /** Transactions with A, every slot status and every block meta. */
  static SubscribeRequest txSlotsAndMeta() {
    return txWith(A).toBuilder()
        .putSlots("s", SubscribeRequestFilterSlots.getDefaultInstance())
        .putBlocksMeta("m", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .build();
  }

  static long slotOf(SubscribeUpdate u) {
    switch (u.getUpdateOneofCase()) {
      case TRANSACTION:
        return u.getTransaction().getSlot();
      case SLOT:
        return u.getSlot().getSlot();
      case BLOCK_META:
        return u.getBlockMeta().getSlot();
      case BLOCK:
        return u.getBlock().getSlot();
      case ACCOUNT:
        return u.getAccount().getSlot();
      default:
        throw new AssertionError("no slot in " + u.getUpdateOneofCase());
    }
  }

  static List<SubscribeUpdate> fromSlot(List<SubscribeUpdate> updates, long slot) {
    return updates.stream().filter(u -> slotOf(u) >= slot).toList();
  }

  static List<ByteString> signatures(List<SubscribeUpdate> updates) {
    return updates.stream().filter(SubscribeUpdate::hasTransaction)
        .map(u -> u.getTransaction().getTransaction().getSignature()).toList();
  }

  static SimulatorConfig.Builder manual() {
    return SimulatorConfig.builder().manual(true).trafficRate(0).firstSlot(1_000);
  }

  @Test
  void replaysTheMatchingEventsOfSlotsFromSInEmissionOrderThenGoesLiveOnceEach() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SubscribeRequest request = txSlotsAndMeta();
      SimClient.Stream control = client.subscribe(request); // live from the start
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      sim.emitTransaction(tx(sig(2), false, false, List.of(B)));
      sim.advanceSlot(); // 1000
      sim.emitTransaction(tx(sig(3), false, false, List.of(A)));
      sim.advanceSlot(); // 1001
      sim.emitTransaction(tx(sig(4), false, false, List.of(A)));
      sim.emitTransaction(tx(sig(5), false, false, List.of(C)));
      sim.advanceSlot(); // 1002 = S
      sim.emitTransaction(tx(sig(6), false, false, List.of(A, B))); // 1003, still open
      List<SubscribeUpdate> live = control.sync();

      SimClient.Stream replay = client.open();
      List<SubscribeUpdate> replayed = replay.sendAndCollect(request.toBuilder().setFromSlot(1_002).build());

      assertThat(signatures(replayed)).containsExactly(sig(4), sig(6));
      assertThat(replayed).isEqualTo(fromSlot(live, 1_002));
      assertThat(replayed).extracting(u -> u.getUpdateOneofCase().name() + ":" + slotOf(u)).containsExactly(
          "TRANSACTION:1002", "BLOCK_META:1002", "SLOT:1002", "TRANSACTION:1003");

      // Live from here, for both streams alike: nothing missed, nothing twice.
      sim.advanceSlot(); // 1003: also confirms 1002
      sim.emitTransaction(tx(sig(7), false, false, List.of(A)));
      List<SubscribeUpdate> liveAfter = control.sync();
      List<SubscribeUpdate> replayAfter = replay.sync();
      assertThat(replayAfter).isEqualTo(liveAfter);
      assertThat(signatures(replayAfter)).containsExactly(sig(7));
      assertThat(replayAfter).anySatisfy(u -> {
        assertThat(u.getSlot().getSlot()).isEqualTo(1_002);
        assertThat(u.getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_CONFIRMED);
      });
    }
  }

  @Test
  void aConfirmedReplayHoldsBackUnconfirmedSlotsAndReleasesThemLive() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SubscribeRequest request = txWith(A).toBuilder().setCommitment(CommitmentLevel.CONFIRMED).build();
      SimClient.Stream control = client.subscribe(request);
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      sim.advanceSlot(); // 1000 processed
      sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
      sim.advanceSlot(); // 1001 processed, 1000 confirmed
      sim.emitTransaction(tx(sig(3), false, false, List.of(A))); // 1002 open

      SimClient.Stream replay = client.open();
      List<SubscribeUpdate> replayed = replay.sendAndCollect(request.toBuilder().setFromSlot(1_000).build());
      assertThat(signatures(replayed)).containsExactly(sig(1));
      assertThat(replayed).isEqualTo(control.sync());

      sim.advanceSlot(); // 1001 confirmed: held in the replay's gate, released live
      assertThat(signatures(replay.sync())).containsExactly(sig(2));
      sim.advanceSlot(); // 1002 confirmed
      List<SubscribeUpdate> last = replay.sync();
      assertThat(signatures(last)).containsExactly(sig(3));
      assertThat(signatures(control.sync())).containsExactly(sig(2), sig(3));
    }
  }

  @Test
  void aLaterRequestWithFromSlotReplaysUnderItsNewFilters() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SimClient.Stream s = client.subscribe(txWith(B));
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      sim.advanceSlot(); // 1000
      sim.emitTransaction(tx(sig(2), false, false, List.of(B)));
      assertThat(signatures(s.sync())).containsExactly(sig(2));

      List<SubscribeUpdate> replayed = s.sendAndCollect(txWith(A).toBuilder().setFromSlot(1_000).build());
      assertThat(signatures(replayed)).containsExactly(sig(1));
      assertThat(replayed.get(0).getFiltersList()).containsExactly("t");

      sim.emitTransaction(tx(sig(3), false, false, List.of(A)));
      sim.emitTransaction(tx(sig(4), false, false, List.of(B)));
      assertThat(signatures(s.sync())).containsExactly(sig(3));
    }
  }

  @Test
  void aFromSlotOlderThanTheRingEndsTheStreamWithOutOfRangeAndTheOldestHeldSlotReplays() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().historySlots(40).build());
        SimClient client = new SimClient(sim.target())) {
      for (int i = 0; i < 50; i++) {
        sim.advanceSlot(); // 1000..1049 closed, 1050 open; the ring holds 1011..1050
      }
      assertThat(client.blocking.subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance())
          .getFirstAvailable()).isEqualTo(1_011);

      SubscribeRequest slots = SubscribeRequest.newBuilder()
          .putSlots("s", SubscribeRequestFilterSlots.getDefaultInstance()).build();
      SimClient.Stream tooOld = client.subscribeNoSync(slots.toBuilder().setFromSlot(1_010).build());
      Status status = tooOld.awaitStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
      assertThat(status.getDescription()).isEqualTo("broadcast from 1010 is not available, last available: 1011");

      SimClient.Stream oldest = client.open();
      List<SubscribeUpdate> replayed = oldest.sendAndCollect(slots.toBuilder().setFromSlot(1_011).build());
      assertThat(replayed.get(0).getSlot().getSlot()).isEqualTo(1_011);
      assertThat(replayed.get(0).getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_PROCESSED);
      assertThat(replayed).allSatisfy(u -> assertThat(u.getSlot().getSlot()).isGreaterThanOrEqualTo(1_011));
      assertThat(oldest.done).isNotDone();
    }
  }

  @Test
  void aFromSlotInTheFutureMeansLiveFromNow() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      SimClient.Stream s = client.open();
      assertThat(s.sendAndCollect(txWith(A).toBuilder().setFromSlot(sim.currentSlot() + 100).build())).isEmpty();
      sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
      assertThat(signatures(s.sync())).containsExactly(sig(2));
    }
  }

  @Test
  void replayInfoReportsTheOldestOfTheDefault150HeldSlots() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      assertThat(sim.config().historySlots()).isEqualTo(150);
      SubscribeReplayInfoRequest info = SubscribeReplayInfoRequest.getDefaultInstance();
      assertThat(client.blocking.subscribeReplayInfo(info).getFirstAvailable()).isEqualTo(1_000);
      for (int i = 0; i < 149; i++) {
        sim.advanceSlot(); // open 1149: 1000..1149 is 150 slots
      }
      assertThat(client.blocking.subscribeReplayInfo(info).getFirstAvailable()).isEqualTo(1_000);
      sim.advanceSlot(); // open 1150: 1000 leaves the ring
      assertThat(client.blocking.subscribeReplayInfo(info).getFirstAvailable()).isEqualTo(1_001);
      assertThat(sim.history(1_000)).isEmpty();
      assertThat(sim.history(1_001)).isNotEmpty();
    }
  }

  @Test
  void aReplayUnderLiveTrafficJoinsLiveWithNoGapAndNoDuplicate() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
            .slotInterval(Duration.ofMillis(20)).trafficRate(500).trafficPaused(true).build());
        SimClient client = new SimClient(sim.target())) {
      SubscribeRequest all = SubscribeRequest.newBuilder()
          .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()).build();
      SimClient.Stream control = client.subscribe(all);
      sim.startTraffic();
      long started = sim.currentSlot();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() >= started + 10);

      long from = sim.currentSlot() - 5;
      SimClient.Stream replay = client.subscribeNoSync(all.toBuilder().setFromSlot(from).build());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.currentSlot() >= from + 20);
      sim.stopTraffic();

      List<SubscribeUpdate> expected = fromSlot(control.sync(), from);
      List<SubscribeUpdate> got = replay.sync();
      assertThat(expected).hasSizeGreaterThan(20);
      assertThat(got).isEqualTo(expected);
      assertThat(signatures(got)).doesNotHaveDuplicates();
    }
  }
}
