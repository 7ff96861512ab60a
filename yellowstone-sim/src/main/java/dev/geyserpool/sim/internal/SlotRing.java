package dev.geyserpool.sim.internal;

import dev.geyserpool.sim.SimEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The per-slot event history behind {@code from_slot} replay and {@code SubscribeReplayInfo}:
 * slot → the events of that slot, for the last {@code capacity} slots (the open slot included).
 * Each event keeps its global emission sequence number, so {@link #eventsFrom(long)} can give the
 * held events back in the order streams saw them live: a slot's confirmed and finalized statuses
 * belong to that slot but were emitted while later slots closed.
 *
 * <p>Not thread-safe: owned by {@link EventHub}, used under its lock.
 */
public final class SlotRing {
  /** One slot's history. Events are appended in emission order while the slot is held. */
  public static final class SlotRecord {
    private final long slot;
    private final List<SimEvent> events = new ArrayList<>();
    private long[] seqs = new long[16];

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

    void add(long seq, SimEvent event) {
      int i = events.size();
      if (i == seqs.length) {
        seqs = Arrays.copyOf(seqs, i * 2);
      }
      seqs[i] = seq;
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

  /** Appends {@code event}, emitted as number {@code seq}, to its slot's record if that slot is held. */
  public void add(long seq, SimEvent event) {
    get(event.slot()).ifPresent(r -> r.add(seq, event));
  }

  public Optional<SlotRecord> get(long slot) {
    if (oldest < 0 || slot < oldest || slot > newest) {
      return Optional.empty();
    }
    return Optional.of(ring[index(slot)]);
  }

  /**
   * Every held event of slots ≥ {@code fromSlot}, in emission order (a k-way merge of the held
   * slots by sequence number). Empty when {@code fromSlot} is past the newest slot.
   */
  public List<SimEvent> eventsFrom(long fromSlot) {
    if (oldest < 0 || fromSlot > newest) {
      return List.of();
    }
    long first = Math.max(fromSlot, oldest);
    PriorityQueue<int[]> heads = new PriorityQueue<>(
        (a, b) -> Long.compare(ring[a[0]].seqs[a[1]], ring[b[0]].seqs[b[1]]));
    int total = 0;
    for (long s = first; s <= newest; s++) {
      int i = index(s);
      int n = ring[i].events.size();
      if (n > 0) {
        heads.add(new int[] {i, 0});
        total += n;
      }
    }
    List<SimEvent> out = new ArrayList<>(total);
    while (!heads.isEmpty()) {
      int[] head = heads.poll();
      SlotRecord r = ring[head[0]];
      out.add(r.events.get(head[1]));
      if (++head[1] < r.events.size()) {
        heads.add(head);
      }
    }
    return out;
  }

  /** The oldest slot held, or -1 when empty. */
  public long firstAvailable() {
    return oldest;
  }

  /** The newest slot held (the open one), or -1 when empty. */
  public long newest() {
    return newest;
  }

  private int index(long slot) {
    return (int) Math.floorMod(slot, (long) ring.length);
  }
}
