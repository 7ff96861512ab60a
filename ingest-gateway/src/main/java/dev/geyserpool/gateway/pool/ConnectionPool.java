package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.pool.PoolAction.CloseConnection;
import dev.geyserpool.gateway.pool.PoolAction.CloseStream;
import dev.geyserpool.gateway.pool.PoolAction.MonitorStatus;
import dev.geyserpool.gateway.pool.PoolAction.OpenStream;
import dev.geyserpool.gateway.pool.PoolAction.Ping;
import dev.geyserpool.gateway.pool.PoolAction.UpdateFilters;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * The pool core: which connections exist, which stream slots carry which monitors and where they
 * are placed, and every rule of the pool (connection budget, group shares, placement, TTL
 * rotation make-before-break, idle timeout, health checks, backoff, request queue, debounce).
 *
 * <p>Plain Java with no gRPC or Kafka types: inputs are method calls with the current monotonic
 * time, outputs are {@link PoolAction}s collected until {@link #drainActions()}. The adapter
 * carries the actions out and reports back ({@link #connectionReady}, {@link #streamFailed}...).
 *
 * <p>Threading: not thread-safe; every method must run on the pool's one serialized control
 * thread. The adapter publishes {@link #snapshot} results to other threads.
 */
public final class ConnectionPool {
  private final PoolState state;
  private final Placement placement;
  private final Rotation rotation;
  private final ConnectionRequestQueue queue = new ConnectionRequestQueue();
  private final Map<String, MonitorSpec> monitors = new HashMap<>();
  private final Map<String, String> slotOfMonitor = new HashMap<>();
  private final Map<String, String> lastChangedMonitorOfSlot = new HashMap<>();
  private long nextSlotNumber = 1;
  private long nextHealthCheckAtNanos = Long.MIN_VALUE;

  /**
   * @param budget the connection budget, restored from the ledger before the pool starts
   * @param random given a bound b &gt; 0 returns a uniform value in [0, b): jitter for TTLs and backoff
   */
  public ConnectionPool(PoolRules rules, ConnectionBudget budget, LongUnaryOperator random) {
    this.state = new PoolState(rules, budget, random);
    this.placement = new Placement(state);
    this.rotation = new Rotation(state, placement);
  }

  // ---- monitors ------------------------------------------------------------------------------

  /**
   * Adds or changes a monitor. A monitor whose stream kind is unchanged stays on its slot and the
   * slot's filters are re-sent after the debounce; otherwise it joins (or opens) a slot of its kind.
   */
  public void declare(MonitorSpec monitor, long nowNanos) {
    MonitorSpec previous = monitors.put(monitor.id(), monitor);
    String currentSlot = slotOfMonitor.get(monitor.id());
    if (previous != null && currentSlot != null && previous.kind().equals(monitor.kind())) {
      StreamSlot slot = state.slots.get(currentSlot);
      markFiltersChanged(slot, monitor.id(), nowNanos);
      return;
    }
    if (currentSlot != null) {
      leaveSlot(monitor.id(), currentSlot, nowNanos);
    }
    StreamSlot slot = state.slots.values().stream()
        .filter(s -> s.state() != StreamState.CLOSED && s.kind().equals(monitor.kind()))
        .filter(s -> s.monitors().size() < state.rules.maxMonitorsPerStream())
        .min(Comparator.comparingInt(s -> s.monitors().size()))
        .orElseGet(() -> newSlot(monitor.kind(), nowNanos));
    slot.monitors().add(monitor.id());
    slotOfMonitor.put(monitor.id(), slot.id());
    if (slot.state().isOpen()) {
      membership(PoolEventKind.MONITOR_JOINED, slot, monitor.id(), "joined the open stream");
    }
    boolean earlier = slot.restoreResume(monitor.resumeFromSlot());
    if (slot.state() == StreamState.PENDING) {
      enqueue(slot, nowNanos);
    } else if (earlier && slot.state().isOpen()) {
      // Its data stands before where the open stream is: reopen the stream from there (the
      // others' overlap is deduplicated), or the state.slots in between would be lost for it.
      rewind(slot, "monitor " + monitor.id() + " resumes from slot " + monitor.resumeFromSlot(), nowNanos);
    } else {
      markFiltersChanged(slot, monitor.id(), nowNanos);
    }
  }

  private void rewind(StreamSlot slot, String reason, long nowNanos) {
    placement.detach(slot, nowNanos);
    state.actions.add(new CloseStream(slot.id(), slot.primaryGeneration(), reason));
    if (slot.movingToConnectionId() != null) {
      state.actions.add(new CloseStream(slot.id(), slot.successorGeneration(), reason));
      rotation.abandonMove(slot);
    }
    slot.pending(nowNanos);
    enqueue(slot, nowNanos);
  }

  /**
   * Puts a pending slot in the queue for a connection; its joining is reported once, with its
   * monitors (a slot already waiting keeps its place).
   */
  private void enqueue(StreamSlot slot, long nowNanos) {
    if (queue.offer(slot.id(), priorityOf(slot), nowNanos, state.rules.requestTimeout().toNanos())) {
      state.emit(PoolEventKind.REQUEST_QUEUED, null, slot, "waits for a connection", queue.size());
    }
  }

  /** A monitor joined or left an open stream: reported with the stream, its connection and that monitor. */
  private void membership(PoolEventKind type, StreamSlot slot, String monitorId, String reason) {
    state.emit(state.event(type, slot.connectionId(), slot, reason, slot.monitors().size()).withMonitors(Set.of(monitorId)));
  }

  /** Removes a monitor; a slot left without monitors is closed. */
  public void remove(String monitorId, long nowNanos) {
    monitors.remove(monitorId);
    String slotId = slotOfMonitor.get(monitorId);
    if (slotId != null) {
      leaveSlot(monitorId, slotId, nowNanos);
    }
  }

  private void leaveSlot(String monitorId, String slotId, long nowNanos) {
    slotOfMonitor.remove(monitorId);
    StreamSlot slot = state.slots.get(slotId);
    slot.monitors().remove(monitorId);
    if (slot.state().isOpen()) {
      membership(PoolEventKind.MONITOR_LEFT, slot, monitorId, "left the open stream");
    }
    if (slot.monitors().isEmpty()) {
      closeSlot(slot, "no monitor left", nowNanos);
    } else {
      markFiltersChanged(slot, monitorId, nowNanos);
    }
  }

  private void markFiltersChanged(StreamSlot slot, String monitorId, long nowNanos) {
    slot.filtersChanged(nowNanos);
    lastChangedMonitorOfSlot.put(slot.id(), monitorId);
  }

  private StreamSlot newSlot(StreamKind kind, long nowNanos) {
    String id = "slot-" + kind.label() + "-" + nextSlotNumber++;
    StreamSlot slot = new StreamSlot(id, kind, new Backoff(state.rules.backoffMin(), state.rules.backoffMax(), state.random), nowNanos);
    state.slots.put(id, slot);
    return slot;
  }

  private void closeSlot(StreamSlot slot, String reason, long nowNanos) {
    queue.remove(slot.id());
    if (slot.state().isOpen()) {
      placement.detach(slot, nowNanos);
      state.actions.add(new CloseStream(slot.id(), slot.primaryGeneration(), reason));
      if (slot.movingToConnectionId() != null) {
        state.actions.add(new CloseStream(slot.id(), slot.successorGeneration(), reason));
      }
      state.emit(PoolEventKind.STREAM_CLOSED, slot.connectionId(), slot, reason, 0);
      state.counters.streamsClosed++;
    }
    slot.close();
    state.slots.remove(slot.id());
  }

  /** The monitor ids of a slot, for the adapter's merged request. */
  public Set<String> monitorsOf(String slotId) {
    StreamSlot slot = state.slots.get(slotId);
    return slot == null ? Set.of() : Set.copyOf(slot.monitors());
  }

  /**
   * The provider rejected a slot's request (INVALID_ARGUMENT) although it passed local
   * validation: drop the monitor whose change came last (or the one the error names) and resume
   * the others.
   *
   * @return the monitor dropped
   */
  public Optional<String> rejectOffendingMonitor(String slotId, Optional<String> namedMonitor, String reason, long nowNanos) {
    StreamSlot slot = state.slots.get(slotId);
    if (slot == null || slot.monitors().isEmpty()) {
      return Optional.empty();
    }
    String culprit = namedMonitor.filter(slot.monitors()::contains)
        .orElseGet(() -> Optional.ofNullable(lastChangedMonitorOfSlot.get(slotId))
            .filter(slot.monitors()::contains)
            .orElse(slot.monitors().iterator().next()));
    state.emit(PoolEventKind.FILTER_REJECTED, slot.connectionId(), slot, reason, 0);
    state.actions.add(new MonitorStatus(culprit, "rejected", "the provider rejected the filters of monitor " + culprit + ": " + reason));
    remove(culprit, nowNanos);
    return Optional.of(culprit);
  }

  // ---- adapter reports -----------------------------------------------------------------------

  /**
   * The adapter is about to dial {@code connectionId} (its ledger record is written). The state.budget
   * counts the attempt from now, when the provider will see it, not from when it was granted.
   *
   * @return false when the window filled up in between: do not dial; the connection is failed
   *     and its streams are placed again
   */
  public boolean confirmDial(String connectionId, long nowNanos) {
    PoolConnection c = state.connections.get(connectionId);
    if (c == null || state.rules.scope() != PoolRules.RateLimitScope.CONNECTIONS) {
      return c != null;
    }
    if (state.budget.retime(c.createdAtNanos(), nowNanos)) {
      return true;
    }
    connectionFailed(connectionId, FailureKind.OTHER, "the budget window filled up before the dial went out", nowNanos);
    return false;
  }

  /** A dialed connection is ready. */
  public void connectionReady(String connectionId, long nowNanos) {
    PoolConnection c = state.connections.get(connectionId);
    if (c == null || c.state() != ConnectionState.CREATED) {
      return;
    }
    // Its streams may all have left while it was dialed: then it is idle from the start, and said so.
    boolean idle = c.streams().isEmpty();
    c.transition(idle ? ConnectionState.IDLE : ConnectionState.ACTIVE, nowNanos, "ready");
    state.counters.connectTimeNanosTotal += nowNanos - c.createdAtNanos();
    state.counters.connectTimeSamples++;
    state.actions.add(new PoolAction.Measured(PoolAction.Measure.CONNECT, nowNanos - c.createdAtNanos()));
    state.emit(state.event(idle ? PoolEventKind.CONNECTION_IDLE : PoolEventKind.CONNECTION_ACTIVE, c,
        idle ? "ready, with no stream" : "ready", (nowNanos - c.createdAtNanos()) / 1_000_000));
  }

  /** A connection failed for a reason of kind {@link FailureKind#OTHER}; see {@link #connectionFailed(String, FailureKind, String, long)}. */
  public void connectionFailed(String connectionId, String reason, long nowNanos) {
    connectionFailed(connectionId, FailureKind.OTHER, reason, nowNanos);
  }

  /**
   * A connection's transport failed (or its dial did): mark it failed, remove it and move its
   * streams to healthy connections, resuming from their last slot.
   *
   * @param kind what kind of failure, as the adapter classified it
   */
  public void connectionFailed(String connectionId, FailureKind kind, String reason, long nowNanos) {
    PoolConnection c = state.connections.get(connectionId);
    if (c == null || c.state() == ConnectionState.REMOVED) {
      return;
    }
    boolean neverReady = c.state() == ConnectionState.CREATED;
    if (c.state() != ConnectionState.FAILED) {
      c.transition(ConnectionState.FAILED, nowNanos, reason);
      state.counters.connectionsFailed++;
      state.counters.recordFailure(nowNanos);
      state.emit(state.event(PoolEventKind.CONNECTION_FAILED, c, reason, 0).withFailure(kind));
    }
    if (neverReady) {
      placement.dialFailed(nowNanos);
    }
    for (String slotId : List.copyOf(c.streams())) {
      StreamSlot slot = state.slots.get(slotId);
      if (slot == null) {
        continue;
      }
      if (connectionId.equals(slot.movingToConnectionId())) {
        // The successor failed: the slot stays where it was and tries to move again later.
        state.actions.add(new CloseStream(slot.id(), slot.successorGeneration(), "connection failed: " + reason));
        rotation.abandonMove(slot);
      } else {
        placement.detach(slot, nowNanos);
        if (slot.movingToConnectionId() != null) {
          // It was moving away anyway: the successor takes over at once.
          rotation.completeMove(slot, null, nowNanos);
        } else {
          state.actions.add(new CloseStream(slot.id(), slot.primaryGeneration(), "connection failed: " + reason));
          slot.pending(nowNanos);
          enqueue(slot, nowNanos);
        }
      }
    }
    c.streams().clear();
    placement.removeConnection(c, "failed: " + reason, nowNanos);
  }

  /**
   * What the adapter saw on one of a slot's calls. The primary call's report moves the slot's
   * resume point; a make-before-break successor's report only decides when it takes over: once it
   * delivered past the slot it resumed from, so the old call is kept until the new one is proven.
   */
  public void observe(String slotId, int generation, CallProgress progress, long nowNanos) {
    StreamSlot slot = state.slots.get(slotId);
    if (slot == null) {
      return;
    }
    if (generation == slot.successorGeneration()) {
      if (progress.contiguousSlot() > slot.moveFromSlot()) {
        rotation.completeMove(slot, progress, nowNanos);
      }
      return;
    }
    if (generation == slot.primaryGeneration()) {
      slot.observe(progress);
    }
  }

  /**
   * Whether Kafka takes records. While it does not, no stream is opened or moved (each would read
   * only to fail again, and spend state.budget); the watchdog leaves paused streams alone.
   */
  public void sinkAvailable(boolean available, long nowNanos) {
    if (available != state.sinkAvailable) {
      state.sinkAvailable = available;
      state.emit(available ? PoolEventKind.SINK_AVAILABLE : PoolEventKind.SINK_UNAVAILABLE, null, null,
          available ? "Kafka takes records again" : "Kafka refuses records; streams wait", 0);
    }
  }

  public boolean sinkAvailable() {
    return state.sinkAvailable;
  }

  /**
   * The adapter started the Subscribe call of a slot's open: its monitors are served from now on
   * (told only now, not at placement: the dial, the ledger and the call come first).
   */
  public void streamStarted(String slotId, int generation) {
    StreamSlot slot = state.slots.get(slotId);
    if (slot == null || generation != slot.primaryGeneration()) {
      return;
    }
    for (String monitor : slot.servedMonitors()) {
      state.actions.add(new MonitorStatus(monitor, "active", "on stream " + slot.id() + " via " + slot.connectionId()));
    }
  }

  /** The adapter reported the gap a slot's live open was to report (see {@link OpenStream#gapFromSlot}). */
  public void gapReported(String slotId) {
    StreamSlot slot = state.slots.get(slotId);
    if (slot != null) {
      slot.gapReported();
    }
  }

  /** Failure kinds of a stream, as the adapter classifies the gRPC status. */
  public enum StreamFailure {
    /** Transient: resume from the last slot after a backoff. */
    RETRYABLE,
    /** The provider no longer holds the resume slot: the adapter published a gap; resume live. */
    OUT_OF_RANGE,
    /** The provider ended the stream for good (auth, permission): report, keep retrying slowly. */
    FATAL
  }

  /**
   * A slot's call ended with an error whose {@link FailureKind} follows from {@code kind}:
   * OUT_OF_RANGE, UNAUTHENTICATED for FATAL, OTHER for RETRYABLE.
   */
  public void streamFailed(String slotId, int generation, StreamFailure kind, String reason, long nowNanos) {
    FailureKind failure = switch (kind) {
      case OUT_OF_RANGE -> FailureKind.OUT_OF_RANGE;
      case FATAL -> FailureKind.UNAUTHENTICATED;
      case RETRYABLE -> FailureKind.OTHER;
    };
    streamFailed(slotId, generation, kind, failure, reason, nowNanos);
  }

  /**
   * A slot's call ended with an error.
   *
   * @param kind what the pool does about it
   * @param failure what kind of failure it was, as the adapter classified it, for the events
   */
  public void streamFailed(String slotId, int generation, StreamFailure kind, FailureKind failure, String reason,
      long nowNanos) {
    StreamSlot slot = state.slots.get(slotId);
    if (slot == null) {
      return;
    }
    if (generation == slot.successorGeneration()) {
      rotation.abandonMove(slot);
      return;
    }
    boolean current = generation == slot.primaryGeneration();
    if (!current || !slot.state().isOpen()) {
      return;
    }
    if (slot.movingToConnectionId() != null) {
      placement.detach(slot, nowNanos);
      rotation.completeMove(slot, null, nowNanos);
      return;
    }
    state.counters.streamsFailed++;
    state.emit(state.event(PoolEventKind.STREAM_FAILED, slot.connectionId(), slot, kind + ": " + reason,
        slot.backoff().attempts()).withFailure(failure));
    placement.detach(slot, nowNanos);
    if (kind == StreamFailure.OUT_OF_RANGE) {
      state.counters.gaps++;
      slot.resumeLive();
    }
    long delay = slot.backoff().nextDelayNanos();
    if (kind == StreamFailure.FATAL) {
      delay = state.rules.backoffMax().toNanos();
      for (String monitor : slot.monitors()) {
        state.actions.add(new MonitorStatus(monitor, "failed", "stream " + slot.id() + " ended: " + reason + "; retrying in "
            + delay / 1_000_000 + " ms"));
      }
    }
    slot.backoffUntil(nowNanos + delay);
  }

  // ---- housekeeping --------------------------------------------------------------------------

  /**
   * Applies every time-based rule at {@code nowNanos} and places waiting state.slots.
   *
   * @return nanoseconds until the next run is needed
   */
  public long runOnce(long nowNanos) {
    if (nextHealthCheckAtNanos == Long.MIN_VALUE) {
      nextHealthCheckAtNanos = nowNanos + state.rules.healthCheckInterval().toNanos();
    }
    long next = Long.MAX_VALUE;
    next = Math.min(next, retryBackoffs(nowNanos));
    next = Math.min(next, watchdog(nowNanos));
    next = Math.min(next, healthCheck(nowNanos));
    next = Math.min(next, rotation.expireConnections(nowNanos));
    next = Math.min(next, closeIdleConnections(nowNanos));
    next = Math.min(next, placePending(nowNanos));
    next = Math.min(next, sendDebouncedFilters(nowNanos));
    next = Math.min(next, reportWaitingTooLong(nowNanos));
    return Math.max(0, next - nowNanos);
  }

  private long retryBackoffs(long now) {
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : state.slots.values()) {
      if (slot.state() == StreamState.BACKOFF) {
        if (now >= slot.retryAtNanos()) {
          slot.pending(now);
          enqueue(slot, now);
        } else {
          next = Math.min(next, slot.retryAtNanos());
        }
      }
    }
    return next;
  }

  /**
   * A stream silent (no data, no pong) for too long means its connection is stalled: the
   * connection is failed and closed, and its streams resume elsewhere from their last slot.
   */
  private long watchdog(long now) {
    long silence = state.rules.streamSilenceTimeout().toNanos();
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : List.copyOf(state.slots.values())) {
      if (!slot.state().isOpen() || slot.connectionId() == null) {
        continue;
      }
      if (slot.backpressured()) {
        // Its reads wait for Kafka: pongs queue behind unread updates. Not a stall.
        next = Math.min(next, now + silence);
        continue;
      }
      long heardAt = Math.max(slot.lastDataAtNanos(), slot.lastPongAtNanos());
      long pingAt = slot.pingSentAtNanos();
      long pingTimeout = state.rules.pingTimeout().toNanos();
      if (pingAt > 0 && slot.lastPongAtNanos() < pingAt && slot.lastDataAtNanos() < pingAt) {
        if (now - pingAt >= pingTimeout) {
          String reason = "stream " + slot.id() + " silent since a ping " + (now - pingAt) / 1_000_000 + " ms ago";
          String connectionId = slot.connectionId();
          state.actions.add(new CloseConnection(connectionId, reason));
          connectionFailed(connectionId, FailureKind.TIMEOUT, reason, now);
          continue;
        }
        next = Math.min(next, pingAt + pingTimeout);
      }
      if (now - heardAt >= silence) {
        String reason = "stream " + slot.id() + " silent for " + (now - heardAt) / 1_000_000 + " ms";
        String connectionId = slot.connectionId();
        state.actions.add(new CloseConnection(connectionId, reason));
        connectionFailed(connectionId, FailureKind.TIMEOUT, reason, now);
      } else {
        next = Math.min(next, heardAt + silence);
      }
    }
    return next;
  }

  private long healthCheck(long now) {
    if (now < nextHealthCheckAtNanos) {
      return nextHealthCheckAtNanos;
    }
    for (StreamSlot slot : state.slots.values()) {
      if (slot.state().isOpen()) {
        state.actions.add(new Ping(slot.id()));
        if (slot.pingSentAtNanos() == 0 || slot.lastPongAtNanos() >= slot.pingSentAtNanos()) {
          slot.pingSent(now); // an unanswered ping keeps its time: the timeout runs from the first
        }
      }
    }
    nextHealthCheckAtNanos = now + state.rules.healthCheckInterval().toNanos();
    return nextHealthCheckAtNanos;
  }

  private long closeIdleConnections(long now) {
    long idle = state.rules.idleTimeout().toNanos();
    long next = Long.MAX_VALUE;
    for (PoolConnection c : List.copyOf(state.connections.values())) {
      if (c.state() == ConnectionState.IDLE) {
        if (now - c.stateSinceNanos() >= idle) {
          state.actions.add(new CloseConnection(c.id(), "idle for " + state.rules.idleTimeout()));
          placement.removeConnection(c, "idle timeout", now);
        } else {
          next = Math.min(next, c.stateSinceNanos() + idle);
        }
      }
    }
    return next;
  }

  private long placePending(long now) {
    long next = Long.MAX_VALUE;
    if (!state.sinkAvailable) {
      emitQueueDepth();
      return next;
    }
    for (ConnectionRequestQueue.Request request : queue.inOrder()) {
      StreamSlot slot = state.slots.get(request.slotId());
      if (slot == null || slot.state() != StreamState.PENDING) {
        queue.remove(request.slotId());
        continue;
      }
      if (!placement.streamTokenAvailable(now)) {
        // The provider counts streams and the window is spent: wait, in priority order.
        placement.tokenDenied(slot, now);
        next = Math.min(next, now + state.budget.nanosUntilAvailable(now));
        break;
      }
      // A slot open before lost its connection (or its call ended with it): a dial for it replaces one.
      DialCause cause = slot.generation() > 0 ? DialCause.REPLACEMENT : DialCause.FIRST;
      Optional<PoolConnection> target = placement.placeFor(slot, null, now, cause);
      if (target.isEmpty()) {
        next = Math.min(next, placement.nextPlacementChance(now));
        if (state.budget.remaining(now) == 0 || now < placement.dialAllowedAtNanos()) {
          // Priority order: a lower request must not take the token a higher one waits for.
          break;
        }
        continue;
      }
      queue.remove(slot.id());
      PoolConnection c = target.get();
      boolean budgeted = placement.spendStreamToken(slot, c.id(), now);
      c.streams().add(slot.id());
      placement.activate(c, now);
      slot.opening(c.id(), now);
      slot.filtersSent();
      long waitedNanos = now - request.enqueuedAtNanos();
      state.counters.queueWaitNanosTotal += waitedNanos;
      state.counters.queueWaitSamples++;
      state.actions.add(new PoolAction.Measured(PoolAction.Measure.QUEUE_WAIT, waitedNanos));
      long from = slot.resumeFrom();
      state.actions.add(new OpenStream(slot.id(), c.id(), slot.generation(), slot.kind(), Set.copyOf(slot.monitors()), from,
          slot.pendingGapFrom(), budgeted));
      state.counters.streamsOpened++;
      state.emit(state.event(from > 0 ? PoolEventKind.STREAM_RESUMED : PoolEventKind.STREAM_OPENED, c.id(), slot,
          from > 0 ? "resume from slot " + from : "open", from).withQueueWaitNanos(waitedNanos));
    }
    emitQueueDepth();
    return next;
  }

  private int lastReportedQueueDepth = -1;

  private void emitQueueDepth() {
    if (queue.size() != lastReportedQueueDepth) {
      lastReportedQueueDepth = queue.size();
      state.emit(PoolEventKind.QUEUE_DEPTH, null, null, "", queue.size());
    }
  }

  private long sendDebouncedFilters(long now) {
    long debounce = state.rules.filterDebounce().toNanos();
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : state.slots.values()) {
      long changedAt = slot.filtersChangedAtNanos();
      if (changedAt < 0) {
        continue;
      }
      if (!slot.state().isOpen()) {
        continue;
      }
      if (now - changedAt >= debounce) {
        state.actions.add(new UpdateFilters(slot.id(), Set.copyOf(slot.monitors())));
        // A monitor that joined an open stream is served once its filters went out with this request.
        for (String monitor : slot.filtersSent()) {
          state.actions.add(new MonitorStatus(monitor, "active", "filters added to stream " + slot.id() + " via "
              + slot.connectionId()));
        }
      } else {
        next = Math.min(next, changedAt + debounce);
      }
    }
    return next;
  }

  private long reportWaitingTooLong(long now) {
    for (ConnectionRequestQueue.Request r : queue.takeExpired(now)) {
      StreamSlot slot = state.slots.get(r.slotId());
      if (slot == null) {
        continue;
      }
      long waitedMs = (now - r.enqueuedAtNanos()) / 1_000_000;
      String pool = describe(now);
      state.emit(PoolEventKind.REQUEST_TIMED_OUT, null, slot, "waited " + waitedMs + " ms", waitedMs);
      for (String monitor : slot.monitors()) {
        state.actions.add(new MonitorStatus(monitor, "waiting",
            "monitor " + monitor + " waited " + waitedMs + " ms for a connection and is still queued (" + pool
                + "); it will be served as soon as the budget or the group's share allows"));
      }
    }
    return queue.peek().map(ConnectionRequestQueue.Request::deadlineNanos).orElse(Long.MAX_VALUE);
  }

  /** The pool's state in one line, for error messages. */
  public String describe(long now) {
    long active = state.connections.values().stream().filter(c -> c.state() == ConnectionState.ACTIVE).count();
    long idle = state.connections.values().stream().filter(c -> c.state() == ConnectionState.IDLE).count();
    return "total=" + state.connections.size() + ", active=" + active + ", idle=" + idle + ", waiting=" + queue.size()
        + ", rateLimitRemaining=" + state.budget.remaining(now) + "/" + state.budget.limit();
  }

  private int priorityOf(StreamSlot slot) {
    return slot.monitors().stream().map(monitors::get).filter(java.util.Objects::nonNull)
        .mapToInt(MonitorSpec::priority).max().orElse(0);
  }


  // ---- outputs -------------------------------------------------------------------------------

  /** The state.actions decided since the last call, in order. */
  public List<PoolAction> drainActions() {
    List<PoolAction> out = List.copyOf(state.actions);
    state.actions.clear();
    return out;
  }

  public Map<String, PoolConnection> connections() {
    return java.util.Collections.unmodifiableMap(state.connections);
  }

  public Map<String, StreamSlot> slots() {
    return java.util.Collections.unmodifiableMap(state.slots);
  }

  public ConnectionBudget budget() {
    return state.budget;
  }

  public int queuedRequests() {
    return queue.size();
  }

  /** The requests waiting for a connection, oldest first. */
  public List<ConnectionRequestQueue.Request> waitingRequests() {
    return queue.oldestFirst();
  }

  public PoolCounters counters() {
    return state.counters;
  }

  public Optional<String> slotOf(String monitorId) {
    return Optional.ofNullable(slotOfMonitor.get(monitorId));
  }
}
