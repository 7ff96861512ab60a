package dev.geyserpool.sdk;

import dev.geyserpool.wire.Filters;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Facts about a monitor declaration that the SDK and the gateway must compute the same way.
 * Stateless and thread-safe.
 */
public final class Declarations {
  private Declarations() {}

  /**
   * The digest of a declaration's filters: lower-case hex SHA-256 of
   * {@code filters.toByteArray()}, i.e. of {@code declaration.getFilters().toByteArray()}. The
   * gateway writes it into every {@code SubscriptionStatus.filters_digest}, and the SDK compares
   * it to tell an answer about its current filters from one about an older version, and another
   * instance of the same monitor (same digest) from a different monitor using the same id.
   *
   * <p>Both sides hash the message as parsed from the declaration's bytes, so the map order on
   * the wire is the order hashed; {@link Monitor.Builder#build()} writes the filter maps sorted
   * by name so that equal filters built in any order give equal digests.
   */
  public static String filtersDigest(SubscribeRequest filters) {
    return Filters.digest(filters);
  }

  /** The kinds of stream topic the filters ask for. */
  public static Set<UpdateKind> kinds(SubscribeRequest filters) {
    return Filters.kinds(filters);
  }

  /** The stream topics of a group for these kinds, e.g. {@code geyser.high.transactions}. */
  public static List<String> topics(MonitorGroup group, Set<UpdateKind> kinds) {
    List<String> topics = new ArrayList<>();
    for (UpdateKind kind : UpdateKind.values()) {
      if (kinds.contains(kind)) {
        topics.add(Topics.stream(group, kind));
      }
    }
    return topics;
  }
}
