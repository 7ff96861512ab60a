package dev.geyserpool.monitors.internal;

import dev.geyserpool.decode.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the last state of each account an account monitor saw (bounded, least recently used
 * forgotten) and says which fields a new write changed.
 *
 * <p>States seen in the batch being handled are pending until {@link #commit()} (the batch's events
 * were flushed) or {@link #discard()} (they were not, and the SDK hands the batch over again): a
 * change whose event was lost is reported again, never swallowed.
 *
 * <p>Confined to one monitor thread.
 */
public final class ChangeTracker {
  /** What {@link #changed} says about an account seen for the first time. */
  public static final String FIRST_SEEN = "first_seen";

  private final Map<String, Fields> committed;
  private final Map<String, Fields> pending = new HashMap<>();

  public ChangeTracker(int capacity) {
    this.committed = new BoundedMap<>(capacity);
  }

  /**
   * Records {@code state} as the account's latest (pending) and returns the names of its fields
   * that differ from the previous state, {@code [first_seen]} for a new account, or nothing when
   * the write changed none of them (a repeat delivery, a rent top-up).
   */
  public List<String> changed(String account, Fields state) {
    Fields before = pending.containsKey(account) ? pending.get(account) : committed.get(account);
    pending.put(account, state);
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

  /** The pending states become the known ones: their events are durable. */
  public void commit() {
    committed.putAll(pending);
    pending.clear();
  }

  /** The pending states are forgotten: their events were lost and the batch comes again. */
  public void discard() {
    pending.clear();
  }
}
