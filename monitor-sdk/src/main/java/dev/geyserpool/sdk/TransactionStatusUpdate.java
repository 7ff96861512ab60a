package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionStatus;

/**
 * The status of a transaction a {@code transactions_status} filter matched (declared through
 * {@link Monitor.Builder#filters}): signature, slot and error, without the transaction itself.
 * Immutable.
 *
 * @param context where it came from and which filters it matched
 * @param signature the transaction's signature, base58
 * @param status the status as Yellowstone sent it
 */
public record TransactionStatusUpdate(UpdateContext context, String signature, SubscribeUpdateTransactionStatus status)
    implements MonitorUpdate {
  @Override
  public void deliverTo(UpdateHandler handler) throws Exception {
    handler.onTransactionStatus(this);
  }
}
