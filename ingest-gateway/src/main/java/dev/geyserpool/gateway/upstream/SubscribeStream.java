package dev.geyserpool.gateway.upstream;

import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Yellowstone {@code Subscribe} call: sends the stream's merged filters, hands each update to
 * a {@link Listener} and reads the next one only when the listener releases a slot, so a slow
 * Kafka slows the reads through HTTP/2 flow control instead of growing memory.
 *
 * <p>Threading: {@link #start}, {@link #send}, {@link #ping} and {@link #cancel} must be called
 * from one thread at a time (the owner's serialized executor); listener callbacks arrive on gRPC
 * threads; {@code release} runnables may be called from any thread, each exactly once.
 */
public final class SubscribeStream {
  /** The states of a stream. */
  public enum State {
    /** Created, call not started. */
    NEW,
    /** Call started, request sent, no update received yet. */
    STARTED,
    /** At least one update received. */
    STREAMING,
    /** Ended by the server or the transport with an error. */
    FAILED,
    /** Ended by us or completed by the server. */
    CLOSED
  }

  /** Receives a stream's updates and its end. */
  public interface Listener {
    /**
     * An update (never a ping or pong). Call {@code release} once when it is handled, from any
     * thread; the stream reads ahead at most its window of unreleased updates.
     */
    void onUpdate(SubscribeStream stream, RawUpdate update, Runnable release);

    /**
     * The stream skipped slots: a slot arrived whose parent is newer than the last slot seen.
     * The updates of the missing slots were never delivered on this call; resume from
     * {@code lastContiguousSlot}. Reported once per call.
     */
    default void onSlotsSkipped(SubscribeStream stream, long lastContiguousSlot, long parentSeen) {}

    /** The stream ended; {@code status} is OK when it was cancelled by us or completed. */
    void onClosed(SubscribeStream stream, Status status);
  }

  private final String id;
  private final Channel channel;
  private final Listener listener;
  private final int window;
  private final MethodDescriptor<SubscribeRequest, RawUpdate> method;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicInteger pingIds = new AtomicInteger();
  private final AtomicLong updatesReceived = new AtomicLong();
  private final AtomicLong lastSlot = new AtomicLong();
  /** The last slot whose status arrived with no slot missing before it; 0 before the first. */
  private final AtomicLong lastContiguousSlot = new AtomicLong();
  private volatile boolean skipped;
  /** The slot of the first data update, for a live call that has seen no slot status yet. */
  private final AtomicLong firstDataSlot = new AtomicLong();
  /** For a live call: a slot known to be current when it started, the resume point until data arrives. */
  private volatile long baselineSlot;
  private final AtomicLong lastDataAtNanos = new AtomicLong();
  private final AtomicLong lastPongAtNanos = new AtomicLong();
  private final java.util.function.LongSupplier ticker;
  private volatile ClientCallStreamObserver<SubscribeRequest> requests;
  private SubscribeRequest current;

  /**
   * @param id a name for logs and stats
   * @param channel an authenticated channel to the endpoint
   * @param window how many updates may be unreleased at once (the read-ahead bound)
   */
  public SubscribeStream(
      String id, Channel channel, int window, Clock clock, java.util.function.LongSupplier ticker, Listener listener) {
    if (window < 1) {
      throw new IllegalArgumentException("stream window is " + window + ", but must be at least 1");
    }
    this.id = Objects.requireNonNull(id);
    this.channel = Objects.requireNonNull(channel);
    this.listener = Objects.requireNonNull(listener);
    this.window = window;
    this.ticker = ticker;
    long now = ticker.getAsLong();
    this.lastDataAtNanos.set(now);
    this.lastPongAtNanos.set(now);
    this.method =
        GeyserGrpc.getSubscribeMethod()
            .toBuilder(
                ProtoUtils.marshaller(SubscribeRequest.getDefaultInstance()),
                new RawUpdateMarshaller(clock))
            .build();
  }

  public String id() {
    return id;
  }

  public State state() {
    return state.get();
  }

  public long updatesReceived() {
    return updatesReceived.get();
  }

  /** The highest slot seen on this stream, 0 before the first update. */
  public long lastSlot() {
    return lastSlot.get();
  }

  /**
   * Where this stream may resume from without losing anything: the last slot whose status
   * arrived with no slot missing before it (from the gateway's own slots filter; a call started
   * with from_slot S counts S−1 as seen), or, for a live call before any slot status, the slot of
   * its first update, or before any update, its baseline.
   */
  public long resumeSlot() {
    long contiguous = lastContiguousSlot.get();
    if (contiguous > 0) {
      return contiguous;
    }
    long first = firstDataSlot.get();
    return first > 0 ? first : baselineSlot;
  }

  /**
   * For a live call: a slot that was current when it started. If the call fails before anything
   * arrives (stalled from the start), it resumes from here instead of live, so the events of its
   * short life are replayed, not lost.
   */
  public void baselineSlot(long slot) {
    this.baselineSlot = slot;
  }

  /** When the last update (not ping or pong) arrived, on the injected monotonic ticker. */
  public long lastDataAtNanos() {
    return lastDataAtNanos.get();
  }

  /** When the server last showed it is alive (a ping or a pong), on the injected ticker. */
  public long lastPongAtNanos() {
    return lastPongAtNanos.get();
  }

  /** The filters last sent. */
  public SubscribeRequest currentRequest() {
    return current;
  }

  /** Starts the call and sends the first request. */
  public void start(SubscribeRequest request) {
    if (!state.compareAndSet(State.NEW, State.STARTED)) {
      throw new IllegalStateException("stream " + id + " cannot start: it is " + state.get());
    }
    if (request.hasFromSlot() && request.getFromSlot() > 1) {
      // A resumed call must see the status of from_slot itself next: anything else is a skip.
      lastContiguousSlot.set(request.getFromSlot() - 1);
    }
    ClientCalls.asyncBidiStreamingCall(
        channel.newCall(method, CallOptions.DEFAULT), new Observer());
    send(request);
  }

  /** Replaces the stream's filters: Yellowstone applies a new request on an open stream. */
  public void send(SubscribeRequest request) {
    current = request;
    ClientCallStreamObserver<SubscribeRequest> out = requests;
    if (out != null && isOpen()) {
      out.onNext(request);
    }
  }

  /**
   * Sends a ping carrying the current filters, so that a server that treats every request as a
   * filter update keeps them; the server answers with a pong.
   */
  public void ping() {
    if (current != null) {
      send(current.toBuilder().setPing(SubscribeRequestPing.newBuilder().setId(pingIds.incrementAndGet())).build());
      current = current.toBuilder().clearPing().build();
    }
  }

  /** Ends the call; the listener hears {@link Listener#onClosed} with OK. */
  public void cancel(String reason) {
    State before = state.getAndUpdate(s -> s == State.FAILED ? s : State.CLOSED);
    ClientCallStreamObserver<SubscribeRequest> out = requests;
    if (out != null && before != State.CLOSED && before != State.FAILED) {
      out.cancel(reason, null);
    }
  }

  private boolean isOpen() {
    State s = state.get();
    return s == State.STARTED || s == State.STREAMING;
  }

  private final class Observer implements ClientResponseObserver<SubscribeRequest, RawUpdate> {
    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      requests = requestStream;
      requestStream.disableAutoRequestWithInitial(window);
    }

    @Override
    public void onNext(RawUpdate update) {
      ClientCallStreamObserver<SubscribeRequest> out = requests;
      SubscribeUpdate.UpdateOneofCase kind = update.message().getUpdateOneofCase();
      if (kind == SubscribeUpdate.UpdateOneofCase.PING || kind == SubscribeUpdate.UpdateOneofCase.PONG) {
        lastPongAtNanos.set(ticker.getAsLong());
        out.request(1);
        return;
      }
      state.compareAndSet(State.STARTED, State.STREAMING);
      if (kind == SubscribeUpdate.UpdateOneofCase.SLOT
          && update.message().getFiltersList().contains(dev.geyserpool.gateway.subscription.SubscriptionMerger.POOL_SLOTS_FILTER)) {
        trackContinuity(update.message().getSlot());
      }
      updatesReceived.incrementAndGet();
      lastDataAtNanos.set(ticker.getAsLong());
      long slot = dev.geyserpool.wire.UpdateIdentity.slotOf(update.message());
      lastSlot.accumulateAndGet(slot, Math::max);
      if (slot > 0) {
        firstDataSlot.compareAndSet(0, slot);
      }
      listener.onUpdate(SubscribeStream.this, update, new Release(out));
    }

    private void trackContinuity(dev.geyserpool.proto.geyser.SubscribeUpdateSlot slot) {
      if (skipped) {
        return;
      }
      long last = lastContiguousSlot.get();
      if (last == 0 || !slot.hasParent() || slot.getParent() <= last) {
        lastContiguousSlot.set(Math.max(last, slot.getSlot()));
        return;
      }
      skipped = true;
      listener.onSlotsSkipped(SubscribeStream.this, last, slot.getParent());
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      State before = state.getAndUpdate(s -> s == State.CLOSED ? s : State.FAILED);
      listener.onClosed(SubscribeStream.this, before == State.CLOSED ? Status.OK : status);
    }

    @Override
    public void onCompleted() {
      state.set(State.CLOSED);
      listener.onClosed(SubscribeStream.this, Status.OK);
    }
  }

  /** Asks for one more update, exactly once. */
  private static final class Release implements Runnable {
    private final ClientCallStreamObserver<SubscribeRequest> out;
    private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

    Release(ClientCallStreamObserver<SubscribeRequest> out) {
      this.out = out;
    }

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) {
        out.request(1);
      }
    }
  }
}
