package dev.geyserpool.sdk.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of recent stream records by position (topic, partition, offset), bounded by their
 * total size: when a value does not fit, the least recently used ones go first; a value larger
 * than the whole bound is not kept at all. Each entry costs its value's length plus
 * {@link #ENTRY_OVERHEAD_BYTES}, so many tiny values cannot outgrow the bound either. Values are
 * held by reference, not copied: callers must not change them.
 *
 * <p>Threading: not thread-safe; confined to the thread of its owner ({@link SameRecords}).
 */
final class HeldValues {
  /** What one entry costs besides its value: map entry, key and array header, rounded up. */
  static final int ENTRY_OVERHEAD_BYTES = 128;

  /** Where a record is. */
  record Position(String topic, int partition, long offset) {}

  private final long capacityBytes;
  /** Access order: the eldest entry is the least recently used. */
  private final LinkedHashMap<Position, byte[]> values = new LinkedHashMap<>(64, 0.75f, true);
  private long heldBytes;

  HeldValues(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("held values capacity is " + capacityBytes + " bytes, but must be positive");
    }
    this.capacityBytes = capacityBytes;
  }

  /** Keeps {@code value} at {@code position}, evicting the least recently used values it needs room for. */
  void put(Position position, byte[] value) {
    byte[] previous = values.remove(position);
    if (previous != null) {
      heldBytes -= cost(previous);
    }
    long cost = cost(value);
    if (cost > capacityBytes) {
      return;
    }
    Iterator<Map.Entry<Position, byte[]>> eldest = values.entrySet().iterator();
    while (heldBytes + cost > capacityBytes) {
      heldBytes -= cost(eldest.next().getValue());
      eldest.remove();
    }
    values.put(position, value);
    heldBytes += cost;
  }

  /** The value at {@code position}, if held; counts as a use. */
  Optional<byte[]> get(Position position) {
    return Optional.ofNullable(values.get(position));
  }

  /** What the held values cost now, at most the capacity. */
  long heldBytes() {
    return heldBytes;
  }

  int size() {
    return values.size();
  }

  long capacityBytes() {
    return capacityBytes;
  }

  private static long cost(byte[] value) {
    return (long) value.length + ENTRY_OVERHEAD_BYTES;
  }
}
