package dev.geyserpool.sim.internal;

import dev.geyserpool.sim.SimEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The per-slot event history: slot → the events of that slot, for the last {@code capacity}
 * slots. This is the shape {@code from_slot} replay needs (send the held slots' events from a
 * given slot on); replay itself is not implemented yet, but {@code SubscribeReplayInfo} already
 * reports {@link #firstAvailable()}.
 *
 * <p>Not thread-safe: owned by {@link EventHub}, used under its lock.
 */
public final class SlotRing {
  /** One slot's history. Events are appended in emission order while the slot is held. */
  public static final class SlotRecord {
    private final long slot;
    private final List<SimEvent> events = new ArrayList<>();

    SlotRecord(long slot) {
      this.slot = slot;
    }

    public long slot() {
      return slot;
    }

    /** Read-only view; callers copy it if they keep it past the hub lock. */
    public List<SimEvent> events() {
      return Collections.unmodifiableList(events);
    }

    void add(SimEvent event) {
      events.add(event);
    }
  }

  private final SlotRecord[] ring;
  private long oldest = -1;
  private long newest = -1;

  public SlotRing(int capacity) {
    this.ring = new SlotRecord[capacity];
  }

  /**
   * Starts holding {@code slot} (which must follow the newest); returns the slot evicted to make
   * room, or -1.
   */
  public long open(long slot) {
    if (newest >= 0 && slot != newest + 1) {
      throw new IllegalStateException("cannot open slot " + slot + " after slot " + newest);
    }
    long evicted = -1;
    int i = index(slot);
    if (ring[i] != null) {
      evicted = ring[i].slot();
      oldest = evicted + 1;
    }
    ring[i] = new SlotRecord(slot);
    if (oldest < 0) {
      oldest = slot;
    }
    newest = slot;
    return evicted;
  }

  /** Appends {@code event} to its slot's record, if that slot is held. */
  public void add(SimEvent event) {
    get(event.slot()).ifPresent(r -> r.add(event));
  }

  public Optional<SlotRecord> get(long slot) {
    if (oldest < 0 || slot < oldest || slot > newest) {
      return Optional.empty();
    }
    return Optional.of(ring[index(slot)]);
  }

  /** The oldest slot held, or -1 when empty. */
  public long firstAvailable() {
    return oldest;
  }

  private int index(long slot) {
    return (int) Math.floorMod(slot, (long) ring.length);
  }
}
