package dev.geyserpool.cli;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What reached a monitor compared with what the simulator generated for it.
 *
 * @param generated distinct updates the simulator generated that match the monitor's filters
 * @param delivered distinct updates the monitor's handler received
 * @param lost generated updates that never reached the monitor
 * @param duplicated deliveries beyond the first of an update
 * @param unexpected delivered updates the simulator never generated for these filters
 */
public record DeliveryReport(long generated, long delivered, long lost, long duplicated, long unexpected) {

  /** Compares the generated identities with what a handler saw (identity → times seen). */
  public static DeliveryReport compare(Collection<String> generatedIdentities, Map<String, AtomicInteger> seen) {
    Set<String> generated = new HashSet<>(generatedIdentities);
    long lost = generated.stream().filter(id -> !seen.containsKey(id)).count();
    long duplicated = seen.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
    long unexpected = seen.keySet().stream().filter(id -> !generated.contains(id)).count();
    return new DeliveryReport(generated.size(), seen.size(), lost, duplicated, unexpected);
  }

  /** Up to {@code limit} generated identities the handler never saw, for diagnostics. */
  public static java.util.List<String> lostIdentities(
      Collection<String> generatedIdentities, Map<String, AtomicInteger> seen, int limit) {
    return generatedIdentities.stream().filter(id -> !seen.containsKey(id)).distinct().limit(limit).toList();
  }

  /** Sums reports of several monitors. */
  public DeliveryReport plus(DeliveryReport other) {
    return new DeliveryReport(generated + other.generated, delivered + other.delivered, lost + other.lost,
        duplicated + other.duplicated, unexpected + other.unexpected);
  }

  public boolean complete() {
    return lost == 0 && duplicated == 0 && unexpected == 0;
  }
}
