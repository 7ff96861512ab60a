package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;

/**
 * A blocks filter: whole blocks, optionally only the transactions and accounts that mention
 * {@link #accountInclude}. Blocks reach 24 MB upstream: ask for transactions and accounts only
 * when the monitor needs them.
 *
 * <p>Threading: not thread-safe (a builder); see {@link Filter}.
 */
public final class BlockFilter extends Filter {
  private final SubscribeRequestFilterBlocks.Builder proto = SubscribeRequestFilterBlocks.newBuilder();

  private BlockFilter(String name) {
    super(name);
  }

  /** A new blocks filter called {@code name}. */
  public static BlockFilter named(String name) {
    return new BlockFilter(name);
  }

  @Override
  public String kind() {
    return "blocks";
  }

  /** Keeps only the transactions and accounts of the block that mention these (base58, checked now). */
  public BlockFilter accountInclude(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addAccountInclude(pubkey("account_include", key));
    }
    return this;
  }

  /** Whether the block carries its transactions. */
  public BlockFilter includeTransactions(boolean include) {
    proto.setIncludeTransactions(include);
    return this;
  }

  /** Whether the block carries the accounts it wrote. */
  public BlockFilter includeAccounts(boolean include) {
    proto.setIncludeAccounts(include);
    return this;
  }

  @Override
  boolean isIn(SubscribeRequest.Builder request) {
    return request.containsBlocks(name());
  }

  @Override
  void addTo(SubscribeRequest.Builder request) {
    request.putBlocks(name(), proto.build());
  }
}
