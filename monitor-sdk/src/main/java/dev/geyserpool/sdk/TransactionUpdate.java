package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;

/**
 * A transaction one of the monitor's filters matched. Immutable.
 *
 * @param context where it came from and which filters it matched
 * @param signature the transaction's signature, base58
 * @param transaction the transaction with its status meta, as Yellowstone sent it
 */
public record TransactionUpdate(UpdateContext context, String signature, SubscribeUpdateTransactionInfo transaction)
    implements MonitorUpdate {
  @Override
  public void deliverTo(UpdateHandler handler) throws Exception {
    handler.onTransaction(this);
  }
}
