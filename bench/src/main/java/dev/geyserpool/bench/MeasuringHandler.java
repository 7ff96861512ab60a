package dev.geyserpool.bench;

import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateContext;
import dev.geyserpool.sdk.UpdateHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A load-run monitor's handler: counts what it is handed, remembers every identity (to tell lost
 * from duplicated afterwards) and records the end-to-end latency of each update, from the
 * gateway's receive time (header {@code geyser.received-at-us}, surfaced by the SDK as
 * {@link UpdateContext#receivedAt()}) to the moment the handler runs. Both clocks are the same
 * JVM's wall clock, so there is no cross-host skew.
 *
 * <p>Threading: the monitor's consumer thread calls the handler; the load run reads counters and
 * takes interval histograms from its own thread ({@link Recorder} is made for exactly that).
 */
final class MeasuringHandler implements UpdateHandler {
  /** Latencies above an hour are clamped; they would mean the run is broken anyway. */
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Clock clock;
  private final UpdateHandler delegate;
  private final Recorder latencyMicros = new Recorder(HIGHEST_MICROS, 3);
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();

  /** A handler that only measures. */
  MeasuringHandler(Clock clock) {
    this(clock, new UpdateHandler() { });
  }

  /** Measures each update after {@code delegate} (a real monitor) handled it. */
  MeasuringHandler(Clock clock, UpdateHandler delegate) {
    this.clock = clock;
    this.delegate = delegate;
  }

  @Override
  public void onTransaction(TransactionUpdate update) throws Exception {
    delegate.onTransaction(update);
    handled(update.context());
  }

  @Override
  public void onAccount(AccountUpdate update) throws Exception {
    delegate.onAccount(update);
    handled(update.context());
  }

  @Override
  public void onBlock(BlockUpdate update) throws Exception {
    delegate.onBlock(update);
    handled(update.context());
  }

  @Override
  public void onGap(GapUpdate gap) throws Exception {
    delegate.onGap(gap);
    gaps.incrementAndGet();
  }

  @Override
  public void onStatus(dev.geyserpool.proto.pool.SubscriptionStatus status) {
    delegate.onStatus(status);
  }

  @Override
  public void onBatchHandled() throws Exception {
    delegate.onBatchHandled();
  }

  private void handled(UpdateContext context) {
    long latency = micros(clock.instant()) - micros(context.receivedAt());
    latencyMicros.recordValue(Math.max(0, Math.min(latency, HIGHEST_MICROS)));
    seen.computeIfAbsent(context.identity(), id -> new AtomicInteger()).incrementAndGet();
    delivered.incrementAndGet();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** Updates handed to this handler so far (duplicates included). */
  long delivered() {
    return delivered.get();
  }

  /** Gap records received: slots the provider could no longer replay. */
  long gaps() {
    return gaps.get();
  }

  /** Every identity seen, with how often. */
  Map<String, AtomicInteger> seen() {
    return seen;
  }

  /** The latencies recorded since the previous call (microseconds); starts a new interval. */
  Histogram takeLatencies() {
    return latencyMicros.getIntervalHistogram();
  }
}
