package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeUpdate;

/**
 * A block, block meta or slot-progress update one of the monitor's filters matched. Immutable.
 *
 * @param context where it came from and which filters it matched
 * @param update the update as Yellowstone sent it: its oneof says which of the three it is
 */
public record BlockUpdate(UpdateContext context, SubscribeUpdate update) implements MonitorUpdate {
  @Override
  public void deliverTo(UpdateHandler handler) throws Exception {
    handler.onBlock(this);
  }
}
