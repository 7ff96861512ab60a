package dev.geyserpool.monitors.internal;

import dev.geyserpool.decode.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Remembers the last state of each account an account monitor saw (bounded, least recently used
 * forgotten) and says which fields a new write changed. Confined to one monitor thread.
 */
public final class ChangeTracker {
  /** What {@link #changed} says about an account seen for the first time. */
  public static final String FIRST_SEEN = "first_seen";

  private final Map<String, Fields> last;

  public ChangeTracker(int capacity) {
    this.last = new BoundedMap<>(capacity);
  }

  /**
   * Records {@code state} as the account's latest and returns the names of its fields that differ
   * from the previous state, {@code [first_seen]} for a new account, or nothing when the write
   * changed none of them (a repeat delivery, a rent top-up).
   */
  public List<String> changed(String account, Fields state) {
    Fields before = last.put(account, state);
    if (before == null) {
      return List.of(FIRST_SEEN);
    }
    List<String> changed = new ArrayList<>();
    state.asMap().forEach((name, value) -> {
      if (!value.equals(before.get(name))) {
        changed.add(name);
      }
    });
    return changed;
  }
}
