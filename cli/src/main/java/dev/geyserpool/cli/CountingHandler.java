package dev.geyserpool.cli;

import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.TransactionStatusUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every update identity a monitor's handler is handed, then passes the update on; the
 * demo and the end-to-end tests compare the counts with what the simulator generated. Bounded: past
 * {@link #CAPACITY} identities it stops counting and says so ({@link #full()}), so a demo left
 * running keeps its memory.
 */
final class CountingHandler implements UpdateHandler {
  /** Identities counted at most (about 100 B each). */
  static final int CAPACITY = 1_000_000;

  private final UpdateHandler delegate;
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private volatile boolean full;

  CountingHandler(UpdateHandler delegate) {
    this.delegate = delegate;
  }

  /** Whether counting stopped at {@link #CAPACITY}: the counts then cover only the start of the run. */
  boolean full() {
    return full;
  }

  /** Every identity seen, with how often. */
  Map<String, AtomicInteger> seen() {
    return seen;
  }

  private void count(String identity) {
    if (full) {
      return;
    }
    if (seen.size() >= CAPACITY && !seen.containsKey(identity)) {
      full = true;
      return;
    }
    seen.computeIfAbsent(identity, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void onTransaction(TransactionUpdate update) throws Exception {
    count(update.context().identity());
    delegate.onTransaction(update);
  }

  @Override
  public void onTransactionStatus(TransactionStatusUpdate update) throws Exception {
    count(update.context().identity());
    delegate.onTransactionStatus(update);
  }

  @Override
  public void onAccount(AccountUpdate update) throws Exception {
    count(update.context().identity());
    delegate.onAccount(update);
  }

  @Override
  public void onBlock(BlockUpdate update) throws Exception {
    count(update.context().identity());
    delegate.onBlock(update);
  }

  @Override
  public void onGap(GapUpdate gap) throws Exception {
    delegate.onGap(gap);
  }

  @Override
  public void onStatus(SubscriptionStatus status) {
    delegate.onStatus(status);
  }

  @Override
  public void onBatchHandled() throws Exception {
    delegate.onBatchHandled();
  }
}
