package dev.geyserpool.sdk;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import java.util.Objects;

/**
 * One named filter of a monitor, as Yellowstone spells it: accounts, transactions, blocks,
 * block meta or slots. Updates carry the names of the filters they matched
 * ({@link UpdateContext#filters()}), so the name tells the handler why an update arrived.
 *
 * <p>The subclasses are fluent builders that check every pubkey the moment it is given, with an
 * {@link IllegalArgumentException} naming the field, the value and the fix; the limits Yellowstone
 * enforces across a whole declaration (names, counts, sizes) are checked by
 * {@link Monitor.Builder#build()} with the gateway's own {@code FilterValidator}.
 *
 * <p>Threading: not thread-safe; build a filter on one thread and hand it to
 * {@link Monitor.Builder#filter(Filter)}, which copies it.
 */
public abstract sealed class Filter permits AccountFilter, TransactionFilter, BlockFilter, BlockMetaFilter, SlotFilter {
  private final String name;

  Filter(String name) {
    this.name = Objects.requireNonNull(name, "filter name is null; give every filter a name, e.g. \"trades\"");
  }

  /** The monitor's own name of this filter. */
  public String name() {
    return name;
  }

  /** The field of {@code SubscribeRequest} this filter goes to, e.g. {@code accounts}. */
  public abstract String kind();

  /** Whether {@code request} already holds a filter of this kind with this name. */
  abstract boolean isIn(SubscribeRequest.Builder request);

  /** Puts a copy of this filter into {@code request}. */
  abstract void addTo(SubscribeRequest.Builder request);

  /** The place of a field in messages, e.g. {@code accounts.curves.owner}. */
  final String field(String field) {
    return kind() + "." + name + "." + field;
  }

  /** Returns {@code value} when it is a base58 pubkey of 32 bytes, else fails naming the field. */
  final String pubkey(String field, String value) {
    Base58.pubkeyProblem(value).ifPresent(problem -> {
      throw new IllegalArgumentException(
          field(field) + " '" + value + "' " + problem + "; pass the account's base58 address (32 bytes)");
    });
    return value;
  }

  static long notNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " is " + value + ", but must be 0 or more");
    }
    return value;
  }
}
