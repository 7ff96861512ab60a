package dev.geyserpool.sdk;

/**
 * Anything the SDK hands a monitor's {@link UpdateHandler}: a transaction, transaction status,
 * account write, block (or block meta, or slot progress) or gap. Immutable.
 */
public sealed interface MonitorUpdate
    permits TransactionUpdate, TransactionStatusUpdate, AccountUpdate, BlockUpdate, GapUpdate {
  /** Where the update came from and which of the monitor's filters it matched. */
  UpdateContext context();

  /**
   * Calls the handler method for this kind of update.
   *
   * @throws Exception whatever the handler throws
   */
  void deliverTo(UpdateHandler handler) throws Exception;
}
