package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;

/**
 * A block-meta filter: one small update per block (slot, blockhash, rewards, counts) without
 * its transactions. It has no options.
 *
 * <p>Threading: immutable apart from its name; see {@link Filter}.
 */
public final class BlockMetaFilter extends Filter {
  private BlockMetaFilter(String name) {
    super(name);
  }

  /** A new block-meta filter called {@code name}. */
  public static BlockMetaFilter named(String name) {
    return new BlockMetaFilter(name);
  }

  @Override
  public String kind() {
    return "blocks_meta";
  }

  @Override
  boolean isIn(SubscribeRequest.Builder request) {
    return request.containsBlocksMeta(name());
  }

  @Override
  void addTo(SubscribeRequest.Builder request) {
    request.putBlocksMeta(name(), SubscribeRequestFilterBlocksMeta.getDefaultInstance());
  }
}
