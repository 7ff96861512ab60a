package dev.geyserpool.sdk;

import dev.geyserpool.proto.pool.GapRecord;

/**
 * Slots the gateway could not deliver to this monitor: the provider no longer held them when a
 * stream resumed. Never silent: every hole arrives as one of these. Immutable.
 *
 * @param context where the gap record came from; its identity is {@code gap:<from>-<to>}
 * @param gap the slot range (inclusive), the reason and the stream it happened on
 */
public record GapUpdate(UpdateContext context, GapRecord gap) implements MonitorUpdate {
  @Override
  public void deliverTo(UpdateHandler handler) throws Exception {
    handler.onGap(this);
  }
}
