package dev.geyserpool.sdk;

/**
 * What a monitor does with its updates. Methods are called on the monitor's consumer thread, one
 * update at a time, in partition order; the offset is committed after the method returns, so an
 * update may arrive again after a crash (use {@link UpdateContext#identity()} to skip it).
 */
public interface UpdateHandler {
  default void onTransaction(TransactionUpdate update) throws Exception {}

  default void onAccount(AccountUpdate update) throws Exception {}

  default void onBlock(BlockUpdate update) throws Exception {}

  /** Slots that will never arrive: the provider no longer held them when a stream resumed. */
  default void onGap(GapUpdate gap) throws Exception {}
}
