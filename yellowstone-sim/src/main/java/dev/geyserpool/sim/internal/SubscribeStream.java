package dev.geyserpool.sim.internal;

import com.google.protobuf.Timestamp;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdatePong;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.InvalidFilterException;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimulatorConfig;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open {@code Subscribe} call: its current filters and commitment, a bounded outbound queue,
 * and the drain that writes to the client only while gRPC flow control says it is ready.
 *
 * <p>Threading: three kinds of callers, one lock. The {@link EventHub} offers events (match +
 * enqueue, no I/O); gRPC's transport threads deliver requests, readiness and cancellation; a
 * drain task on the shared drain executor is the ONLY caller of the response observer, and at
 * most one drain runs per stream (a work-in-progress counter), so observer calls are serialized.
 * If the queue reaches its capacity the client is too slow: the queue is dropped and the stream
 * ends with RESOURCE_EXHAUSTED, so a slow client never grows memory or blocks the hub. A
 * {@code from_slot} replay is queued on top of that capacity (it is bounded by the hub's ring), so
 * the queue holds at most {@code capacity} live updates plus the last replay.
 *
 * <p>Faults: a stalled stream ({@link #stall()}, driven by the hub) queues nothing and writes
 * nothing, not even its terminal status, until {@link #resume()}; what it skipped is counted in
 * {@link StreamFaults}. With a lag set, each queued update is written no earlier than lag after it
 * was queued (one delayed drain per stream at a time).
 *
 * <p>Ownership: created by {@link GeyserService} per call, registered with the hub until it ends.
 */
public final class SubscribeStream implements StreamObserver<SubscribeRequest> {
  /** One queued update and when it was queued (for the lag fault). */
  private record Queued(SubscribeUpdate update, long queuedAtNanos) {}

  /** Lifecycle of a stream. */
  public enum State {
    /** Receiving events and requests. */
    OPEN,
    /** A terminal status is decided; the drain still has to deliver it (and, for OK, the queue). */
    ENDING,
    /** The terminal status was delivered or the client cancelled; nothing else happens. */
    CLOSED
  }

  private final ServerCallStreamObserver<SubscribeUpdate> out;
  private final EventHub hub;
  private final Executor drainExecutor;
  private final int capacity;
  private final Clock wallClock;
  private final StreamFaults faults;
  private final AtomicInteger wip = new AtomicInteger();

  private final Object lock = new Object();
  private State state = State.OPEN;
  /** Orthogonal to {@link #state}: while true nothing is queued or written (the stall fault). */
  private boolean stalled;
  /** Whether a lag-delayed drain is scheduled, so there is never more than one per stream. */
  private boolean delayedDrainPending;
  private FilterMatcher matcher = FilterMatcher.none();
  private CommitmentGate gate = newGate(FilterMatcher.none());
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  /** Queued replay updates not yet written, allowed on top of {@link #capacity}. */
  private int replayAllowance;
  private Status terminal;

  private SubscribeStream(
      ServerCallStreamObserver<SubscribeUpdate> out, EventHub hub, Executor drainExecutor,
      int capacity, Clock wallClock, StreamFaults faults) {
    this.out = out;
    this.hub = hub;
    this.drainExecutor = drainExecutor;
    this.capacity = capacity;
    this.wallClock = wallClock;
    this.faults = faults;
  }

  /** Wires a new stream to its call and the hub. Must run inside the service method. */
  public static SubscribeStream open(
      StreamObserver<SubscribeUpdate> responseObserver, EventHub hub, Executor drainExecutor,
      int capacity, Clock wallClock, StreamFaults faults) {
    ServerCallStreamObserver<SubscribeUpdate> out =
        (ServerCallStreamObserver<SubscribeUpdate>) responseObserver;
    SubscribeStream stream = new SubscribeStream(out, hub, drainExecutor, capacity, wallClock, faults);
    out.setOnReadyHandler(stream::scheduleDrain);
    out.setOnCancelHandler(stream::cancelled);
    hub.register(stream);
    return stream;
  }

  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Whether the stream is stalled now. */
  public boolean stalled() {
    synchronized (lock) {
      return stalled;
    }
  }

  /** Called by the hub, under its lock, for every event in order. Never blocks. */
  void offer(SimEvent event) {
    boolean schedule = false;
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      int before = queue.size();
      FilterMatcher m = matcher;
      gate.accept(event, released -> {
        for (SubscribeUpdate u : m.updates(released)) {
          enqueueLocked(u, false);
        }
      });
      schedule = queue.size() != before || state != State.OPEN;
    }
    if (schedule) {
      afterEnqueue();
    }
  }

  /**
   * Switches to {@code compiled} with a replay: {@code history} (the held events of slots ≥
   * from_slot, in emission order) runs through a fresh commitment gate and the new filters, then
   * live events continue through the same gate. Called by the hub under its lock, so no event is
   * published between the replay and the switch: nothing is missed or sent twice.
   */
  void replayAndSwitch(FilterMatcher compiled, List<SimEvent> history) {
    boolean schedule;
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      matcher = compiled;
      gate = newGate(compiled);
      int before = queue.size();
      for (SimEvent event : history) {
        gate.accept(event, released -> {
          for (SubscribeUpdate u : compiled.updates(released)) {
            enqueueLocked(u, true);
          }
        });
      }
      schedule = queue.size() != before || state != State.OPEN;
    }
    if (schedule) {
      afterEnqueue();
    }
  }

  /**
   * Stalls the stream: from now on it queues nothing (matching events, pings and pongs are skipped
   * and counted) and writes nothing, not even a terminal status, until {@link #resume()}. Returns
   * whether this call stalled it (false when it is not open or already stalled).
   */
  boolean stall() {
    synchronized (lock) {
      if (state != State.OPEN || stalled) {
        return false;
      }
      stalled = true;
      return true;
    }
  }

  /** Ends a stall: what is still queued (and a decided end) is written, live events queue again. */
  void resume() {
    synchronized (lock) {
      if (!stalled) {
        return;
      }
      stalled = false;
    }
    scheduleDrain();
  }

  /** Queues a ping or pong (no filters) unless the stream is ending. */
  void offerControl(SubscribeUpdate update) {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      enqueueLocked(update, false);
    }
    afterEnqueue();
  }

  /**
   * A request from the client. A request carrying only {@code ping} (no filter maps, commitment,
   * data slice or from_slot) is answered with a pong and keeps the filters; any other request
   * replaces the filters, commitment and data slice from the next event on (pending events of a
   * changed commitment are dropped). An invalid request ends the stream with INVALID_ARGUMENT,
   * as Yellowstone does. A request with {@code from_slot} first replays the held events of slots ≥
   * from_slot under the new filters, then continues live ({@link EventHub#replay}); a from_slot
   * older than the ring ends the stream with OUT_OF_RANGE. The pong of a request that carries a
   * ping comes after its replay.
   */
  /**
   * Limits a provider sets on top of the protocol's own (Yellowstone's filter_limits), which a
   * client cannot know in advance: how many pubkeys one accounts filter may list.
   */
  private static void checkProviderLimits(SubscribeRequest request, int maxAccounts) throws InvalidFilterException {
    if (maxAccounts <= 0) {
      return;
    }
    for (var e : request.getAccountsMap().entrySet()) {
      if (e.getValue().getAccountCount() > maxAccounts) {
        throw new InvalidFilterException("accounts filter '" + e.getKey() + "': has " + e.getValue().getAccountCount()
            + " accounts, but this provider allows at most " + maxAccounts);
      }
    }
  }

  @Override
  public void onNext(SubscribeRequest request) {
    if (!isPingOnly(request)) {
      FilterMatcher compiled;
      try {
        compiled = FilterMatcher.compile(request);
        checkProviderLimits(request, hub.config().maxAccountsPerFilter());
      } catch (InvalidFilterException e) {
        fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        return;
      }
      if (request.hasFromSlot() && hub.config().honorsFromSlot()) {
        Status refused = hub.replay(this, compiled, request.getFromSlot());
        if (refused != null) {
          fail(refused);
          return;
        }
      } else {
        switchTo(compiled);
      }
    }
    if (request.hasPing()) {
      offerControl(SubscribeUpdate.newBuilder()
          .setPong(SubscribeUpdatePong.newBuilder().setId(request.getPing().getId()))
          .setCreatedAt(now())
          .build());
    }
  }

  /** Replaces the filters from the next event on, keeping pending events unless the commitment changed. */
  private void switchTo(FilterMatcher compiled) {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      if (compiled.commitment() != matcher.commitment()) {
        gate = newGate(compiled);
      }
      matcher = compiled;
    }
  }

  /** The client cancelled or the call broke. */
  @Override
  public void onError(Throwable t) {
    cancelled();
  }

  /** The client half-closed: flush what is queued, then complete. */
  @Override
  public void onCompleted() {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      state = State.ENDING;
      terminal = Status.OK;
    }
    hub.unregister(this);
    scheduleDrain();
  }

  /** Ends the stream with {@code status}, dropping what is queued. */
  public void fail(Status status) {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      failLocked(status);
    }
    hub.unregister(this);
    scheduleDrain();
  }

  private void cancelled() {
    synchronized (lock) {
      state = State.CLOSED;
      queue.clear();
    }
    hub.unregister(this);
  }

  private void enqueueLocked(SubscribeUpdate update, boolean replay) {
    if (state != State.OPEN) {
      return;
    }
    if (stalled) {
      faults.skipped();
      return;
    }
    if (!replay && queue.size() >= capacity + replayAllowance) {
      failLocked(Status.RESOURCE_EXHAUSTED.withDescription(
          "client too slow: " + queue.size() + " updates queued"));
      return;
    }
    queue.addLast(new Queued(update, faults.nanoTime()));
    if (replay) {
      replayAllowance++;
    }
  }

  private void failLocked(Status status) {
    state = State.ENDING;
    terminal = status;
    queue.clear();
    replayAllowance = 0;
  }

  private void afterEnqueue() {
    boolean ending;
    synchronized (lock) {
      ending = state == State.ENDING;
    }
    if (ending) {
      hub.unregister(this);
    }
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (wip.getAndIncrement() == 0) {
      drainExecutor.execute(this::drainLoop);
    }
  }

  private void drainLoop() {
    int missed = 1;
    do {
      try {
        drainOnce();
      } catch (RuntimeException e) {
        cancelled(); // the call is gone (e.g. cancelled while writing)
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drainOnce() {
    while (true) {
      Queued next;
      Status end = null;
      synchronized (lock) {
        if (state == State.CLOSED || stalled) {
          return; // resume() schedules the next drain
        }
        if (state == State.ENDING && queue.isEmpty()) {
          state = State.CLOSED;
          end = terminal;
        }
        next = end == null ? queue.peekFirst() : null;
        if (end == null && next == null) {
          return;
        }
      }
      if (end != null) {
        if (end.isOk()) {
          out.onCompleted();
        } else {
          out.onError(end.asRuntimeException());
        }
        return;
      }
      long lag = faults.lagNanos();
      if (lag > 0) {
        long wait = next.queuedAtNanos() + lag - faults.nanoTime();
        if (wait > 0) {
          scheduleDelayedDrain(wait);
          return;
        }
      }
      if (!out.isReady()) {
        return; // the onReady handler schedules the next drain
      }
      synchronized (lock) {
        if (queue.peekFirst() != next || stalled) {
          continue; // dropped, failed or stalled meanwhile
        }
        queue.pollFirst();
        if (replayAllowance > 0) {
          replayAllowance--;
        }
      }
      out.onNext(next.update());
    }
  }

  /** Drains again once the head's lag has passed; at most one such timer per stream. */
  private void scheduleDelayedDrain(long delayNanos) {
    synchronized (lock) {
      if (delayedDrainPending) {
        return;
      }
      delayedDrainPending = true;
    }
    try {
      faults.delayer().schedule(() -> {
        synchronized (lock) {
          delayedDrainPending = false;
        }
        scheduleDrain();
      }, delayNanos);
    } catch (RejectedExecutionException e) {
      synchronized (lock) {
        delayedDrainPending = false; // shutting down: the stream is being ended anyway
      }
    }
  }

  private static boolean isPingOnly(SubscribeRequest r) {
    return r.hasPing()
        && r.getAccountsCount() == 0
        && r.getSlotsCount() == 0
        && r.getTransactionsCount() == 0
        && r.getTransactionsStatusCount() == 0
        && r.getBlocksCount() == 0
        && r.getBlocksMetaCount() == 0
        && r.getEntryCount() == 0
        && r.getBlockFooterCount() == 0
        && r.getAccountsDataSliceCount() == 0
        && !r.hasCommitment()
        && !r.hasFromSlot();
  }

  private static CommitmentGate newGate(FilterMatcher m) {
    return new CommitmentGate(m.commitment(), SimulatorConfig.FINALIZATION_DEPTH + 2);
  }

  private Timestamp now() {
    Instant i = wallClock.instant();
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
