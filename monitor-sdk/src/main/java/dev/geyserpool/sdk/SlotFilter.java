package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;

/**
 * A slots filter: slot progress (processed, confirmed, finalized, ...).
 *
 * <p>Threading: not thread-safe (a builder); see {@link Filter}.
 */
public final class SlotFilter extends Filter {
  private final SubscribeRequestFilterSlots.Builder proto = SubscribeRequestFilterSlots.newBuilder();

  private SlotFilter(String name) {
    super(name);
  }

  /** A new slots filter called {@code name}. */
  public static SlotFilter named(String name) {
    return new SlotFilter(name);
  }

  @Override
  public String kind() {
    return "slots";
  }

  /** Only slot updates of the monitor's commitment level. */
  public SlotFilter filterByCommitment(boolean only) {
    proto.setFilterByCommitment(only);
    return this;
  }

  /** Also the updates between the commitment levels (first shred received, completed, ...). */
  public SlotFilter interslotUpdates(boolean include) {
    proto.setInterslotUpdates(include);
    return this;
  }

  @Override
  boolean isIn(SubscribeRequest.Builder request) {
    return request.containsSlots(name());
  }

  @Override
  void addTo(SubscribeRequest.Builder request) {
    request.putSlots(name(), proto.build());
  }
}
