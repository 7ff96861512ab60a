package dev.geyserpool.wire;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/** What gateway and SDK both derive from a monitor's filters. Stateless and thread-safe. */
public final class Filters {
  private Filters() {}

  /**
   * The filters' digest: lower-case hex SHA-256 of the message's bytes. The gateway writes it
   * into every {@code SubscriptionStatus.filters_digest}; the SDK compares it to tell an answer
   * about its current filters from one about an older version.
   */
  public static String digest(SubscribeRequest filters) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(filters.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The kinds of stream topic the filters ask for. */
  public static Set<UpdateKind> kinds(SubscribeRequest filters) {
    Set<UpdateKind> kinds = EnumSet.noneOf(UpdateKind.class);
    if (filters.getTransactionsCount() + filters.getTransactionsStatusCount() > 0) {
      kinds.add(UpdateKind.TRANSACTIONS);
    }
    if (filters.getAccountsCount() > 0) {
      kinds.add(UpdateKind.ACCOUNTS);
    }
    if (filters.getBlocksCount() + filters.getBlocksMetaCount() + filters.getSlotsCount() > 0) {
      kinds.add(UpdateKind.BLOCKS);
    }
    return kinds;
  }
}
