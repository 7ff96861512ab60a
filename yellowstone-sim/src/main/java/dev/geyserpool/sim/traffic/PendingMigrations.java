package dev.geyserpool.sim.traffic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Migrations waiting to fall due, in the order they were scheduled. Each falls due 16–39
 * generator calls after {@link #schedule} (2–5 slots at the default 20 calls/s and 400 ms slots):
 * the migration services act a few slots after the trade that made a migration possible.
 *
 * <p>Bounded: at most {@link #MAX_PENDING} wait; scheduling one more forgets the oldest (pump's
 * {@code migrate} and LaunchLab's {@code migrate_to_cpswap} are not ours alone, so a forgotten one
 * is simply never seen). Not thread-safe: owned by one traffic source of one
 * {@link PumpTrafficGenerator}, scheduling on its {@link TrafficContext}'s random source and call count.
 *
 * @param <T> what migrates: a completed curve or a pool that finished raising
 */
final class PendingMigrations<T> {
  static final int MAX_PENDING = 16;
  static final int DELAY_CALLS = 16;
  static final int DELAY_SPREAD = 24;

  private record Pending<T>(T item, long dueCall) {}

  private final TrafficContext ctx;
  private final ArrayDeque<Pending<T>> pending = new ArrayDeque<>();

  PendingMigrations(TrafficContext ctx) {
    this.ctx = ctx;
  }

  /** Schedules the migration of {@code item} a few generator calls from now. */
  void schedule(T item) {
    pending.addLast(new Pending<>(item, ctx.calls + DELAY_CALLS + ctx.random.nextInt(DELAY_SPREAD)));
    while (pending.size() > MAX_PENDING) {
      pending.pollFirst();
    }
  }

  /** Removes and returns what is due by now, in scheduling order. */
  List<T> takeDue() {
    List<T> due = new ArrayList<>(1);
    for (Iterator<Pending<T>> it = pending.iterator(); it.hasNext(); ) {
      Pending<T> p = it.next();
      if (p.dueCall() <= ctx.calls) {
        it.remove();
        due.add(p.item());
      }
    }
    return due;
  }
}
