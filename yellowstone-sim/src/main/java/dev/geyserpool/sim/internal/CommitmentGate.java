package dev.geyserpool.sim.internal;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimEvent.SlotUpdate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Holds back a slot's events until the slot reaches a stream's commitment, as Yellowstone does
 * for CONFIRMED and FINALIZED streams: transactions, account writes, block meta and blocks of slot
 * N are released, in emission order, just before the {@code SlotUpdate(N, status)} that reaches
 * the commitment. Slot updates themselves always pass straight through. PROCESSED passes
 * everything at once.
 *
 * <p>Bounded: every slot is confirmed one slot and finalized 32 slots after it closes, so at most
 * that many slots are pending; slots older than {@code maxPendingSlots} behind the newest are
 * dropped (a slot that never reaches the commitment, e.g. when history is cut short).
 *
 * <p>Not thread-safe: its owner serializes calls (a stream under its lock, a log replay on one
 * thread).
 */
public final class CommitmentGate {
  private final CommitmentLevel level;
  private final int maxPendingSlots;
  private final TreeMap<Long, List<SimEvent>> pending = new TreeMap<>();

  public CommitmentGate(CommitmentLevel level, int maxPendingSlots) {
    this.level = level;
    this.maxPendingSlots = maxPendingSlots;
  }

  public CommitmentLevel level() {
    return level;
  }

  /** Feeds the next event in emission order; passes released events to {@code out}. */
  public void accept(SimEvent event, Consumer<SimEvent> out) {
    if (event instanceof SlotUpdate s) {
      if (level != CommitmentLevel.PROCESSED && s.status().getNumber() == level.getNumber()) {
        release(s.slot(), out);
      }
      out.accept(s);
      return;
    }
    if (level == CommitmentLevel.PROCESSED) {
      out.accept(event);
      return;
    }
    pending.computeIfAbsent(event.slot(), k -> new ArrayList<>()).add(event);
    while (pending.size() > maxPendingSlots) {
      pending.pollFirstEntry();
    }
  }

  private void release(long slot, Consumer<SimEvent> out) {
    Iterator<Map.Entry<Long, List<SimEvent>>> it = pending.headMap(slot, true).entrySet().iterator();
    while (it.hasNext()) {
      it.next().getValue().forEach(out);
      it.remove();
    }
  }
}
