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
import java.util.concurrent.Executor;
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
 * ends with RESOURCE_EXHAUSTED, so a slow client never grows memory or blocks the hub.
 *
 * <p>Ownership: created by {@link GeyserService} per call, registered with the hub until it ends.
 */
public final class SubscribeStream implements StreamObserver<SubscribeRequest> {
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
  private final AtomicInteger wip = new AtomicInteger();

  private final Object lock = new Object();
  private State state = State.OPEN;
  private FilterMatcher matcher = FilterMatcher.none();
  private CommitmentGate gate = newGate(FilterMatcher.none());
  private final ArrayDeque<SubscribeUpdate> queue = new ArrayDeque<>();
  private Status terminal;

  private SubscribeStream(
      ServerCallStreamObserver<SubscribeUpdate> out, EventHub hub, Executor drainExecutor,
      int capacity, Clock wallClock) {
    this.out = out;
    this.hub = hub;
    this.drainExecutor = drainExecutor;
    this.capacity = capacity;
    this.wallClock = wallClock;
  }

  /** Wires a new stream to its call and the hub. Must run inside the service method. */
  public static SubscribeStream open(
      StreamObserver<SubscribeUpdate> responseObserver, EventHub hub, Executor drainExecutor,
      int capacity, Clock wallClock) {
    ServerCallStreamObserver<SubscribeUpdate> out =
        (ServerCallStreamObserver<SubscribeUpdate>) responseObserver;
    SubscribeStream stream = new SubscribeStream(out, hub, drainExecutor, capacity, wallClock);
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
          enqueueLocked(u);
        }
      });
      schedule = queue.size() != before || state != State.OPEN;
    }
    if (schedule) {
      afterEnqueue();
    }
  }

  /** Queues a ping or pong (no filters) unless the stream is ending. */
  void offerControl(SubscribeUpdate update) {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      enqueueLocked(update);
    }
    afterEnqueue();
  }

  /**
   * A request from the client. A request carrying only {@code ping} (no filter maps, commitment,
   * data slice or from_slot) is answered with a pong and keeps the filters; any other request
   * replaces the filters, commitment and data slice from the next event on (pending events of a
   * changed commitment are dropped). An invalid request ends the stream with INVALID_ARGUMENT,
   * as Yellowstone does. {@code from_slot} is accepted and ignored (no replay yet).
   */
  @Override
  public void onNext(SubscribeRequest request) {
    if (!isPingOnly(request)) {
      FilterMatcher compiled;
      try {
        compiled = FilterMatcher.compile(request);
      } catch (InvalidFilterException e) {
        fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        return;
      }
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
    if (request.hasPing()) {
      offerControl(SubscribeUpdate.newBuilder()
          .setPong(SubscribeUpdatePong.newBuilder().setId(request.getPing().getId()))
          .setCreatedAt(now())
          .build());
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

  private void enqueueLocked(SubscribeUpdate update) {
    if (state != State.OPEN) {
      return;
    }
    if (queue.size() >= capacity) {
      failLocked(Status.RESOURCE_EXHAUSTED.withDescription(
          "client too slow: " + queue.size() + " updates queued"));
      return;
    }
    queue.addLast(update);
  }

  private void failLocked(Status status) {
    state = State.ENDING;
    terminal = status;
    queue.clear();
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
      SubscribeUpdate next;
      Status end = null;
      synchronized (lock) {
        if (state == State.CLOSED) {
          return;
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
      if (!out.isReady()) {
        return; // the onReady handler schedules the next drain
      }
      synchronized (lock) {
        if (queue.peekFirst() != next) {
          continue; // dropped or failed meanwhile
        }
        queue.pollFirst();
      }
      out.onNext(next);
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
