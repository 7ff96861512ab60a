package dev.geyserpool.sim;

import static dev.geyserpool.sim.TestData.b58;
import static dev.geyserpool.sim.TestData.key;
import static dev.geyserpool.sim.TestData.sig;
import static dev.geyserpool.sim.TestData.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.GetSlotRequest;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The fault controls and scheduled faults, observed by real HTTP/2 clients on loopback. */
class FaultInjectionTest {
  static final ByteString A = key(1);
  static final SubscribeRequest WITH_A = SubscribeRequest.newBuilder()
      .putTransactions("a", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(b58(A)).build())
      .build();
  static final Duration WAIT = Duration.ofSeconds(10);

  static SimulatorConfig.Builder manual() {
    return SimulatorConfig.builder().manual(true).trafficRate(0).firstSlot(1_000);
  }

  static List<ByteString> signatures(List<SubscribeUpdate> updates) {
    return updates.stream().filter(SubscribeUpdate::hasTransaction)
        .map(u -> u.getTransaction().getTransaction().getSignature()).toList();
  }

  /** Sends a ping-only request and returns every update before its pong, server pings included. */
  static List<SubscribeUpdate> rawUntilPong(SimClient.Stream s, int id) {
    s.send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
    List<SubscribeUpdate> got = new ArrayList<>();
    while (true) {
      SubscribeUpdate u = s.poll();
      if (u.hasPong() && u.getPong().getId() == id) {
        return got;
      }
      got.add(u);
    }
  }

  @Test
  void droppingConnectionsEndsOpenStreamsWithUnavailableAndTheReconnectIsANewAuditedConnection() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SimClient.Stream before = client.subscribe(WITH_A);
      assertThat(sim.audit().totalConnections()).isEqualTo(1);

      assertThat(sim.dropConnections()).isEqualTo(1);

      Status status = before.awaitStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      Awaitility.await().atMost(WAIT).until(() -> client.channel.getState(false) != ConnectivityState.READY);
      assertThat(client.channel.getState(false)).isIn(ConnectivityState.IDLE, ConnectivityState.TRANSIENT_FAILURE);
      Awaitility.await().atMost(WAIT).until(() -> sim.audit().openConnections() == 0);

      client.channel.resetConnectBackoff();
      SimClient.Stream after = client.subscribe(WITH_A); // the channel dials a new TCP connection
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      assertThat(signatures(after.sync())).containsExactly(sig(1));

