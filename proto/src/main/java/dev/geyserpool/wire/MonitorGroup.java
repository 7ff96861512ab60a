package dev.geyserpool.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The frequency groups of the pool. Each group has its own topics ({@code geyser.<group>.<kind>})
 * and, in the pool, its own share of connections.
 */
public enum MonitorGroup {
  /** Real-time data: prices, trades. */
  HIGH,
  /** Token events: mints, graduations. */
  MEDIUM,
  /** State monitoring: accounts. */
  LOW;

  /** The lower-case name used in topic names and configuration, e.g. {@code high}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a group id such as {@code high}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the bad value and the allowed ones
   */
  public static MonitorGroup parse(String id) {
    for (MonitorGroup group : values()) {
      if (group.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
        return group;
      }
    }
    throw new IllegalArgumentException(
        "unknown monitor group '" + id + "'; use one of "
            + Arrays.stream(values()).map(MonitorGroup::id).collect(Collectors.joining(", ")));
  }
}
