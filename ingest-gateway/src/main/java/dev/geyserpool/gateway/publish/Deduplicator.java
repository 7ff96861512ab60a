package dev.geyserpool.gateway.publish;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Remembers the identities of recent updates per slot, so that the overlap a resumed or rotated
 * stream replays (from_slot) is published once. Only the last {@code slotsRemembered} slots are
 * kept: a replay reaches back at most that far.
 *
 * <p>Thread-safe: the old and the new call of a slot deliver concurrently during a
 * make-before-break move.
 */
public final class Deduplicator {
  private final int slotsRemembered;
  private final TreeMap<Long, Set<String>> bySlot = new TreeMap<>();
  private long duplicates;

  public Deduplicator(int slotsRemembered) {
    if (slotsRemembered < 1) {
      throw new IllegalArgumentException("dedupSlots is " + slotsRemembered + ", but must be at least 1");
    }
    this.slotsRemembered = slotsRemembered;
  }

  /** Whether this is the first time {@code identity} is seen in {@code slot}; records it. */
  public synchronized boolean firstTime(long slot, String identity) {
    if (!bySlot.isEmpty() && slot <= bySlot.lastKey() - slotsRemembered) {
      // Older than anything remembered: it can only be a replay of what was published long ago.
      duplicates++;
      return false;
    }
    boolean first = bySlot.computeIfAbsent(slot, s -> new HashSet<>()).add(identity);
    if (!first) {
      duplicates++;
    }
    while (bySlot.lastKey() - bySlot.firstKey() >= slotsRemembered) {
      bySlot.pollFirstEntry();
    }
    return first;
  }

  /** Updates dropped as seen before. */
  public synchronized long duplicates() {
    return duplicates;
  }

  /** Identities held now (for tests and stats). */
  public synchronized int size() {
    return bySlot.values().stream().mapToInt(Set::size).sum();
  }
}
