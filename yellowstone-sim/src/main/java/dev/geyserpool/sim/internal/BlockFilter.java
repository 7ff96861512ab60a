package dev.geyserpool.sim.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.sim.InvalidFilterException;
import java.util.Set;

/** One compiled Yellowstone blocks filter: the block content it asks for. Immutable. */
public record BlockFilter(Shape shape) {
  /** What a block update for this filter contains. */
  public record Shape(Set<ByteString> accountInclude, boolean includeTransactions, boolean includeAccounts) {}

  public static BlockFilter compile(String name, SubscribeRequestFilterBlocks f) throws InvalidFilterException {
    if (f.hasCuckooAccountInclude()) {
      throw new InvalidFilterException(
          "blocks filter '" + name + "': cuckoo_account_include is not supported by the simulator");
    }
    return new BlockFilter(new Shape(
        FilterSupport.pubkeys("blocks", name, "account_include", f.getAccountIncludeList()),
        !f.hasIncludeTransactions() || f.getIncludeTransactions(),
        f.hasIncludeAccounts() && f.getIncludeAccounts()));
  }
}
