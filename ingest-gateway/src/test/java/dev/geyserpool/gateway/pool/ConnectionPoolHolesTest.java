package dev.geyserpool.gateway.pool;

import static dev.geyserpool.gateway.pool.PoolHarness.MS;
import static dev.geyserpool.gateway.pool.PoolHarness.S;
import static dev.geyserpool.gateway.pool.PoolHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.PoolAction.CloseConnection;
import dev.geyserpool.gateway.pool.PoolAction.CloseStream;
import dev.geyserpool.gateway.pool.PoolAction.OpenStream;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review of the pool core: holes in gap carrying, rotation and rewind bookkeeping, on a fake
 * clock. Each test plays the adapter's part the way {@code IngestGateway} does (observe the call's
 * progress, then report its end).
 */
class ConnectionPoolHolesTest {
  private final PoolHarness h = new PoolHarness(PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4));

  private StreamSlot onlySlot() {
    return h.pool.slots().values().iterator().next();
  }

  private void startOneMonitor() {
    h.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> first = h.run();
    h.readyAll(first);
    h.dataOnAll(100);
    h.run();
  }

  /**
   * After OUT_OF_RANGE the next open is live and carries the gap's start; the gateway reports the
   * gap only at that call's first update. A live call gets a baseline (IngestGateway.startLive:
   * highestSlotSeen - 1 or GetSlot), which is its resume point before anything arrives. If that
   * call ends before its first update, the pool takes the baseline as the slot's resume point and
   * the gap start is gone: the next open resumes from the baseline and nothing reports slots
   * 100..baseline-1.
   */
  @Test
  void aGapNotYetReportedSurvivesALiveCallThatEndsBeforeItsFirstUpdate() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.OUT_OF_RANGE, "OUT_OF_RANGE", h.now);
    h.advance(10 * S);
    OpenStream live = of(h.run(), OpenStream.class).get(0);
    assertThat(live.gapFromSlot()).isEqualTo(100);

    // The live call, baseline 5000, fails before any update (its gap was never reported).
    h.readyAll(h.drain());
    long opened = h.now;
    h.advance(MS);
    h.pool.observe(slot.id(), live.generation(), new CallProgress(opened, opened, 5000, 0, false), h.now);
    h.pool.streamFailed(slot.id(), live.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", h.now);
    h.advance(10 * S);

    assertThat(of(h.run(), OpenStream.class)).singleElement().satisfies(o -> assertThat(
        o.gapFromSlot() == 100 || (o.fromSlot() > 0 && o.fromSlot() <= 100))
        .as("the next open still reports the gap from 100, or resumes from before it (fromSlot=%d, gapFromSlot=%d)",
            o.fromSlot(), o.gapFromSlot())
        .isTrue());
  }

  /**
   * When a make-before-break successor fails, StreamSlot.abandonMove bumps the generation, so the
   * primary call (generation - 2 now) is no longer recognised: its progress is dropped, the slot's
   * resume point freezes (and IngestGateway.writeCheckpoints looks for a call of the new
   * generation, finds none, and stops writing checkpoints).
   */
  @Test
  void afterARotationSuccessorFailsThePrimaryCallStillMovesTheResumePoint() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    int primary = slot.generation();
    h.advance(5 * 60 * S);
    h.dataOnAll(200);
    List<PoolAction> rotation = h.run();
    h.readyAll(rotation);
    OpenStream successor = of(rotation, OpenStream.class).get(0);
    assertThat(successor.generation()).isEqualTo(primary + 1);

    h.pool.streamFailed(slot.id(), successor.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", h.now);
    h.drain();
    h.advance(MS);
    h.pool.observe(slot.id(), primary, new CallProgress(h.now, h.now, 300, 300, false), h.now);

    assertThat(slot.lastSlot()).as("the primary call, still streaming, reported resume slot 300").isEqualTo(300);
  }

  /** Same cause: the primary call keeps delivering, yet the watchdog takes it for silent. */
  @Test
  void aHealthyPrimaryIsNotTakenForSilentAfterItsRotationSuccessorFailed() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    int primary = slot.generation();
    h.advance(5 * 60 * S);
    h.dataOnAll(200);
    List<PoolAction> rotation = h.run();
    h.readyAll(rotation);
    OpenStream successor = of(rotation, OpenStream.class).get(0);
    h.pool.streamFailed(slot.id(), successor.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", h.now);
    h.drain();

    List<PoolAction> seen = new ArrayList<>();
    for (int second = 1; second <= 61; second++) {
      h.advance(S);
      // The primary call delivers data every second.
      h.pool.observe(slot.id(), primary, new CallProgress(h.now, h.now, 200 + second, 200 + second, false), h.now);
      seen.addAll(h.run());
    }

    assertThat(of(seen, CloseConnection.class)).as("the primary delivered data every second")
        .noneSatisfy(c -> assertThat(c.reason()).contains("silent"));
  }

  /**
   * ConnectionPool.rewind during a move closes the successor (generation g) and then, after
   * abandonMove bumped the generation, "g+1", which never existed. The primary call (g-1) is
   * never closed: it goes on reading and publishing beside the rewound stream.
   */
  @Test
  void aRewindDuringARotationClosesThePrimaryCallToo() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    int primary = slot.generation();
    h.advance(5 * 60 * S);
    h.dataOnAll(200);
    List<PoolAction> rotation = h.run();
    h.readyAll(rotation);
    OpenStream successor = of(rotation, OpenStream.class).get(0);

    h.pool.declare(new MonitorSpec("restored", PoolHarness.key(MonitorGroup.HIGH), 0, 80), h.now);
    List<PoolAction> actions = new ArrayList<>(h.drain());
    actions.addAll(h.run());

    assertThat(of(actions, CloseStream.class)).extracting(CloseStream::generation)
        .as("both calls of the slot are closed: primary %d and successor %d", primary, successor.generation())
        .contains(primary, successor.generation());
  }
}
