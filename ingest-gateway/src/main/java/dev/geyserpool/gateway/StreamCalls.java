package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.CallProgress;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.FailureKind;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.UpstreamConnection;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoResponse;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.wire.UpdateIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Subscribe calls, by stream slot and generation: opening them (replay info,
 * baseline, resume, gap detection), reporting what each saw to the pool, and turning how they end
 * (a gRPC status, skipped slots, a refused publish) into the pool's failure kinds.
 *
 * <p>Threading: every method runs on the gateway's control thread; call listeners run on gRPC
 * threads and post back to it through {@link Host#onControl}.
 */
final class StreamCalls {
  private static final Logger log = LoggerFactory.getLogger(StreamCalls.class);
  private static final Pattern NAMED_FILTER = Pattern.compile("([a-z0-9][a-z0-9._-]{0,63})/[A-Za-z0-9._-]+");

  /** What the calls need of the gateway around them. */
  interface Host {
    ConnectionPool pool();

    /** The merged request of these monitors' declarations. */
    SubscribeRequest mergedRequest(Set<String> monitors);

    /** Runs {@code action} on the control thread soon (then applies what the pool decided). */
    void onControl(Runnable action);

    /** Slots {@code from..to} of {@code o}'s stream will not be delivered. */
    void reportGap(PoolAction.OpenStream o, long from, long to, String reason);

    /** The provider rejected this monitor's filters: it is no longer declared. */
    void monitorRejected(String monitorId);

    /** Whether {@code conn} is still the pool's connection of its id. */
    boolean isCurrent(UpstreamConnection conn);

    boolean stopping();
  }

  private final GatewayConfig config;
  private final UpdateRouter router;
  private final Host host;
  private final Map<String, Map<Integer, SubscribeStream>> calls = new HashMap<>();
  /** The highest slot any call has seen: the baseline of new live calls. */
  private final AtomicLong highestSlotSeen = new AtomicLong();

  StreamCalls(GatewayConfig config, UpdateRouter router, Host host) {
    this.config = config;
    this.router = router;
    this.host = host;
  }

  private long now() {
    return config.ticker().getAsLong();
  }

  /** What a call saw, for the pool. */
  static CallProgress progress(SubscribeStream s) {
    return new CallProgress(s.lastDataAtNanos(), s.lastPongAtNanos(), s.resumePoint().slot(), s.lastContiguousSlot(),
        s.backpressured());
  }

  /** Reports every call's progress to the pool. */
  void observeAll(long nowNanos) {
    for (Map.Entry<String, Map<Integer, SubscribeStream>> e : calls.entrySet()) {
      for (Map.Entry<Integer, SubscribeStream> call : e.getValue().entrySet()) {
        SubscribeStream s = call.getValue();
        highestSlotSeen.accumulateAndGet(s.lastSlot(), Math::max);
        host.pool().observe(e.getKey(), call.getKey(), progress(s), nowNanos);
      }
    }
  }

  /** The call of a slot's generation, or null. */
  SubscribeStream call(String slotId, int generation) {
    return calls.getOrDefault(slotId, Map.of()).get(generation);
  }

  /** Re-sends a slot's merged filters on its open call(s). */
  void send(String slotId, SubscribeRequest request) {
    calls.getOrDefault(slotId, Map.of()).values().forEach(call -> call.send(request));
  }

  /** Pings a slot's open call(s). */
  void ping(String slotId) {
    calls.getOrDefault(slotId, Map.of()).values().forEach(SubscribeStream::ping);
  }

  /** Ends one call of a slot (ours: no failure is reported for it). */
  void close(String slotId, int generation, String reason) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    SubscribeStream call = byGen == null ? null : byGen.remove(generation);
    if (call != null) {
      call.cancel(reason);
    }
    if (byGen != null && byGen.isEmpty()) {
      calls.remove(slotId);
    }
  }

  /** Ends every call. */
  void cancelAll(String reason) {
    calls.values().forEach(byGen -> byGen.values().forEach(c -> c.cancel(reason)));
    calls.clear();
  }

  /**
   * Opens a call for {@code o} on {@code conn}: live with a baseline, or resuming from its
   * from_slot once SubscribeReplayInfo says the provider still holds it (else the gap is reported
   * and the call starts at the first slot held).
   */
  void open(PoolAction.OpenStream o, UpstreamConnection conn) {
    if (!isCurrent(o, conn)) {
      return;
    }
    if (o.fromSlot() <= 0) {
      startLive(o, conn, o.gapFromSlot());
      return;
    }
    // Resuming: check what the provider still holds before asking for from_slot.
    GeyserGrpc.newStub(conn.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance(), new StreamObserver<>() {
          private SubscribeReplayInfoResponse response;

          @Override
          public void onNext(SubscribeReplayInfoResponse value) {
            response = value;
          }

          @Override
          public void onError(Throwable t) {
            // A provider without replay info: ask for from_slot; a refusal (OUT_OF_RANGE) or a
            // first slot past it reports the gap.
            host.onControl(() -> startCall(o, conn, o.fromSlot(), 0));
          }

          @Override
          public void onCompleted() {
            host.onControl(() -> {
              if (response == null || !response.hasFirstAvailable()) {
                // It keeps no replay buffer: start live and report the gap at the first update.
                startCall(o, conn, 0, o.fromSlot());
              } else if (o.fromSlot() < response.getFirstAvailable() && isSuccessor(o)) {
                // A make-before-break successor: the call it replaces delivered those slots.
                startCall(o, conn, response.getFirstAvailable(), 0);
              } else if (o.fromSlot() < response.getFirstAvailable()) {
                host.reportGap(o, o.fromSlot(), response.getFirstAvailable() - 1,
                    "provider keeps slots from " + response.getFirstAvailable() + " only");
                startCall(o, conn, response.getFirstAvailable(), 0);
              } else {
                startCall(o, conn, o.fromSlot(), 0);
              }
            });
          }
        });
  }

  private boolean isSuccessor(PoolAction.OpenStream o) {
    StreamSlot slot = host.pool().slots().get(o.slotId());
    return slot != null && o.generation() == slot.successorGeneration();
  }

  private boolean isCurrent(PoolAction.OpenStream o, UpstreamConnection conn) {
    StreamSlot slot = host.pool().slots().get(o.slotId());
    return !host.stopping() && slot != null && slot.wants(o.generation(), o.connectionId()) && host.isCurrent(conn);
  }

  /**
   * Starts a live call with a baseline: the highest slot seen so far, or, before any stream has
   * seen one, the provider's current slot. A call that fails before its first update then
   * resumes from there instead of losing its first moments.
   */
  private void startLive(PoolAction.OpenStream o, UpstreamConnection conn, long gapFrom) {
    long known = highestSlotSeen.get();
    if (known > 0) {
      startCall(o, conn, 0, gapFrom).ifPresent(call -> call.baselineSlot(Math.max(1, known - 1)));
      return;
    }
    GeyserGrpc.newStub(conn.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getSlot(dev.geyserpool.proto.geyser.GetSlotRequest.getDefaultInstance(), new StreamObserver<>() {
          private long slot;

          @Override
          public void onNext(dev.geyserpool.proto.geyser.GetSlotResponse value) {
            slot = value.getSlot();
          }

          @Override
          public void onError(Throwable t) {
            host.onControl(() -> startCall(o, conn, 0, gapFrom));
          }

          @Override
          public void onCompleted() {
            host.onControl(() -> startCall(o, conn, 0, gapFrom).ifPresent(call -> call.baselineSlot(slot)));
          }
        });
  }

  /**
   * @param fromSlot 0 for live
   * @param gapFrom when positive, the first update's slot closes a gap that starts here
   */
  private Optional<SubscribeStream> startCall(PoolAction.OpenStream o, UpstreamConnection conn, long fromSlot, long gapFrom) {
    if (!isCurrent(o, conn)) {
      return Optional.empty();
    }
    Set<String> monitors = host.pool().monitorsOf(o.slotId());
    SubscribeRequest.Builder request = host.mergedRequest(monitors).toBuilder();
    if (fromSlot > 0) {
      request.setFromSlot(fromSlot);
    }
    String slotId = o.slotId();
    int generation = o.generation();
    AtomicLong pendingGap = new AtomicLong(gapFrom);
    SubscribeStream call = new SubscribeStream(slotId + "#" + generation, conn.channel(), config.streamWindow(),
        config.streamWindowBytes(), config.clock(), config.ticker(), new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream stream, RawUpdate update, Receipt receipt) {
            long from = pendingGap.get();
            if (from > 0 && pendingGap.compareAndSet(from, 0)) {
              long first = UpdateIdentity.slotOf(update.message());
              if (first >= from) {
                // A live call joins its first slot midway: that slot is part of the gap too.
                host.onControl(() -> host.reportGap(o, from, first,
                    "started live: slots from " + from + " were not replayed"));
              }
            }
            router.onUpdate(update, receipt);
          }

          @Override
          public void onSlotsSkipped(SubscribeStream stream, long lastContiguous, long parentSeen) {
            // The call lost updates (a stalled or lossy path): replace it, resuming from the
            // last complete slot; the replayed overlap is deduplicated.
            host.onControl(() -> endCall(slotId, generation, stream, StreamFailure.RETRYABLE,
                "skipped slots " + (lastContiguous + 1) + ".." + parentSeen));
          }

          @Override
          public void onResumedPastFromSlot(SubscribeStream stream, long requested, long parentSeen) {
            host.onControl(() -> host.reportGap(o, requested, parentSeen,
                "provider started past from_slot " + requested + " (first slot's parent " + parentSeen + ")"));
          }

          @Override
          public void onPublishFailed(SubscribeStream stream, Exception cause) {
            host.onControl(() -> endCall(slotId, generation, stream, StreamFailure.RETRYABLE,
                "Kafka refused an update: " + cause));
          }

          @Override
          public void onClosed(SubscribeStream stream, Status status) {
            // grpc-java's own words when a message is over maxInboundMessageSize (a provider's
            // RESOURCE_EXHAUSTED for its limits is retried like any other failure).
            if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
                && status.getDescription().contains("exceeds maximum size")) {
              host.onControl(() -> skipOversize(o, stream, status));
            } else {
              host.onControl(() -> callClosed(slotId, generation, stream, status));
            }
          }
        });
    calls.computeIfAbsent(slotId, s -> new HashMap<>()).put(generation, call);
    call.start(request.build());
    host.pool().streamStarted(slotId, generation);
    log.info("Opened {} on {} for {} ({})", call.id(), conn.id(), monitors,
        fromSlot > 0 ? "from slot " + fromSlot : "live");
    return Optional.of(call);
  }

  /** The kind of failure a call's gRPC status says, in the codes of the pool events. */
  static FailureKind failureKind(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE -> FailureKind.UNAVAILABLE;
      case UNAUTHENTICATED, PERMISSION_DENIED -> FailureKind.UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED -> FailureKind.RESOURCE_EXHAUSTED;
      case DEADLINE_EXCEEDED -> FailureKind.TIMEOUT;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, UNIMPLEMENTED -> FailureKind.REJECTED;
      case OUT_OF_RANGE -> FailureKind.OUT_OF_RANGE;
      case INTERNAL, UNKNOWN, DATA_LOSS -> FailureKind.SERVER;
      case CANCELLED, ABORTED -> FailureKind.CANCELLED;
      case OK, NOT_FOUND, ALREADY_EXISTS -> FailureKind.OTHER;
    };
  }

  /** Ends one of our calls for a reason of ours; the slot resumes from the call's resume point. */
  void endCall(String slotId, int generation, SubscribeStream stream, StreamFailure kind, String reason) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    if (byGen == null || byGen.get(generation) != stream) {
      return;
    }
    log.warn("{}: {}; resuming from slot {}", stream.id(), reason, stream.resumePoint().slot());
    byGen.remove(generation);
    if (byGen.isEmpty()) {
      calls.remove(slotId);
    }
    stream.cancel(reason);
    long now = now();
    host.pool().observe(slotId, generation, progress(stream), now);
    host.pool().streamFailed(slotId, generation, kind, FailureKind.OTHER, reason, now);
  }

  /**
   * The next update was larger than the inbound message limit (gRPC refuses it before it is handed
   * out): replaying would refuse it again, forever. Its slot, the one being read, is reported as a
   * gap and the stream resumes after it.
   */
  private void skipOversize(PoolAction.OpenStream o, SubscribeStream stream, Status status) {
    Map<Integer, SubscribeStream> byGen = calls.get(o.slotId());
    if (byGen == null || byGen.get(o.generation()) != stream) {
      return;
    }
    byGen.remove(o.generation());
    if (byGen.isEmpty()) {
      calls.remove(o.slotId());
    }
    long from = stream.lastContiguousSlot() + 1;
    long to = Math.max(stream.lastSlot(), from);
    String reason = "an update larger than upstream.maxInboundMessageBytes (" + config.upstream().maxInboundMessageBytes()
        + " bytes) could not be read: " + status.getDescription() + "; raise upstream.maxInboundMessageBytes";
    log.error("{}: {}", stream.id(), reason);
    host.reportGap(o, from, to, reason);
    long now = now();
    CallProgress seen = progress(stream);
    host.pool().observe(o.slotId(), o.generation(), new CallProgress(seen.lastDataAtNanos(), seen.lastPongAtNanos(),
        to + 1, to + 1, false), now);
    host.pool().streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE, FailureKind.RESOURCE_EXHAUSTED,
        "RESOURCE_EXHAUSTED: " + reason, now);
  }

  private void callClosed(String slotId, int generation, SubscribeStream stream, Status status) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    if (byGen == null || byGen.get(generation) != stream) {
      return; // We closed it ourselves.
    }
    byGen.remove(generation);
    if (byGen.isEmpty()) {
      calls.remove(slotId);
    }
    String reason = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    long now = now();
    host.pool().observe(slotId, generation, progress(stream), now);
    Status.Code code = status.getCode();
    FailureKind failure = failureKind(code);
    if (code == Status.Code.INVALID_ARGUMENT) {
      Optional<String> named = Optional.empty();
      if (status.getDescription() != null) {
        Matcher m = NAMED_FILTER.matcher(status.getDescription());
        if (m.find()) {
          named = Optional.of(m.group(1));
        }
      }
      host.pool().rejectOffendingMonitor(slotId, named, reason, now).ifPresent(host::monitorRejected);
      host.pool().streamFailed(slotId, generation, StreamFailure.RETRYABLE, failure, reason, now);
    } else if (code == Status.Code.OUT_OF_RANGE && stream.resumePoint().slot() <= stream.requestedFromSlot()) {
      // The provider no longer holds from_slot: the next open starts live and reports the gap.
      host.pool().streamFailed(slotId, generation, StreamFailure.OUT_OF_RANGE, failure, reason, now);
    } else if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      host.pool().streamFailed(slotId, generation, StreamFailure.FATAL, failure, reason, now);
    } else {
      host.pool().streamFailed(slotId, generation, StreamFailure.RETRYABLE, failure, reason, now);
    }
    log.warn("Stream {} ended: {}", stream.id(), reason);
  }
}
