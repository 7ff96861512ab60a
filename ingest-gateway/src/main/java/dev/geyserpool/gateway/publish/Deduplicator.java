package dev.geyserpool.gateway.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Remembers, for the recent slots of one group's topics, which monitors each update was published
 * for, so that an update is written at most once per topic and monitor: the overlap a resumed,
 * rotated or restarted stream replays, and a second stream of the group matching the same update
 * for the same monitor, are dropped.
 *
 * <p>An update counts as published for a monitor only once Kafka acknowledged it. While its
 * {@link Publication} is pending, a copy arriving on another call is not published again but waits
 * for that outcome: if Kafka refuses the original, the marks are withdrawn, the waiting copy fails
 * with it, and the replay that follows publishes the update. So nothing is marked seen that Kafka
 * does not hold.
 *
 * <p>The last {@code slotsRemembered} slots are kept, and older ones as long as a stream of the group
 * may still replay them ({@link #retainFrom}: the lowest resume point of the group's streams), up to
 * {@value #HELD_SLOTS_FACTOR} times {@code slotsRemembered} slots. An update of a slot already
 * forgotten is published without a check (counted in {@link #beyondHorizon()}): a second copy is
 * better than a loss.
 *
 * <p>Thread-safe: gRPC threads claim, the producer's I/O thread resolves. Waiters are called
 * outside the lock.
 */
public final class Deduplicator {
  /** At most this many times {@code slotsRemembered} slots are held for lagging streams. */
  static final int HELD_SLOTS_FACTOR = 16;

  private final int slotsRemembered;
  /** Slots below this were forgotten: their updates cannot be checked any more. */
  private long forgottenBelow = Long.MIN_VALUE;
  /** The lowest slot a stream of the group may still replay from (set by the gateway each tick). */
  private volatile long retainFrom = Long.MIN_VALUE;
  private final TreeMap<Long, Map<String, Map<String, Publication>>> bySlot = new TreeMap<>();
  private long duplicates;
  private long beyondHorizon;
  private int size;

  public Deduplicator(int slotsRemembered) {
    if (slotsRemembered < 1) {
      throw new IllegalArgumentException("dedupSlots is " + slotsRemembered + ", but must be at least 1");
    }
    this.slotsRemembered = slotsRemembered;
  }

  /**
   * Publishing one update for some monitors: pending until Kafka answers, then done or failed,
   * once. Its waiters hear the outcome.
   */
  public static final class Publication {
    private enum State { PENDING, DONE, FAILED }

    private static final Publication ALREADY_DONE = new Publication(Set.of(), State.DONE);

    private final Set<String> monitors;
    private State state;
    private List<Consumer<Boolean>> waiters;

    private Publication(Set<String> monitors, State state) {
      this.monitors = monitors;
      this.state = state;
    }

    /** The monitors this publication writes the update for. */
    public Set<String> monitors() {
      return monitors;
    }
  }

  /**
   * What to do with one copy of an update.
   *
   * @param publication the publication to carry out for the monitors it names, or null when
   *     every monitor is covered already
   * @param awaited publications of other copies still pending for some of the monitors: this
   *     copy is safe only once they succeed
   */
  public record Claim(Publication publication, List<Publication> awaited) {
    /** Whether nothing is to be published and nothing awaited: a plain duplicate. */
    public boolean duplicate() {
      return publication == null && awaited.isEmpty();
    }
  }

  /**
   * Claims the update {@code identity} of {@code slot} for {@code monitors}: the monitors it was
   * never published for (or whose publication failed) get a new pending {@link Publication}.
   */
  public Claim claim(long slot, String identity, Collection<String> monitors) {
    synchronized (this) {
      if (slot < forgottenBelow) {
        beyondHorizon++;
        return new Claim(new Publication(Set.copyOf(monitors), Publication.State.PENDING), List.of());
      }
      Map<String, Publication> marks = bySlot.computeIfAbsent(slot, s -> new HashMap<>())
          .computeIfAbsent(identity, i -> new HashMap<>(4));
      Set<String> fresh = new LinkedHashSet<>();
      List<Publication> awaited = new ArrayList<>(0);
      for (String monitor : monitors) {
        Publication p = marks.get(monitor);
        if (p == null) {
          fresh.add(monitor);
        } else if (p.state == Publication.State.PENDING && !awaited.contains(p)) {
          awaited.add(p);
        }
      }
      Publication publication = null;
      if (!fresh.isEmpty()) {
        publication = new Publication(Set.copyOf(fresh), Publication.State.PENDING);
        for (String monitor : fresh) {
          marks.put(monitor, publication);
        }
        size += fresh.size();
      } else if (awaited.isEmpty()) {
        duplicates++;
      }
      prune();
      return new Claim(publication, awaited);
    }
  }

  /**
   * Records that Kafka holds {@code identity} of {@code slot} for {@code monitors}: read back from
   * the stream topics by a starting gateway.
   */
  public void markPublished(long slot, String identity, Collection<String> monitors) {
    synchronized (this) {
      if (slot < forgottenBelow) {
        return;
      }
      Map<String, Publication> marks = bySlot.computeIfAbsent(slot, s -> new HashMap<>())
          .computeIfAbsent(identity, i -> new HashMap<>(4));
      for (String monitor : monitors) {
        if (marks.put(monitor, Publication.ALREADY_DONE) == null) {
          size++;
        }
      }
      prune();
    }
  }

  /**
   * Kafka answered a publication: done, or failed and withdrawn (a replay publishes it again).
   * Its waiters hear the outcome. Only the first call counts.
   */
  public void resolve(Publication publication, long slot, String identity, boolean published) {
    List<Consumer<Boolean>> waiters;
    synchronized (this) {
      if (publication.state != Publication.State.PENDING) {
        return;
      }
      publication.state = published ? Publication.State.DONE : Publication.State.FAILED;
      if (!published) {
        Map<String, Map<String, Publication>> identities = bySlot.get(slot);
        Map<String, Publication> marks = identities == null ? null : identities.get(identity);
        if (marks != null) {
          for (String monitor : publication.monitors) {
            if (marks.remove(monitor, publication)) {
              size--;
            }
          }
        }
      }
      waiters = publication.waiters;
      publication.waiters = null;
    }
    if (waiters != null) {
      waiters.forEach(w -> w.accept(published));
    }
  }

  /** Calls {@code waiter} with the outcome of {@code publication}: now if known, else when it is. */
  public void await(Publication publication, Consumer<Boolean> waiter) {
    boolean outcome;
    synchronized (this) {
      if (publication.state == Publication.State.PENDING) {
        if (publication.waiters == null) {
          publication.waiters = new ArrayList<>(2);
        }
        publication.waiters.add(waiter);
        return;
      }
      outcome = publication.state == Publication.State.DONE;
    }
    waiter.accept(outcome);
  }

  /**
   * Streams of the group may still replay from {@code slot} (the lowest of their resume points):
   * slots from there on are kept, within the cap, even when older than {@code slotsRemembered}.
   */
  public void retainFrom(long slot) {
    retainFrom = slot;
  }

  private void prune() {
    long keepFrom = retainFrom;
    while (bySlot.lastKey() - bySlot.firstKey() >= slotsRemembered) {
      long first = bySlot.firstKey();
      boolean replayable = first >= keepFrom;
      if (replayable && bySlot.lastKey() - first < (long) slotsRemembered * HELD_SLOTS_FACTOR) {
        return;
      }
      for (Map<String, Publication> marks : bySlot.pollFirstEntry().getValue().values()) {
        size -= marks.size();
      }
      forgottenBelow = Math.max(forgottenBelow, first + 1);
    }
  }

  /** Copies dropped because every monitor they matched was covered already. */
  public synchronized long duplicates() {
    return duplicates;
  }

  /** Copies published without a check because their slot was older than the horizon. */
  public synchronized long beyondHorizon() {
    return beyondHorizon;
  }

  /** Monitor marks held now (for tests and stats). */
  public synchronized int size() {
    return size;
  }
}
