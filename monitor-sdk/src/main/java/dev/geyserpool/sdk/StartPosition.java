package dev.geyserpool.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a monitor or replay starts reading its topics. Immutable.
 *
 * <ul>
 *   <li>{@link #earliest()} and {@link #latest()} apply only when the monitor's consumer group
 *       ({@code geyser-monitor.<id>}) has no committed offsets yet: a restarted monitor always
 *       continues where its group left off.
 *   <li>{@link #at(Instant)} and {@link #slot(long)} are replays: the monitor reads every
 *       partition of its topics itself (manual assignment, no consumer group, no commits) from
 *       that point on, so the live group's committed offsets never move.
 * </ul>
 */
public final class StartPosition {
  /** The kinds of start position. */
  public enum Kind {
    /** The oldest retained record. */
    EARLIEST,
    /** Records published from now on. */
    LATEST,
    /** The first records whose Kafka timestamp is at or after an instant. */
    TIMESTAMP,
    /** The first records whose {@code geyser.slot} header is at or above a slot. */
    SLOT
  }

  private static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, null, 0);
  private static final StartPosition LATEST = new StartPosition(Kind.LATEST, null, 0);

  private final Kind kind;
  private final Instant timestamp;
  private final long slot;

  private StartPosition(Kind kind, Instant timestamp, long slot) {
    this.kind = kind;
    this.timestamp = timestamp;
    this.slot = slot;
  }

  /** Everything still retained that matched the monitor (for a group without offsets). */
  public static StartPosition earliest() {
    return EARLIEST;
  }

  /** Only what is published from now on (for a group without offsets). */
  public static StartPosition latest() {
    return LATEST;
  }

  /** Replay from the records published at or after {@code from}. */
  public static StartPosition at(Instant from) {
    return new StartPosition(Kind.TIMESTAMP, Objects.requireNonNull(from, "from"), 0);
  }

  /** Replay from the records of slot {@code from} or later. */
  public static StartPosition slot(long from) {
    if (from < 0) {
      throw new IllegalArgumentException("start slot is " + from + ", but must be 0 or more");
    }
    return new StartPosition(Kind.SLOT, null, from);
  }

  public Kind kind() {
    return kind;
  }

  /** The instant of a {@link Kind#TIMESTAMP} position, else null. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The slot of a {@link Kind#SLOT} position, else 0. */
  public long slot() {
    return slot;
  }

  /** Whether this position reads on its own (manual assignment) instead of in the consumer group. */
  public boolean isReplay() {
    return kind == Kind.TIMESTAMP || kind == Kind.SLOT;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case EARLIEST, LATEST -> kind.name().toLowerCase(java.util.Locale.ROOT);
      case TIMESTAMP -> "at " + timestamp;
      case SLOT -> "slot " + slot;
    };
  }
}
