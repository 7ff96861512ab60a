package dev.geyserpool.sdk;

import dev.geyserpool.proto.pool.SubscriptionStatus;

/**
 * What a monitor does with its updates.
 *
 * <p>Threading: every method is called on the monitor's one consumer thread
 * ({@code geyser-monitor-<id>}), one call at a time, updates in partition order; a
 * {@link Replayer} calls it on the thread that runs {@link Replayer#replay}. Offsets are committed
 * after the method returns, so an update may arrive again after a crash: use
 * {@link UpdateContext#identity()} to skip it.
 *
 * <p>A method that throws does not stop the monitor: the record goes to the dead-letter topic
 * {@code geyser.dead-letter} with the error, and the next record follows.
 */
public interface UpdateHandler {
  default void onTransaction(TransactionUpdate update) throws Exception {}

  /** Only for monitors that declare {@code transactions_status} filters. */
  default void onTransactionStatus(TransactionStatusUpdate update) throws Exception {}

  default void onAccount(AccountUpdate update) throws Exception {}

  default void onBlock(BlockUpdate update) throws Exception {}

  /** Slots that will never arrive: the provider no longer held them when a stream resumed. */
  default void onGap(GapUpdate gap) throws Exception {}

  /**
   * Called after the handlers of each polled batch returned and before the batch's offsets are
   * committed: a monitor that produces output (to Kafka, a file) flushes it here, so a crash never
   * commits an update whose output was still buffered. If this throws, nothing of the batch is
   * committed and the consumer rewinds to the batch's first records, which are handled again (the
   * handlers see them twice; output stays at-least-once). A {@link Replayer} calls it after each
   * batch too; there a failure ends the replay with an exception (a replay has no commit to rewind).
   */
  default void onBatchHandled() throws Exception {}

  /**
   * The gateway's every answer about this monitor after the one {@link Monitor#start()} waited
   * for: active, degraded (waiting for a connection or retrying), gap, removed, or accepted and
   * rejected for a later declaration of the same id. {@link SubscriptionStatus#getInstanceId()}
   * says which instance of the monitor it is about. An exception thrown here is logged.
   */
  default void onStatus(SubscriptionStatus status) {}
}
