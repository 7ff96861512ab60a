package dev.geyserpool.gateway.upstream;

import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateSlot;
import dev.geyserpool.wire.UpdateIdentity;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One Yellowstone {@code Subscribe} call: sends the stream's merged filters, hands each update to
 * a {@link Listener} with a {@link Receipt}, and keeps two accounts of what it handed out.
 *
 * <ul>
 *   <li><b>Read-ahead.</b> It asks gRPC for the next message only while fewer than its window of
 *       updates, and fewer than its byte bound, are unreleased, so a slow Kafka slows the reads
 *       through HTTP/2 flow control instead of growing memory (a block stream's window of 1024
 *       updates could otherwise hold gigabytes).
 *   <li><b>Resume point.</b> {@link #resumePoint()} is the slot this call's stream may resume from
 *       without losing anything: the last complete slot (from the gateway's own slots filter), but
 *       never past the lowest slot holding an update Kafka has not acknowledged yet. A failed
 *       publish keeps its slot there for good, so the stream resumes from it.
 * </ul>
 *
 * <p>Threading: {@link #start}, {@link #send}, {@link #ping} and {@link #cancel} must be called
 * from one thread at a time (the owner's serialized executor); listener callbacks arrive on gRPC
 * threads; receipts may be settled from any thread, each once.
 */
public final class SubscribeStream {
  /** At most this many messages are asked of gRPC ahead of their arrival. */
  private static final int PREFETCH = 16;
  /**
   * How many slots the resume point stays behind the last complete slot. At processed commitment a
   * validator replays forks side by side: a slot's status can arrive before the updates of an
   * earlier slot on a sibling fork, and a block or block meta after later statuses. The dedup
   * absorbs the overlap this costs.
   */
  public static final long REORDER_DEPTH_SLOTS = 4;

  /** Slots below the resume point whose first-seen times are kept (a resume point may move back). */
  private static final long FIRST_SEEN_KEPT_BELOW = 1_000;

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
    /** An update (never a ping or pong). Settle its receipt once, from any thread. */
    void onUpdate(SubscribeStream stream, RawUpdate update, Receipt receipt);

    /**
     * The stream skipped slots: a slot arrived whose parent is newer than the last slot seen.
     * The updates of the missing slots were never delivered on this call; resume from
     * {@code lastContiguousSlot}. Reported once per call.
     */
    default void onSlotsSkipped(SubscribeStream stream, long lastContiguousSlot, long parentSeen) {}

    /**
     * A call started with {@code from_slot} began past it: its first slot's parent is
     * {@code parentSeen} ≥ from_slot, so slots {@code fromSlot..parentSeen} will not come (the
     * provider ignores from_slot or no longer holds them). Reported once, instead of
     * {@link #onSlotsSkipped}; the call goes on from there.
     */
    default void onResumedPastFromSlot(SubscribeStream stream, long fromSlot, long parentSeen) {}

    /** Kafka refused an update of this call: it must be ended and resumed. Reported once per call. */
    default void onPublishFailed(SubscribeStream stream, Exception cause) {}

    /** The stream ended; {@code status} is OK when it was cancelled by us or completed. */
    void onClosed(SubscribeStream stream, Status status);
  }

  /** Where a stream may resume: from {@code slot} (inclusive); 0 when nothing is known. */
  public record ResumePoint(long slot, long firstSeenAtEpochMillis) {
    public static final ResumePoint NONE = new ResumePoint(0, 0);
  }

  private final String id;
  private final Channel channel;
  private final Listener listener;
  private final int window;
  private final long maxUnreleasedBytes;
  private final MethodDescriptor<SubscribeRequest, RawUpdate> method;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicInteger pingIds = new AtomicInteger();
  private final AtomicLong updatesReceived = new AtomicLong();
  private final AtomicLong lastSlot = new AtomicLong();
  /** The last slot whose status arrived with no slot missing before it; 0 before the first. */
  private final AtomicLong lastContiguousSlot = new AtomicLong();
  private volatile boolean skipped;
  /** For a call started with from_slot: its first slot status is still to come. */
  private volatile long awaitingFirstStatusFrom;
  /** The from_slot the call started with, 0 for live: it resumes from there at the earliest. */
  private volatile long startedFromSlot;
  private volatile long startedFromSlotRequested;
  /** The slot of the first data update, for a live call that has seen no slot status yet. */
  private final AtomicLong firstDataSlot = new AtomicLong();
  /** For a live call: a slot known to be current when it started, the resume point until data arrives. */
  private volatile long baselineSlot;
  private final AtomicLong lastDataAtNanos = new AtomicLong();
  private final AtomicLong lastPongAtNanos = new AtomicLong();
  private final LongSupplier ticker;
  private final AtomicBoolean publishFailed = new AtomicBoolean();
  private volatile ClientCallStreamObserver<SubscribeRequest> requests;
  private SubscribeRequest current;

  // Read-ahead and settlement accounts, guarded by `this`.
  private int requested;
  private int unreleased;
  private long unreleasedBytes;
  /** A running mean of update sizes: how many more fit under the byte bound. */
  private long meanUpdateBytes = 1024;
  /** Per slot, updates handed out and not yet settled (Kafka has not acknowledged them). */
  private final TreeMap<Long, Integer> unsettledBySlot = new TreeMap<>();
  /** Per slot, when its first update arrived (epoch millis), for slots not below the resume point. */
  private final TreeMap<Long, Long> firstSeenBySlot = new TreeMap<>();

  /**
   * @param id a name for logs and stats
   * @param channel an authenticated channel to the endpoint
   * @param window how many updates may be unreleased at once (the read-ahead bound)
   * @param maxUnreleasedBytes how many bytes of updates may be unreleased before reads pause (what
   *     is asked of gRPC ahead counts at the mean update size); one update larger than this is
   *     still read when nothing else is held
   */
  public SubscribeStream(String id, Channel channel, int window, long maxUnreleasedBytes, Clock clock,
      LongSupplier ticker, Listener listener) {
    if (window < 1) {
      throw new IllegalArgumentException("stream window is " + window + ", but must be at least 1");
    }
    if (maxUnreleasedBytes < 1) {
      throw new IllegalArgumentException("stream byte bound is " + maxUnreleasedBytes + ", but must be positive");
    }
    this.id = Objects.requireNonNull(id);
    this.channel = Objects.requireNonNull(channel);
    this.listener = Objects.requireNonNull(listener);
    this.window = window;
    this.maxUnreleasedBytes = maxUnreleasedBytes;
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

  /** The last slot whose status arrived with nothing missing before it; 0 before the first. */
  public long lastContiguousSlot() {
    return lastContiguousSlot.get();
  }

  /**
   * Where this call's stream may resume from without losing anything: the last slot whose status
   * arrived with no slot missing before it, less {@link #REORDER_DEPTH_SLOTS} (a call started with
   * from_slot S resumes from S at the earliest),
   * or for a live call before any slot status the slot of its first update, or before any update
   * its baseline; but never past the lowest slot with an update Kafka has not acknowledged.
   */
  public ResumePoint resumePoint() {
    long contiguous = lastContiguousSlot.get();
    long first = firstDataSlot.get();
    long received = contiguous > 0 ? Math.max(contiguous - REORDER_DEPTH_SLOTS, startedFromSlot)
        : first > 0 ? first : baselineSlot;
    synchronized (this) {
      long slot = unsettledBySlot.isEmpty() ? received : Math.min(received, unsettledBySlot.firstKey());
      if (slot <= 0) {
        return ResumePoint.NONE;
      }
      // Kept a little below the resume point: a late update may move it back.
      firstSeenBySlot.headMap(slot - FIRST_SEEN_KEPT_BELOW).clear();
      long seenAt = firstSeenBySlot.tailMap(slot).values().stream().mapToLong(Long::longValue).min().orElse(0);
      return new ResumePoint(slot, seenAt);
    }
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

  /**
   * Whether reads are paused because the window or the byte bound is full: silence from the server
   * is then ours, not a stall (pings and pongs wait behind the unread updates).
   */
  public synchronized boolean backpressured() {
    return unreleased >= window || unreleasedBytes >= maxUnreleasedBytes;
  }

  /** Updates handed out and not yet settled. */
  public synchronized int unsettled() {
    return unsettledBySlot.values().stream().mapToInt(Integer::intValue).sum();
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
      awaitingFirstStatusFrom = request.getFromSlot();
      startedFromSlot = request.getFromSlot();
      startedFromSlotRequested = request.getFromSlot();
    }
    ClientCalls.asyncBidiStreamingCall(
        channel.newCall(method, CallOptions.DEFAULT), new Observer());
    send(request);
    // Later requests on this call (pings, filter changes) must not ask for the replay again: a
    // provider treats every request as the whole subscription, from_slot included.
    current = request.toBuilder().clearFromSlot().build();
    refill();
  }

  /** The from_slot this call started with, 0 for a live call. */
  public long requestedFromSlot() {
    return startedFromSlotRequested;
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

  /** Asks gRPC for as many messages as the window, the byte bound and the prefetch allow. */
  private void refill() {
    int ask;
    synchronized (this) {
      ask = 0;
      while (requested < PREFETCH && requested + unreleased < window
          && (unreleasedBytes + (requested + 1) * meanUpdateBytes <= maxUnreleasedBytes
              || (unreleased == 0 && requested == 0))) {
        requested++;
        ask++;
      }
    }
    ClientCallStreamObserver<SubscribeRequest> out = requests;
    if (ask > 0 && out != null) {
      out.request(ask);
    }
  }

  /** This call's {@link Receipt}: settling it updates the call's read-ahead and resume accounts. */
  private final class CallReceipt implements Receipt {
    private final long slot;
    private final int bytes;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();

    private CallReceipt(long slot, int bytes) {
      this.slot = slot;
      this.bytes = bytes;
    }

    @Override
    public long slot() {
      return slot;
    }

    @Override
    public Object source() {
      return SubscribeStream.this;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        synchronized (SubscribeStream.this) {
          unreleased--;
          unreleasedBytes -= bytes;
        }
        refill();
      }
    }

    @Override
    public void settled() {
      if (settled.compareAndSet(false, true) && slot > 0) {
        synchronized (SubscribeStream.this) {
          unsettledBySlot.computeIfPresent(slot, (s, n) -> n == 1 ? null : n - 1);
        }
      }
      release();
    }

    @Override
    public void failed(Exception cause) {
      if (settled.compareAndSet(false, true) && publishFailed.compareAndSet(false, true)) {
        listener.onPublishFailed(SubscribeStream.this, cause);
      }
      release();
    }
  }

  private final class Observer implements ClientResponseObserver<SubscribeRequest, RawUpdate> {
    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      requests = requestStream;
      requestStream.disableAutoRequestWithInitial(0);
    }

    @Override
    public void onNext(RawUpdate update) {
      synchronized (SubscribeStream.this) {
        requested--;
      }
      SubscribeUpdate.UpdateOneofCase kind = update.message().getUpdateOneofCase();
      if (kind == SubscribeUpdate.UpdateOneofCase.PING || kind == SubscribeUpdate.UpdateOneofCase.PONG) {
        lastPongAtNanos.set(ticker.getAsLong());
        refill();
        return;
      }
      state.compareAndSet(State.STARTED, State.STREAMING);
      if (kind == SubscribeUpdate.UpdateOneofCase.SLOT
          && update.message().getFiltersList().contains(SubscriptionMerger.POOL_SLOTS_FILTER)) {
        trackContinuity(update.message().getSlot());
      }
      updatesReceived.incrementAndGet();
      lastDataAtNanos.set(ticker.getAsLong());
      long slot = UpdateIdentity.slotOf(update.message());
      lastSlot.accumulateAndGet(slot, Math::max);
      if (slot > 0) {
        firstDataSlot.compareAndSet(0, slot);
      }
      Receipt receipt = new CallReceipt(slot, update.wire().length);
      synchronized (SubscribeStream.this) {
        unreleased++;
        unreleasedBytes += update.wire().length;
        meanUpdateBytes = Math.max(1, (meanUpdateBytes * 7 + update.wire().length) / 8);
        if (slot > 0) {
          unsettledBySlot.merge(slot, 1, Integer::sum);
          firstSeenBySlot.putIfAbsent(slot, update.receivedAtMicros() / 1000);
        }
      }
      listener.onUpdate(SubscribeStream.this, update, receipt);
      refill();
    }

    private void trackContinuity(SubscribeUpdateSlot slot) {
      if (skipped) {
        return;
      }
      long from = awaitingFirstStatusFrom;
      if (from > 0) {
        awaitingFirstStatusFrom = 0;
        if (slot.getSlot() > from && slot.hasParent() && slot.getParent() >= from) {
          // The first slot of a resumed call is past from_slot: those slots are not coming.
          lastContiguousSlot.set(slot.getSlot());
          listener.onResumedPastFromSlot(SubscribeStream.this, from, slot.getParent());
          return;
        }
        if (slot.getSlot() < from - 1) {
          // from_slot lies ahead of the provider (it streams live until then): nothing before
          // from_slot was seen, so the resume point must not claim it.
          startedFromSlot = 0;
          lastContiguousSlot.set(slot.getSlot());
          return;
        }
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

  /** For tests: the per-slot unsettled counts. */
  synchronized Map<Long, Integer> unsettledBySlot() {
    return Map.copyOf(unsettledBySlot);
  }
}
