package dev.geyserpool.monitors.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry past a capacity, so a monitor's memory of
 * curves and pools stays bounded however many tokens launch. Not thread-safe: one monitor thread.
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
  private final int capacity;

  public BoundedMap(int capacity) {
    super(16, 0.75f, true);
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity is " + capacity + ", but must be positive");
    }
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
