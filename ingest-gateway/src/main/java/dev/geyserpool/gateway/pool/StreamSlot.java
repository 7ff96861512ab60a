package dev.geyserpool.gateway.pool;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One logical stream: the merged filters of some monitors sharing a {@link StreamKind}. It lives
 * across reconnects and rotations; each time it is (re)opened on a connection the adapter starts
 * a new gRPC call for it, resuming from {@link #lastSlot()} when it has one.
 *
 * <p>Not thread-safe: owned by the pool's control thread.
 */
public final class StreamSlot {
  private final String id;
  private final StreamKind kind;
  private final Set<String> monitors = new LinkedHashSet<>();
  private final Set<String> sentMonitors = new LinkedHashSet<>();
  private final Backoff backoff;
  private StreamState state = StreamState.PENDING;
  private String connectionId;
  /** A make-before-break successor: the connection the slot is moving to, while still open here. */
  private String movingToConnectionId;
  private long lastSlot;
  /** The slot the successor of a make-before-break move started from. */
  private long moveFromSlot;
  private boolean backpressured;
  private long lastDataAtNanos;
  private long lastPongAtNanos;
  private long openedAtNanos;
  /** When the last health-check ping went out on the primary call; 0 before the first. */
  private long pingSentAtNanos;
  private long retryAtNanos;
  private long filtersChangedAtNanos = -1;
  private long pendingSinceNanos;
  private int generation;
  /** The generation of the call the slot lives on (its successor, while moving, has {@link #generation}). */
  private int primaryGeneration;
  /**
   * Set after OUT_OF_RANGE: the next open starts live, and the slots from here up to its first
   * update are reported as a gap. 0 when not set.
   */
  private long resumeLiveGapFrom;

  StreamSlot(String id, StreamKind kind, Backoff backoff, long nowNanos) {
    this.id = id;
    this.kind = kind;
    this.backoff = backoff;
    this.pendingSinceNanos = nowNanos;
  }

  public String id() {
    return id;
  }

  public StreamKind kind() {
    return kind;
  }

  /** The monitors whose filters this slot carries. */
  public Set<String> monitors() {
    return monitors;
  }

  public StreamState state() {
    return state;
  }

  /** The connection the slot is open on, or null. */
  public String connectionId() {
    return connectionId;
  }

  /** The connection a make-before-break move is opening on, or null. */
  public String movingToConnectionId() {
    return movingToConnectionId;
  }

  /**
   * Where the slot resumes from: everything of its stream before this slot is held by Kafka (as
   * its primary call last reported, or as a monitor's checkpoint said); 0 when nothing is known.
   */
  public long lastSlot() {
    return lastSlot;
  }

  /** The monitors whose filters went out on the open stream (served from then on). */
  public Set<String> servedMonitors() {
    return java.util.Collections.unmodifiableSet(sentMonitors);
  }

  /** Whether the primary call's reads are paused for Kafka. */
  public boolean backpressured() {
    return backpressured;
  }

  long moveFromSlot() {
    return moveFromSlot;
  }

  long pingSentAtNanos() {
    return pingSentAtNanos;
  }

  void pingSent(long nowNanos) {
    pingSentAtNanos = nowNanos;
  }

  public long lastDataAtNanos() {
    return lastDataAtNanos;
  }

  public long lastPongAtNanos() {
    return lastPongAtNanos;
  }

  public long openedAtNanos() {
    return openedAtNanos;
  }

  /** How many times the slot was (re)opened: the adapter tags each gRPC call with it. */
  public int generation() {
    return generation;
  }

  /** The generation of the call the slot lives on now (not a make-before-break successor's). */
  public int primaryGeneration() {
    return primaryGeneration;
  }

  /** The generation of the make-before-break successor, or -1 when not moving. */
  public int successorGeneration() {
    return movingToConnectionId == null ? -1 : generation;
  }

  /** Whether a call of {@code generation} on {@code connectionId} is one this slot still wants. */
  public boolean wants(int callGeneration, String onConnection) {
    if (!state.isOpen()) {
      return false;
    }
    return (callGeneration == primaryGeneration && onConnection.equals(connectionId))
        || (callGeneration == successorGeneration() && onConnection.equals(movingToConnectionId));
  }

  Backoff backoff() {
    return backoff;
  }

  long retryAtNanos() {
    return retryAtNanos;
  }

  long pendingSinceNanos() {
    return pendingSinceNanos;
  }

  long filtersChangedAtNanos() {
    return filtersChangedAtNanos;
  }

  void filtersChanged(long nowNanos) {
    filtersChangedAtNanos = nowNanos;
  }

  /**
   * Marks the current filters as sent upstream; returns the monitors whose filters were not on the
   * stream before (they are served from now on).
   */
  Set<String> filtersSent() {
    filtersChangedAtNanos = -1;
    Set<String> added = new LinkedHashSet<>(monitors);
    added.removeAll(sentMonitors);
    sentMonitors.clear();
    sentMonitors.addAll(monitors);
    return added;
  }

  /** The one way a slot changes state: refuses what its lifecycle does not allow. */
  private void transition(StreamState next) {
    if (!state.canBecome(next)) {
      throw new IllegalStateException("stream slot " + id + " cannot go from " + state + " to " + next);
    }
    state = next;
  }

  void pending(long nowNanos) {
    transition(StreamState.PENDING);
    connectionId = null;
    movingToConnectionId = null;
    pendingSinceNanos = nowNanos;
  }

  void opening(String connection, long nowNanos) {
    transition(StreamState.OPENING);
    connectionId = connection;
    movingToConnectionId = null;
    openedAtNanos = nowNanos;
    lastDataAtNanos = nowNanos;
    lastPongAtNanos = nowNanos;
    pingSentAtNanos = 0;
    generation++;
    primaryGeneration = generation;
  }

  void movingTo(String connection, long fromSlot) {
    movingToConnectionId = connection;
    moveFromSlot = fromSlot;
    generation++;
  }

  /**
   * The successor took over: the slot now lives on the connection it moved to.
   *
   * @param successor what the successor reported, or null when it takes over before reporting
   */
  void moved(CallProgress successor, long nowNanos) {
    connectionId = movingToConnectionId;
    movingToConnectionId = null;
    primaryGeneration = generation;
    if (successor != null && successor.resumeSlot() > 0) {
      lastSlot = successor.resumeSlot();
    }
    backpressured = successor != null && successor.backpressured();
    pingSentAtNanos = 0;
    openedAtNanos = nowNanos;
    lastDataAtNanos = nowNanos;
    lastPongAtNanos = nowNanos;
  }

  void observe(CallProgress progress) {
    long dataAtNanos = progress.lastDataAtNanos();
    boolean freshData = dataAtNanos > lastDataAtNanos && dataAtNanos > openedAtNanos;
    lastDataAtNanos = Math.max(lastDataAtNanos, dataAtNanos);
    lastPongAtNanos = Math.max(lastPongAtNanos, progress.lastPongAtNanos());
    backpressured = progress.backpressured();
    if (progress.resumeSlot() > 0) {
      // Not a maximum: a call whose older update Kafka has not acknowledged resumes before it.
      lastSlot = progress.resumeSlot();
    }
    if (freshData && state == StreamState.OPENING) {
      transition(StreamState.STREAMING);
    }
    if (freshData) {
      backoff.reset();
    }
  }

  /** Where the next open starts: the resume slot (its overlap is deduplicated), or 0 for live. */
  long resumeFrom() {
    return resumeLiveGapFrom > 0 ? 0 : lastSlot;
  }

  /**
   * For a live open after OUT_OF_RANGE: where the gap up to its first update starts; else 0. It
   * stays until the gap is reported ({@link #gapReported}), whatever happens to the calls between.
   */
  public long pendingGapFrom() {
    return resumeLiveGapFrom;
  }

  /** The gap that started at {@link #pendingGapFrom()} is reported. */
  void gapReported() {
    resumeLiveGapFrom = 0;
  }

  /** The provider no longer holds {@link #lastSlot()}: start live next time and report the gap. */
  void resumeLive() {
    long from = Math.max(1, lastSlot);
    resumeLiveGapFrom = resumeLiveGapFrom > 0 ? Math.min(resumeLiveGapFrom, from) : from;
  }

  /**
   * A monitor's checkpoint says its data stands at {@code slot}: the slot must resume from there
   * at the latest. Returns whether that is earlier than where it stood.
   */
  boolean restoreResume(long slot) {
    if (slot <= 0 || (lastSlot > 0 && lastSlot <= slot)) {
      return false;
    }
    lastSlot = slot;
    return true;
  }

  /**
   * A make-before-break successor failed: stay where the slot is. Its generation is never reused,
   * so what it still reports is ignored.
   */
  void abandonMove() {
    movingToConnectionId = null;
  }

  void backoffUntil(long retryAt) {
    transition(StreamState.BACKOFF);
    connectionId = null;
    movingToConnectionId = null;
    retryAtNanos = retryAt;
  }

  void close() {
    if (state == StreamState.CLOSED) {
      return;
    }
    transition(StreamState.CLOSED);
    connectionId = null;
    movingToConnectionId = null;
  }

  @Override
  public String toString() {
    return id + "[" + state + " on " + connectionId + ", monitors=" + monitors + ", lastSlot=" + lastSlot + "]";
  }
}
