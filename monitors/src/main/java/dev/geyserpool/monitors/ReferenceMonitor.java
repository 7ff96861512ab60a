package dev.geyserpool.monitors;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.SolanaDecoder;
import dev.geyserpool.monitors.internal.ChangeTracker;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.MonitorGroup;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape every reference monitor shares: it declares Yellowstone filters, decodes each update
 * it gets with {@link SolanaDecoder}, turns decoded transactions and accounts into
 * {@link MonitorEvent}s ({@link #events(DecodedTransaction)}, {@link #events(DecodedAccount)}: plain
 * functions of the data and the monitor's bounded memory, tested without Kafka), and hands them to
 * its {@link EventSink}, which is flushed before the SDK commits.
 *
 * <p>Failed transactions changed nothing on chain and are skipped. Updates of programs the
 * monitor does not understand decode to nothing and are skipped. An instruction or event the
 * decoder could read only in part (a field the monitor needs is absent) gives no event and is
 * counted ({@link #malformed()}); the other events of the same update still go out.
 *
 * <p>Monitors that remember which changes they reported use a {@link #changeTracker}: the state of
 * the batch being handled stays pending until the sink flushed it, and is dropped when the flush
 * failed and the SDK hands the batch over again, so a lost event is reported again.
 *
 * <p>Threading: the SDK calls the handler methods on the monitor's one consumer thread; the
 * per-monitor state of subclasses is confined to it.
 */
public abstract class ReferenceMonitor implements UpdateHandler {
  private static final Logger log = LoggerFactory.getLogger(ReferenceMonitor.class);

  private final String id;
  private final MonitorGroup group;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skippedFailed = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private volatile EventSink sink = (monitorId, event) -> { };
  private final List<ChangeTracker> trackers = new java.util.ArrayList<>();

  protected ReferenceMonitor(String id, MonitorGroup group) {
    this.id = Objects.requireNonNull(id, "id");
    this.group = Objects.requireNonNull(group, "group");
  }

  /** The monitor id, e.g. {@code pump-price}. */
  public final String id() {
    return id;
  }

  /** The seed's frequency group. */
  public final MonitorGroup group() {
    return group;
  }

  /** What this monitor asks Yellowstone for. */
  public abstract List<Filter> filters();

  /** One sentence for listings. */
  public abstract String description();

  /** Sends the events to {@code sink} from now on. */
  public final ReferenceMonitor sink(EventSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /** Events published so far. */
  public final long published() {
    return published.get();
  }

  /** Transactions with parts the decoders could not read, so far (the rest of each was used). */
  public final long undecodable() {
    return undecodable.get();
  }

  /** Instructions or events that lacked a field their event needs, so far. */
  public final long malformed() {
    return malformed.get();
  }

  /** Failed transactions skipped so far. */
  public final long skippedFailed() {
    return skippedFailed.get();
  }

  /** The events one successful decoded transaction gives; none by default. */
  public List<MonitorEvent> events(DecodedTransaction transaction) {
    return List.of();
  }

  /** The events one decoded account write gives; none by default. */
  public List<MonitorEvent> events(DecodedAccount account) {
    return List.of();
  }

  @Override
  public final void onTransaction(TransactionUpdate update) {
    DecodedTransaction tx = SolanaDecoder.transaction(update.transaction(), update.context().slot());
    if (!tx.problems().isEmpty()) {
      long n = undecodable.incrementAndGet();
      // The first few in full, then one in a thousand: a malformed stream must not flood the log.
      if (n <= 10 || n % 1_000 == 0) {
        log.warn("Monitor {}: transaction {} partly undecodable ({} so far): {}", id, tx.signature(), n,
            tx.problems());
      }
    }
    if (tx.failed()) {
      skippedFailed.incrementAndGet();
      return;
    }
    publish(events(tx));
  }

  @Override
  public final void onAccount(AccountUpdate update) {
    Optional<DecodedAccount> account = SolanaDecoder.account(update.account(), update.context().slot());
    account.ifPresent(a -> publish(events(a)));
  }

  @Override
  public void onGap(GapUpdate gap) {
    log.warn("Monitor {}: the provider no longer held {}; events of those slots are missing", id, gap);
  }

  @Override
  public final void onBatchHandled() throws Exception {
    try {
      sink.flush(id);
    } catch (Exception e) {
      trackers.forEach(ChangeTracker::discard);
      throw e;
    }
    trackers.forEach(ChangeTracker::commit);
  }

  /**
   * A change tracker whose pending states this monitor commits when a batch's events are flushed
   * and discards when they are not. Call from the constructor or a field initializer.
   */
  protected final ChangeTracker changeTracker(int capacity) {
    ChangeTracker tracker = new ChangeTracker(capacity);
    trackers.add(tracker);
    return tracker;
  }

  /**
   * Adds the event {@code build} makes to {@code out} (none when it returns null), or counts it as
   * malformed when the decoded data lacks a field it needs (the decoder reads truncated data as far
   * as it goes).
   */
  protected final void add(List<MonitorEvent> out, Supplier<MonitorEvent> build) {
    try {
      MonitorEvent event = build.get();
      if (event != null) {
        out.add(event);
      }
    } catch (NoSuchElementException | ClassCastException e) {
      long n = malformed.incrementAndGet();
      if (n <= 10 || n % 1_000 == 0) {
        log.warn("Monitor {}: skipped an event of incomplete data ({} so far): {}", id, n, e.getMessage());
      }
    }
  }

  private void publish(List<MonitorEvent> events) {
    for (MonitorEvent e : events) {
      sink.publish(id, e);
      published.incrementAndGet();
    }
  }
}