      ConnectionAudit audit = sim.audit();
      assertThat(audit.totalConnections()).isEqualTo(2);
      assertThat(audit.openConnections()).isEqualTo(1);
      assertThat(audit.streamsOpened()).isEqualTo(2);
      FaultReport report = sim.faultReport();
      assertThat(report.drops()).isEqualTo(1);
      assertThat(report.connectionsDropped()).isEqualTo(1);
      assertThat(report.toString()).startsWith("drops=1 connectionsDropped=1 stalls=0");
    }
  }

  @Test
  void stallingSilencesOpenStreamsWithoutClosingThemAndDataResumesAfterWhileTheRingKeepsWhatTheyMissed()
      throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SimClient.Stream stalled = client.subscribe(WITH_A);
      assertThat(sim.stallStreams()).isEqualTo(1);
      SimClient.Stream later = client.subscribe(WITH_A); // opened after the stall: not stalled

      stalled.send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(7)).build());
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      sim.sendPings();
      // The stalled stream skips its pong, the transaction and the server ping: three updates.
      Awaitility.await().atMost(WAIT).until(() -> sim.faultReport().updatesSkipped() == 3);
      assertThat(signatures(later.sync())).containsExactly(sig(1)); // the chain moved on meanwhile
      assertThat(stalled.updates).isEmpty();
      assertThat(stalled.done).isNotDone();
      assertThat(sim.faultReport().stalledNow()).isEqualTo(1);

      assertThat(sim.resumeStreams()).isEqualTo(1);
      sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
      List<SubscribeUpdate> resumed = rawUntilPong(stalled, 8);
      assertThat(signatures(resumed)).containsExactly(sig(2));
      assertThat(resumed).hasSize(1); // no late pong 7, no late server ping
      assertThat(stalled.done).isNotDone();

      // What the stalled stream missed is still in the ring for from_slot.
      SimClient.Stream recovery = client.open();
      assertThat(signatures(recovery.sendAndCollect(WITH_A.toBuilder().setFromSlot(1_000).build())))
          .containsExactly(sig(1), sig(2));

      FaultReport report = sim.faultReport();
      assertThat(report.stalls()).isEqualTo(1);
      assertThat(report.streamsStalled()).isEqualTo(1);
      assertThat(report.stalledNow()).isZero();
      assertThat(report.updatesSkipped()).isEqualTo(3);
    }
  }

  @Test
  void closeStopsTheServerEventLoopsAndTimersEvenWithFaultsActive() throws Exception {
    YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
    try (SimClient client = new SimClient(sim.target())) {
      SimClient.Stream s = client.subscribe(WITH_A);
      sim.lagStreams(Duration.ofSeconds(30));
      sim.emitTransaction(tx(sig(1), false, false, List.of(A))); // waits on a lag timer
      sim.stallStreams(Duration.ofMinutes(1));
      sim.rejectNewConnections(true);
      sim.close();
      assertThat(sim.isTerminated()).isTrue();
      // shutdownNow races the stream's own UNAVAILABLE with a cancellation; either way it ended.
      assertThat(s.awaitStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    }
  }

  @Test
  void aTimedStallResumesByItself() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SimClient.Stream s = client.subscribe(WITH_A);
      assertThat(sim.stallStreams(Duration.ofMillis(200))).isEqualTo(1);
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      Awaitility.await().atMost(WAIT).until(() -> sim.faultReport().stalledNow() == 0);
      sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
      assertThat(signatures(s.sync())).containsExactly(sig(2));
    }
  }

  @Test
  void rejectingNewConnectionsFailsThemWithUnavailableWhileOpenStreamsCarryOn() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient open = new SimClient(sim.target());
        SimClient fresh = new SimClient(sim.target())) {
      SimClient.Stream s = open.subscribe(WITH_A);
      sim.rejectNewConnections(true);

      assertThatThrownBy(() -> fresh.blocking.getSlot(GetSlotRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      assertThat(signatures(s.sync())).containsExactly(sig(1));
      assertThat(open.blocking.getSlot(GetSlotRequest.getDefaultInstance()).getSlot()).isEqualTo(999);
      assertThat(sim.audit().totalConnections()).isEqualTo(1); // a reset at accept never reaches gRPC
      assertThat(sim.faultReport().rejectedWhileDown()).isPositive();
      assertThat(sim.faultReport().rejectingNow()).isTrue();

      sim.rejectNewConnections(false);
      fresh.channel.resetConnectBackoff();
      Awaitility.await().atMost(WAIT).ignoreExceptions()
          .until(() -> fresh.blocking.getSlot(GetSlotRequest.getDefaultInstance()).getSlot() == 999);
      assertThat(sim.audit().totalConnections()).isEqualTo(2);
      assertThat(sim.faultReport().rejectingNow()).isFalse();
    }
  }

  @Test
  void aLaggedStreamGetsEachMessageNoSoonerThanTheLag() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(manual().build());
        SimClient client = new SimClient(sim.target())) {
      SimClient.Stream s = client.subscribe(WITH_A);
      sim.applyFault(Fault.parse("lag-slow-client=200ms"));
      assertThat(sim.faultReport().lag()).isEqualTo(Duration.ofMillis(200));

      long start = System.nanoTime();
      sim.emitTransaction(tx(sig(1), false, false, List.of(A)));
      sim.emitTransaction(tx(sig(2), false, false, List.of(A)));
      assertThat(s.next().getTransaction().getTransaction().getSignature()).isEqualTo(sig(1));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(s.next().getTransaction().getTransaction().getSignature()).isEqualTo(sig(2));

      sim.clearFaults();
      assertThat(sim.faultReport().lag()).isZero();
      sim.emitTransaction(tx(sig(3), false, false, List.of(A)));
      assertThat(signatures(s.sync())).containsExactly(sig(3));
    }
  }

  @Test
  void scheduledDropsInAutomaticModeAreObservedByAReconnectingClient() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().trafficRate(0)
            .fault(Fault.parse("drop-connections-every=300ms")).build());
        SimClient client = new SimClient(sim.target())) {
      List<Status> ends = new ArrayList<>();
      SimClient.Stream[] current = {client.subscribeNoSync(WITH_A)};
      Awaitility.await().atMost(WAIT).until(() -> {
        if (current[0].done.isDone()) {
          ends.add(current[0].done.get());
          client.channel.resetConnectBackoff();
          current[0] = client.subscribeNoSync(WITH_A);
        }
        return ends.size() >= 2;
      });
      assertThat(ends).extracting(Status::getCode).containsOnly(Status.Code.UNAVAILABLE);
      assertThat(sim.faultReport().drops()).isGreaterThanOrEqualTo(2);
      assertThat(sim.faultReport().connectionsDropped()).isGreaterThanOrEqualTo(2);
      assertThat(sim.audit().totalConnections()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void scheduledStallsAndRejectionInAutomaticModeHappenAndEnd() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().trafficRate(0)
            .fault(Fault.parse("stall-streams=300ms/100ms"))
            .fault(Fault.parse("reject-new-connections=200ms")).build());
        SimClient client = new SimClient(sim.target())) {
      assertThat(sim.config().toString()).contains("faults=[stall-streams=300ms/100ms, reject-new-connections=200ms]");
      Awaitility.await().atMost(WAIT).until(() -> !sim.faultReport().rejectingNow());
      client.channel.resetConnectBackoff();
      Awaitility.await().atMost(WAIT).ignoreExceptions()
          .until(() -> client.blocking.getSlot(GetSlotRequest.getDefaultInstance()).getSlot() > 0);
      SimClient.Stream s = client.subscribeNoSync(WITH_A);
      Awaitility.await().atMost(WAIT).until(() -> sim.faultReport().streamsStalled() >= 2);
      assertThat(sim.faultReport().stalls()).isGreaterThanOrEqualTo(2);
      assertThat(s.done).isNotDone();
    }
  }
}
