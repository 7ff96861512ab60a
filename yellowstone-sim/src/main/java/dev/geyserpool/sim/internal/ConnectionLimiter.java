package dev.geyserpool.sim.internal;

import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.sim.Ticker;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The provider's connection limit and its audit. As a {@link ServerTransportFilter} it sees each
 * new HTTP/2 connection once ({@code transportReady}), decides admission and tags the transport
 * with an {@link Admission}; as a {@link ServerInterceptor} it fails every call on a refused
 * connection with RESOURCE_EXHAUSTED. gRPC's API offers no way to close one transport from here,
 * so a refused connection stays open but useless: every call on it fails, as on a provider that
 * answers 429 until the client reconnects.
 *
 * <p>Rule: a connection is admitted when fewer than {@code limit} ADMITTED connections fall in the
 * sliding window {@code (t−W, t]}; refused attempts do not use up budget (so a burst does not lock
 * a client out for longer than the window). The audit counts every attempt: {@code maxInAnyWindow}
 * is the most attempts in any window, which is what a client's own limiter must keep ≤ limit.
 *
 * <p>Thread-safety: one lock guards the two timestamp deques and counters; no I/O under it. Time
 * comes from the injected {@link Ticker}.
 */
public final class ConnectionLimiter extends ServerTransportFilter implements ServerInterceptor {
  /** Attached to each transport by {@link #transportReady}; read back from call attributes. */
  public static final Attributes.Key<Admission> ADMISSION = Attributes.Key.create("ysim.admission");

  /** The decision for one connection. */
  public record Admission(long id, boolean accepted, long atNanos) {}

  private final int limit;
  private final Duration window;
  private final long windowNanos;
  private final Ticker ticker;
  private final LongSupplier streamsOpened;
  private final IntSupplier streamsOpen;
  private final String refusal;

  private final Object lock = new Object();
  private final ArrayDeque<Long> attempts = new ArrayDeque<>();
  private final ArrayDeque<Long> admitted = new ArrayDeque<>();
  private long total;
  private long refusals;
  private int maxInAnyWindow;
  private int open;

  public ConnectionLimiter(
      int limit, Duration window, Ticker ticker, LongSupplier streamsOpened, IntSupplier streamsOpen) {
    this.limit = limit;
    this.window = window;
    this.windowNanos = window.toNanos();
    this.ticker = ticker;
    this.streamsOpened = streamsOpened;
    this.streamsOpen = streamsOpen;
    this.refusal = "connection limit: more than " + limit + " new connections in " + format(window);
  }

  @Override
  public Attributes transportReady(Attributes attrs) {
    Admission admission;
    synchronized (lock) {
      long now = ticker.nanoTime();
      evict(now);
      total++;
      attempts.addLast(now);
      maxInAnyWindow = Math.max(maxInAnyWindow, attempts.size());
      boolean accepted = admitted.size() < limit;
      if (accepted) {
        admitted.addLast(now);
      } else {
        refusals++;
      }
      open++;
      admission = new Admission(total, accepted, now);
    }
    return attrs.toBuilder().set(ADMISSION, admission).build();
  }

  @Override
  public void transportTerminated(Attributes attrs) {
    if (attrs != null && attrs.get(ADMISSION) != null) {
      synchronized (lock) {
        open--;
      }
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Admission admission = call.getAttributes().get(ADMISSION);
    if (admission != null && !admission.accepted()) {
      call.close(Status.RESOURCE_EXHAUSTED.withDescription(refusal), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  /** A snapshot of the audit at the ticker's current time. */
  public ConnectionAudit audit() {
    synchronized (lock) {
      evict(ticker.nanoTime());
      return new ConnectionAudit(total, refusals, attempts.size(), maxInAnyWindow, open, limit,
          window, streamsOpened.getAsLong(), streamsOpen.getAsInt());
    }
  }

  /** The description refused calls carry. */
  public String refusalDescription() {
    return refusal;
  }

  /** Drops timestamps at or before {@code now − W}: the window is {@code (now−W, now]}. */
  private void evict(long now) {
    while (!attempts.isEmpty() && now - attempts.peekFirst() >= windowNanos) {
      attempts.pollFirst();
    }
    while (!admitted.isEmpty() && now - admitted.peekFirst() >= windowNanos) {
      admitted.pollFirst();
    }
  }

  private static String format(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
