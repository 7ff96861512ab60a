package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.subscription.StreamKey;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One logical stream: the merged filters of some monitors sharing a {@link StreamKey}. It lives
 * across reconnects and rotations; each time it is (re)opened on a connection the adapter starts
 * a new gRPC call for it, resuming from {@link #lastSlot()} when it has one.
 *
 * <p>Not thread-safe: owned by the pool's control thread.
 */
public final class StreamSlot {
  private final String id;
  private final StreamKey key;
  private final Set<String> monitors = new LinkedHashSet<>();
  private final Set<String> sentMonitors = new LinkedHashSet<>();
  private final Backoff backoff;
  private StreamState state = StreamState.PENDING;
  private String connectionId;
  /** A make-before-break successor: the connection the slot is moving to, while still open here. */
  private String movingToConnectionId;
  private long lastSlot;
  private long lastDataAtNanos;
  private long lastPongAtNanos;
  private long openedAtNanos;
  private long retryAtNanos;
  private long filtersChangedAtNanos = -1;
  private long pendingSinceNanos;
  private int generation;
  /** Set after OUT_OF_RANGE: the next open starts live instead of from lastSlot. */
  private boolean resumeLive;

  StreamSlot(String id, StreamKey key, Backoff backoff, long nowNanos) {
    this.id = id;
    this.key = key;
    this.backoff = backoff;
    this.pendingSinceNanos = nowNanos;
  }

  public String id() {
    return id;
  }

  public StreamKey key() {
    return key;
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

  /** The highest slot seen; 0 before any data. The slot resumes from here. */
  public long lastSlot() {
    return lastSlot;
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

  void pending(long nowNanos) {
    state = StreamState.PENDING;
    connectionId = null;
    movingToConnectionId = null;
    pendingSinceNanos = nowNanos;
  }

  void opening(String connection, long nowNanos) {
    state = StreamState.OPENING;
    connectionId = connection;
    movingToConnectionId = null;
    openedAtNanos = nowNanos;
    lastDataAtNanos = nowNanos;
    lastPongAtNanos = nowNanos;
    generation++;
  }

  void movingTo(String connection) {
    movingToConnectionId = connection;
    generation++;
  }

  /** The successor took over: the slot now lives on the connection it moved to. */
  void moved(long nowNanos) {
    connectionId = movingToConnectionId;
    movingToConnectionId = null;
    openedAtNanos = nowNanos;
    lastDataAtNanos = nowNanos;
    lastPongAtNanos = nowNanos;
  }

  void observe(long dataAtNanos, long pongAtNanos, long slot) {
    boolean freshData = dataAtNanos > lastDataAtNanos && dataAtNanos > openedAtNanos;
    lastDataAtNanos = Math.max(lastDataAtNanos, dataAtNanos);
    lastPongAtNanos = Math.max(lastPongAtNanos, pongAtNanos);
    lastSlot = Math.max(lastSlot, slot);
    if (freshData && state == StreamState.OPENING) {
      state = StreamState.STREAMING;
    }
    if (freshData) {
      backoff.reset();
    }
  }

  /** Where the next open starts: the last slot seen (its overlap is deduplicated), or 0 for live. */
  long resumeFrom() {
    if (resumeLive) {
      resumeLive = false;
      return 0;
    }
    return lastSlot;
  }

  /** The provider no longer holds {@link #lastSlot()}: the gap was reported; start live next time. */
  void resumeLive() {
    resumeLive = true;
  }

  /** A make-before-break successor failed: stay where the slot is. */
  void abandonMove() {
    movingToConnectionId = null;
    generation++;
  }

  void backoffUntil(long retryAt) {
    state = StreamState.BACKOFF;
    connectionId = null;
    movingToConnectionId = null;
    retryAtNanos = retryAt;
  }

  void close() {
    state = StreamState.CLOSED;
    connectionId = null;
    movingToConnectionId = null;
  }

  @Override
  public String toString() {
    return id + "[" + state + " on " + connectionId + ", monitors=" + monitors + ", lastSlot=" + lastSlot + "]";
  }
}
