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
  /**
   * Per slot, per identity, the publications of that update: one {@link Publication} (the common
   * case: one stream, one copy), or a {@code Publication[]} when copies covered other monitors.
   */
  private final TreeMap<Long, Map<String, Object>> bySlot = new TreeMap<>();
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
   * once. Its waiters hear the outcome. Once done, it knows where the update's bytes are stored.
   */
  public static final class Publication {
    private enum State { PENDING, DONE, FAILED }

    private final Set<String> monitors;
    private final long content;
    private final Publication base;
    private State state;
    private List<Consumer<Boolean>> waiters;
    private volatile int partition = -1;
    private volatile long offset = -1;

    private Publication(Set<String> monitors, State state, long content, Publication base) {
      this.monitors = monitors;
      this.state = state;
      this.content = content;
      this.base = base;
    }

    /** The monitors this publication writes the update for. */
    public Set<String> monitors() {
      return monitors;
    }

    /**
     * The earlier publication of the same content whose record already holds the update's bytes,
     * or null when this one writes them: a record pointing at the base's is enough.
     */
    public Publication base() {
      return base;
    }

    /** The partition of the record holding the update's bytes, or -1 while unknown. */
    public int partition() {
      return partition;
    }

    /** The offset of the record holding the update's bytes, or -1 while unknown. */
    public long offset() {
      return offset;
    }

    /** Whether Kafka holds the update's bytes at a known place, so later copies may point there. */
    private boolean stored() {
      return state != State.FAILED && (state == State.PENDING || offset >= 0);
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
   * never published for (or whose publication failed) get a new pending {@link Publication}. When
   * the topic holds (or is writing) the same content for other monitors, that publication is the
   * new one's {@link Publication#base() base}: its bytes are not written again.
   *
   * @param content the copy's {@link dev.geyserpool.wire.UpdateContent#fingerprint fingerprint}
   */
  public Claim claim(long slot, String identity, Collection<String> monitors, long content) {
    synchronized (this) {
      if (slot < forgottenBelow) {
        beyondHorizon++;
        return new Claim(new Publication(Set.copyOf(monitors), Publication.State.PENDING, content, null), List.of());
      }
      Map<String, Object> identities = bySlot.computeIfAbsent(slot, s -> new HashMap<>());
      Object held = identities.get(identity);
      if (held == null) {
        // The common case: the first copy.
        Publication publication = new Publication(Set.copyOf(monitors), Publication.State.PENDING, content, null);
        identities.put(identity, publication);
        size += monitors.size();
        prune();
        return new Claim(publication, List.of());
      }
      Publication[] publications = held instanceof Publication one ? new Publication[] {one} : (Publication[]) held;
      Set<String> fresh = null;
      List<Publication> awaited = List.of();
      for (String monitor : monitors) {
        Publication covering = null;
        for (Publication p : publications) {
          if (p.monitors.contains(monitor)) {
            covering = p;
            break;
          }
        }
        if (covering == null) {
          if (fresh == null) {
            fresh = new LinkedHashSet<>();
          }
          fresh.add(monitor);
        } else if (covering.state == Publication.State.PENDING && !awaited.contains(covering)) {
          if (awaited.isEmpty()) {
            awaited = new ArrayList<>(2);
          }
          awaited.add(covering);
        }
      }
      Publication publication = null;
      if (fresh != null) {
        publication = new Publication(Set.copyOf(fresh), Publication.State.PENDING, content,
            baseFor(publications, content));
        Publication[] more = java.util.Arrays.copyOf(publications, publications.length + 1);
        more[publications.length] = publication;
        identities.put(identity, more);
        size += fresh.size();
      } else if (awaited.isEmpty()) {
        duplicates++;
      }
      prune();
      return new Claim(publication, awaited);
    }
  }

  /** The first publication of {@code content} whose record holds the bytes (or will), or null. */
  private static Publication baseFor(Publication[] publications, long content) {
    for (Publication p : publications) {
      if (p.base == null && p.content == content && p.stored()) {
        return p;
      }
    }
    return null;
  }

  /** Adds {@code publication} to what {@code identity} of a slot holds. */
  private void hold(Map<String, Object> identities, String identity, Publication publication) {
    Object held = identities.get(identity);
    if (held == null) {
      identities.put(identity, publication);
    } else if (held instanceof Publication one) {
      identities.put(identity, new Publication[] {one, publication});
    } else {
      Publication[] all = (Publication[]) held;
      Publication[] more = java.util.Arrays.copyOf(all, all.length + 1);
      more[all.length] = publication;
      identities.put(identity, more);
    }
  }

  /** Drops {@code publication} from what {@code identity} of a slot holds. */
  private void release(Map<String, Object> identities, String identity, Publication publication) {
    Object held = identities.get(identity);
    if (held == publication) {
      identities.remove(identity);
      size -= publication.monitors.size();
    } else if (held instanceof Publication[] all) {
      List<Publication> left = new ArrayList<>(List.of(all));
      if (left.remove(publication)) {
        size -= publication.monitors.size();
        identities.put(identity, left.size() == 1 ? left.get(0) : left.toArray(new Publication[0]));
      }
    }
  }

  /**
   * Records that Kafka holds {@code identity} of {@code slot} for {@code monitors}: read back from
   * the stream topics by a starting gateway.
   *
   * @param content the fingerprint of the bytes stored at {@code partition} / {@code offset}, or
   *     0 when the record holds no bytes (later copies then write their own)
   */
  public void markPublished(long slot, String identity, Collection<String> monitors, long content, int partition,
      long offset) {
    synchronized (this) {
      if (slot < forgottenBelow) {
        return;
      }
      Map<String, Object> identities = bySlot.computeIfAbsent(slot, s -> new HashMap<>());
      Publication done = new Publication(Set.copyOf(monitors), Publication.State.DONE, content, null);
      if (content != 0) {
        done.partition = partition;
        done.offset = offset;
      }
      hold(identities, identity, done);
      size += monitors.size();
      prune();
    }
  }

  /**
   * Kafka answered a publication: done, or failed and withdrawn (a replay publishes it again).
   * Its waiters hear the outcome. Only the first call counts.
   *
   * @param partition where the record holding the update's bytes was written, or -1 when Kafka
   *     holds none for it (refused for good: the topic gets a gap record instead)
   */
  public void resolve(Publication publication, long slot, String identity, boolean published, int partition,
      long offset) {
    List<Consumer<Boolean>> waiters;
    synchronized (this) {
      if (publication.state != Publication.State.PENDING) {
        return;
      }
      if (published && partition >= 0) {
        publication.partition = partition;
        publication.offset = offset;
      }
      publication.state = published ? Publication.State.DONE : Publication.State.FAILED;
      if (!published) {
        Map<String, Object> identities = bySlot.get(slot);
        if (identities != null) {
          release(identities, identity, publication);
        }
      }
      waiters = publication.waiters;
      publication.waiters = null;
    }
    if (waiters != null) {
      waiters.forEach(w -> w.accept(published));
    }
  }

  /** Whether Kafka has not answered {@code publication} yet. */
  public synchronized boolean pending(Publication publication) {
    return publication.state == Publication.State.PENDING;
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
      for (Object held : bySlot.pollFirstEntry().getValue().values()) {
        if (held instanceof Publication one) {
          size -= one.monitors.size();
        } else {
          for (Publication p : (Publication[]) held) {
            size -= p.monitors.size();
          }
        }
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
