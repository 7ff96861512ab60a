package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;

/**
 * An account write one of the monitor's filters matched.
 *
 * @param pubkey the account, base58
 * @param account the account's new state, as Yellowstone sent it
 */
public record AccountUpdate(UpdateContext context, String pubkey, SubscribeUpdateAccountInfo account) {}
