package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;

/**
 * An account write one of the monitor's filters matched. Immutable.
 *
 * @param context where it came from and which filters it matched
 * @param pubkey the account, base58
 * @param account the account's new state, as Yellowstone sent it
 */
public record AccountUpdate(UpdateContext context, String pubkey, SubscribeUpdateAccountInfo account)
    implements MonitorUpdate {
  @Override
  public void deliverTo(UpdateHandler handler) throws Exception {
    handler.onAccount(this);
  }
}
