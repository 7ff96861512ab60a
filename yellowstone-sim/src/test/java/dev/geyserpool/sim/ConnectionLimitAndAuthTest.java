package dev.geyserpool.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.GetBlockHeightRequest;
import dev.geyserpool.proto.geyser.GetLatestBlockhashRequest;
import dev.geyserpool.proto.geyser.GetLatestBlockhashResponse;
import dev.geyserpool.proto.geyser.GetSlotRequest;
import dev.geyserpool.proto.geyser.GetVersionRequest;
import dev.geyserpool.proto.geyser.IsBlockhashValidRequest;
import dev.geyserpool.proto.geyser.PingRequest;
import dev.geyserpool.proto.geyser.SubscribeGossipRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider limit, its audit, x-token auth and the unary calls, over real HTTP/2. */
class ConnectionLimitAndAuthTest {

  static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void refusesTheFourthNewConnectionInTheWindowAndAcceptsOnceItSlides() throws Exception {
    ManualTicker ticker = new ManualTicker();
    List<SimClient> clients = new ArrayList<>();
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true)
        .connectionLimit(3).connectionWindow(Duration.ofSeconds(60)).ticker(ticker).build())) {
      for (int i = 0; i < 3; i++) {
        SimClient c = new SimClient(sim.target());
        clients.add(c);
        c.blocking.getSlot(GetSlotRequest.getDefaultInstance()); // first call dials a new connection
        ticker.advance(Duration.ofSeconds(1));
      }
      SimClient fourth = new SimClient(sim.target());
      clients.add(fourth);
      assertThatThrownBy(() -> fourth.blocking.getSlot(GetSlotRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription())
                .isEqualTo("connection limit: more than 3 new connections in 60s");
          });
      // Calls on an admitted connection keep working; every call on the refused one fails.
      assertThat(codeOf(() -> clients.get(0).blocking.getSlot(GetSlotRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.OK);
      assertThat(codeOf(() -> fourth.blocking.getVersion(GetVersionRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

      ConnectionAudit audit = sim.audit();
      assertThat(audit.totalConnections()).isEqualTo(4);
      assertThat(audit.refusals()).isEqualTo(1);
      assertThat(audit.inWindowNow()).isEqualTo(4);
      assertThat(audit.maxInAnyWindow()).isEqualTo(4);
      assertThat(audit.limitExceeded()).isTrue();

      // The first admitted connection was at t=0, the window is (t-60s, t]: at t=60s−1ns it still counts.
      ticker.advance(Duration.ofSeconds(57).minusNanos(1));
      SimClient early = new SimClient(sim.target());
      clients.add(early);
      assertThat(codeOf(() -> early.blocking.getSlot(GetSlotRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      ticker.advance(Duration.ofNanos(1)); // t = 60s: the t=0 connection leaves the window
      SimClient onTime = new SimClient(sim.target());
      clients.add(onTime);
      assertThat(codeOf(() -> onTime.blocking.getSlot(GetSlotRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.OK);

      audit = sim.audit();
      assertThat(audit.totalConnections()).isEqualTo(6);
      assertThat(audit.refusals()).isEqualTo(2);
      assertThat(audit.maxInAnyWindow()).isEqualTo(5); // t=1s..59.999s and 60s: five attempts
      assertThat(audit.inWindowNow()).isEqualTo(5);
      assertThat(audit.limit()).isEqualTo(3);
      assertThat(audit.window()).isEqualTo(Duration.ofSeconds(60));
      assertThat(audit.toString()).startsWith("connections=6 refusals=2 inWindow=5 maxInAnyWindow=5");
    } finally {
      clients.forEach(SimClient::close);
    }
  }

  @Test
  void xTokenIsRequiredAndNeverEchoed() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(
            SimulatorConfig.builder().manual(true).xToken("s3cret").build());
        SimClient none = new SimClient(sim.target());
        SimClient wrong = new SimClient(sim.target(), "guess");
        SimClient right = new SimClient(sim.target(), "s3cret")) {
      assertThatThrownBy(() -> none.blocking.getVersion(GetVersionRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).isEqualTo("x-token header is missing");
          });
      assertThatThrownBy(() -> wrong.blocking.getVersion(GetVersionRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).isEqualTo("x-token header is wrong");
          });
      assertThat(right.blocking.getVersion(GetVersionRequest.getDefaultInstance()).getVersion())
          .contains("geyser-pool-yellowstone-sim");
      SimClient.Stream unauthorized = none.subscribeNeverReading(
          dev.geyserpool.proto.geyser.SubscribeRequest.getDefaultInstance());
      assertThat(unauthorized.awaitStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(sim.config().toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void unaryCallsAnswerFromTheSlotClock() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true)
            .firstSlot(1_000).build());
        SimClient c = new SimClient(sim.target())) {
      sim.advanceSlot();
      sim.advanceSlot(); // slots 1000 and 1001 processed
      assertThat(c.blocking.getSlot(GetSlotRequest.getDefaultInstance()).getSlot()).isEqualTo(1_001);
      assertThat(c.blocking.getSlot(GetSlotRequest.newBuilder().setCommitment(CommitmentLevel.CONFIRMED).build())
          .getSlot()).isEqualTo(1_000);
      assertThat(c.blocking.getSlot(GetSlotRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).build())
          .getSlot()).isEqualTo(1_001 - 32);
      assertThat(c.blocking.getBlockHeight(GetBlockHeightRequest.getDefaultInstance()).getBlockHeight())
          .isEqualTo(1_001 - 1_000 / 16);
      GetLatestBlockhashResponse latest = c.blocking.getLatestBlockhash(GetLatestBlockhashRequest.getDefaultInstance());
      assertThat(latest.getSlot()).isEqualTo(1_001);
      assertThat(latest.getLastValidBlockHeight()).isEqualTo(1_001 - 1_000 / 16 + 150);
      assertThat(c.blocking.isBlockhashValid(IsBlockhashValidRequest.newBuilder()
          .setBlockhash(latest.getBlockhash()).build()).getValid()).isTrue();
      assertThat(c.blocking.isBlockhashValid(IsBlockhashValidRequest.newBuilder()
          .setBlockhash("11111111111111111111111111111111").build()).getValid()).isFalse();
      assertThat(c.blocking.ping(PingRequest.newBuilder().setCount(7).build()).getCount()).isEqualTo(7);
      assertThat(c.blocking.subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance())
          .getFirstAvailable()).isEqualTo(1_000);
      assertThat(codeOf(() -> c.blocking.subscribeGossip(SubscribeGossipRequest.getDefaultInstance()).hasNext()))
          .isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(sim.history(1_000)).isNotEmpty();
    }
  }
}
