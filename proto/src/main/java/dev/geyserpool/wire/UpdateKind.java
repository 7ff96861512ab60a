package dev.geyserpool.wire;

import dev.geyserpool.proto.geyser.SubscribeUpdate;
import java.util.Locale;
import java.util.Optional;

/** The kinds of stream topic: what a {@code SubscribeUpdate} is published as. */
public enum UpdateKind {
  TRANSACTIONS,
  ACCOUNTS,
  /** Blocks, block meta and slot progress, keyed by slot. */
  BLOCKS;

  /** The lower-case name used in topic names, e.g. {@code transactions}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind an update is published as, or empty for stream housekeeping (ping, pong) and for
   * update types no topic carries.
   */
  public static Optional<UpdateKind> of(SubscribeUpdate update) {
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION:
      case TRANSACTION_STATUS:
        return Optional.of(TRANSACTIONS);
      case ACCOUNT:
        return Optional.of(ACCOUNTS);
      case BLOCK:
      case BLOCK_META:
      case SLOT:
        return Optional.of(BLOCKS);
      default:
        return Optional.empty();
    }
  }
}
