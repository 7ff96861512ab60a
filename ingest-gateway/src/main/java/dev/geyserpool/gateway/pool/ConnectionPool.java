package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.pool.PoolAction.CloseConnection;
import dev.geyserpool.gateway.pool.PoolAction.CloseStream;
import dev.geyserpool.gateway.pool.PoolAction.Dial;
import dev.geyserpool.gateway.pool.PoolAction.Event;
import dev.geyserpool.gateway.pool.PoolAction.MonitorStatus;
import dev.geyserpool.gateway.pool.PoolAction.OpenStream;
import dev.geyserpool.gateway.pool.PoolAction.Ping;
import dev.geyserpool.gateway.pool.PoolAction.UpdateFilters;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final PoolRules rules;
  private final ConnectionBudget budget;
  private final LongUnaryOperator random;
  private final ConnectionRequestQueue queue = new ConnectionRequestQueue();
  private final Map<String, PoolConnection> connections = new LinkedHashMap<>();
  private final Map<String, StreamSlot> slots = new LinkedHashMap<>();
  private final Map<String, MonitorSpec> monitors = new HashMap<>();
  private final Map<String, String> slotOfMonitor = new HashMap<>();
  private final Map<String, String> lastChangedMonitorOfSlot = new HashMap<>();
  private final List<PoolAction> actions = new ArrayList<>();
  private final Backoff dialBackoff;
  private final PoolCounters counters = new PoolCounters();
  private long nextConnectionNumber = 1;
  private long nextSlotNumber = 1;
  private long dialAllowedAtNanos;
  private long nextHealthCheckAtNanos = Long.MIN_VALUE;
  private boolean sinkAvailable = true;

  /**
   * @param budget the connection budget, restored from the ledger before the pool starts
   * @param random given a bound b &gt; 0 returns a uniform value in [0, b): jitter for TTLs and backoff
   */
  public ConnectionPool(PoolRules rules, ConnectionBudget budget, LongUnaryOperator random) {
    this.rules = rules;
    this.budget = budget;
    this.random = random;
    this.dialBackoff = new Backoff(rules.backoffMin(), rules.backoffMax(), random);
  }

  // ---- monitors ------------------------------------------------------------------------------

  /**
   * Adds or changes a monitor. A monitor whose stream kind is unchanged stays on its slot and the
   * slot's filters are re-sent after the debounce; otherwise it joins (or opens) a slot of its kind.
   */
  public void declare(MonitorSpec monitor, long nowNanos) {
    MonitorSpec previous = monitors.put(monitor.id(), monitor);
    String currentSlot = slotOfMonitor.get(monitor.id());
    if (previous != null && currentSlot != null && previous.key().equals(monitor.key())) {
      StreamSlot slot = slots.get(currentSlot);
      markFiltersChanged(slot, monitor.id(), nowNanos);
      return;
    }
    if (currentSlot != null) {
      leaveSlot(monitor.id(), currentSlot, nowNanos);
    }
    StreamSlot slot = slots.values().stream()
        .filter(s -> s.state() != StreamState.CLOSED && s.key().equals(monitor.key()))
        .filter(s -> s.monitors().size() < rules.maxMonitorsPerStream())
        .min(Comparator.comparingInt(s -> s.monitors().size()))
        .orElseGet(() -> newSlot(monitor.key(), nowNanos));
    slot.monitors().add(monitor.id());
    slotOfMonitor.put(monitor.id(), slot.id());
    boolean earlier = slot.restoreResume(monitor.resumeFromSlot());
    if (slot.state() == StreamState.PENDING) {
      queue.offer(slot.id(), priorityOf(slot), nowNanos, rules.requestTimeout().toNanos());
    } else if (earlier && slot.state().isOpen()) {
      // Its data stands before where the open stream is: reopen the stream from there (the
      // others' overlap is deduplicated), or the slots in between would be lost for it.
      rewind(slot, "monitor " + monitor.id() + " resumes from slot " + monitor.resumeFromSlot(), nowNanos);
    } else {
      markFiltersChanged(slot, monitor.id(), nowNanos);
    }
  }

  private void rewind(StreamSlot slot, String reason, long nowNanos) {
    detach(slot, nowNanos);
    actions.add(new CloseStream(slot.id(), slot.generation(), reason));
    if (slot.movingToConnectionId() != null) {
      abandonMove(slot);
      actions.add(new CloseStream(slot.id(), slot.generation(), reason));
    }
    slot.pending(nowNanos);
    queue.offer(slot.id(), priorityOf(slot), nowNanos, rules.requestTimeout().toNanos());
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
    StreamSlot slot = slots.get(slotId);
    slot.monitors().remove(monitorId);
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

  private StreamSlot newSlot(StreamKey key, long nowNanos) {
    String id = "slot-" + key.label() + "-" + nextSlotNumber++;
    StreamSlot slot = new StreamSlot(id, key, new Backoff(rules.backoffMin(), rules.backoffMax(), random), nowNanos);
    slots.put(id, slot);
    return slot;
  }

  private void closeSlot(StreamSlot slot, String reason, long nowNanos) {
    queue.remove(slot.id());
    if (slot.state().isOpen()) {
      detach(slot, nowNanos);
      actions.add(new CloseStream(slot.id(), slot.generation(), reason));
      if (slot.movingToConnectionId() != null) {
        actions.add(new CloseStream(slot.id(), slot.generation() - 1, reason));
      }
      emit(PoolEventType.STREAM_CLOSED, slot.connectionId(), slot, reason, 0);
      counters.streamsClosed++;
    }
    slot.close();
    slots.remove(slot.id());
  }

  /** The monitor ids of a slot, for the adapter's merged request. */
  public Set<String> monitorsOf(String slotId) {
    StreamSlot slot = slots.get(slotId);
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
    StreamSlot slot = slots.get(slotId);
    if (slot == null || slot.monitors().isEmpty()) {
      return Optional.empty();
    }
    String culprit = namedMonitor.filter(slot.monitors()::contains)
        .orElseGet(() -> Optional.ofNullable(lastChangedMonitorOfSlot.get(slotId))
            .filter(slot.monitors()::contains)
            .orElse(slot.monitors().iterator().next()));
    emit(PoolEventType.FILTER_REJECTED, slot.connectionId(), slot, reason, 0);
    actions.add(new MonitorStatus(culprit, "rejected", "the provider rejected the filters of monitor " + culprit + ": " + reason));
    remove(culprit, nowNanos);
    return Optional.of(culprit);
  }

  // ---- adapter reports -----------------------------------------------------------------------

  /**
   * The adapter is about to dial {@code connectionId} (its ledger record is written). The budget
   * counts the attempt from now, when the provider will see it, not from when it was granted.
   *
   * @return false when the window filled up in between: do not dial; the connection is failed
   *     and its streams are placed again
   */
  public boolean confirmDial(String connectionId, long nowNanos) {
    PoolConnection c = connections.get(connectionId);
    if (c == null || rules.scope() != PoolRules.RateLimitScope.CONNECTIONS) {
      return c != null;
    }
    if (budget.retime(c.createdAtNanos(), nowNanos)) {
      return true;
    }
    connectionFailed(connectionId, "the budget window filled up before the dial went out", nowNanos);
    return false;
  }

  /** A dialed connection is ready. */
  public void connectionReady(String connectionId, long nowNanos) {
    PoolConnection c = connections.get(connectionId);
    if (c == null || c.state() != ConnectionState.CREATED) {
      return;
    }
    c.transition(c.streams().isEmpty() ? ConnectionState.IDLE : ConnectionState.ACTIVE, nowNanos, "ready");
    counters.connectTimeNanosTotal += nowNanos - c.createdAtNanos();
    counters.connectTimeSamples++;
    actions.add(new PoolAction.Measured(PoolAction.Measure.CONNECT, nowNanos - c.createdAtNanos()));
    emit(PoolEventType.CONNECTION_ACTIVE, connectionId, null, "ready", (nowNanos - c.createdAtNanos()) / 1_000_000);
  }

  /**
   * A connection's transport failed (or its dial did): mark it failed, remove it and move its
   * streams to healthy connections, resuming from their last slot.
   */
  public void connectionFailed(String connectionId, String reason, long nowNanos) {
    PoolConnection c = connections.get(connectionId);
    if (c == null || c.state() == ConnectionState.REMOVED) {
      return;
    }
    boolean neverReady = c.state() == ConnectionState.CREATED;
    if (c.state() != ConnectionState.FAILED) {
      c.transition(ConnectionState.FAILED, nowNanos, reason);
      counters.connectionsFailed++;
      counters.recordFailure(nowNanos);
      emit(PoolEventType.CONNECTION_FAILED, connectionId, null, reason, 0);
    }
    if (neverReady) {
      dialAllowedAtNanos = nowNanos + dialBackoff.nextDelayNanos();
    }
    for (String slotId : List.copyOf(c.streams())) {
      StreamSlot slot = slots.get(slotId);
      if (slot == null) {
        continue;
      }
      if (connectionId.equals(slot.movingToConnectionId())) {
        // The successor failed: the slot stays where it was and tries to move again later.
        actions.add(new CloseStream(slot.id(), slot.generation(), "connection failed: " + reason));
        abandonMove(slot);
      } else {
        detach(slot, nowNanos);
        if (slot.movingToConnectionId() != null) {
          // It was moving away anyway: the successor takes over at once.
          completeMove(slot, null, nowNanos);
        } else {
          actions.add(new CloseStream(slot.id(), slot.generation(), "connection failed: " + reason));
          slot.pending(nowNanos);
          queue.offer(slot.id(), priorityOf(slot), nowNanos, rules.requestTimeout().toNanos());
        }
      }
    }
    c.streams().clear();
    remove(c, "failed: " + reason, nowNanos);
  }

  /**
   * What the adapter saw on one of a slot's calls. The primary call's report moves the slot's
   * resume point; a make-before-break successor's report only decides when it takes over: once it
   * delivered past the slot it resumed from, so the old call is kept until the new one is proven.
   */
  public void observe(String slotId, int generation, CallProgress progress, long nowNanos) {
    StreamSlot slot = slots.get(slotId);
    if (slot == null) {
      return;
    }
    if (slot.movingToConnectionId() != null && generation == slot.generation()) {
      if (progress.contiguousSlot() > slot.moveFromSlot()) {
        completeMove(slot, progress, nowNanos);
      }
      return;
    }
    if (generation == slot.generation() || (slot.movingToConnectionId() != null && generation == slot.generation() - 1)) {
      slot.observe(progress);
    }
  }

  /**
   * Whether Kafka takes records. While it does not, no stream is opened or moved (each would read
   * only to fail again, and spend budget); the watchdog leaves paused streams alone.
   */
  public void sinkAvailable(boolean available, long nowNanos) {
    if (available != sinkAvailable) {
      sinkAvailable = available;
      emit(available ? PoolEventType.SINK_AVAILABLE : PoolEventType.SINK_UNAVAILABLE, null, null,
          available ? "Kafka takes records again" : "Kafka refuses records; streams wait", 0);
    }
  }

  public boolean sinkAvailable() {
    return sinkAvailable;
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

  /** A slot's call ended with an error. */
  public void streamFailed(String slotId, int generation, StreamFailure kind, String reason, long nowNanos) {
    StreamSlot slot = slots.get(slotId);
    if (slot == null) {
      return;
    }
    if (slot.movingToConnectionId() != null && generation == slot.generation()) {
      abandonMove(slot);
      return;
    }
    boolean current = generation == slot.generation()
        || (slot.movingToConnectionId() != null && generation == slot.generation() - 1);
    if (!current || !slot.state().isOpen()) {
      return;
    }
    if (slot.movingToConnectionId() != null) {
      detach(slot, nowNanos);
      completeMove(slot, null, nowNanos);
      return;
    }
    counters.streamsFailed++;
    emit(PoolEventType.STREAM_FAILED, slot.connectionId(), slot, kind + ": " + reason, slot.backoff().attempts());
    detach(slot, nowNanos);
    if (kind == StreamFailure.OUT_OF_RANGE) {
      counters.gaps++;
      slot.resumeLive();
    }
    long delay = slot.backoff().nextDelayNanos();
    if (kind == StreamFailure.FATAL) {
      delay = rules.backoffMax().toNanos();
      for (String monitor : slot.monitors()) {
        actions.add(new MonitorStatus(monitor, "failed", "stream " + slot.id() + " ended: " + reason + "; retrying in "
            + delay / 1_000_000 + " ms"));
      }
    }
    slot.backoffUntil(nowNanos + delay);
  }

  // ---- housekeeping --------------------------------------------------------------------------

  /**
   * Applies every time-based rule at {@code nowNanos} and places waiting slots.
   *
   * @return nanoseconds until the next run is needed
   */
  public long runOnce(long nowNanos) {
    if (nextHealthCheckAtNanos == Long.MIN_VALUE) {
      nextHealthCheckAtNanos = nowNanos + rules.healthCheckInterval().toNanos();
    }
    long next = Long.MAX_VALUE;
    next = Math.min(next, retryBackoffs(nowNanos));
    next = Math.min(next, watchdog(nowNanos));
    next = Math.min(next, healthCheck(nowNanos));
    next = Math.min(next, expireConnections(nowNanos));
    next = Math.min(next, closeIdleConnections(nowNanos));
    next = Math.min(next, placePending(nowNanos));
    next = Math.min(next, sendDebouncedFilters(nowNanos));
    next = Math.min(next, reportWaitingTooLong(nowNanos));
    return Math.max(0, next - nowNanos);
  }

  private long retryBackoffs(long now) {
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : slots.values()) {
      if (slot.state() == StreamState.BACKOFF) {
        if (now >= slot.retryAtNanos()) {
          slot.pending(now);
          queue.offer(slot.id(), priorityOf(slot), now, rules.requestTimeout().toNanos());
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
    long silence = rules.streamSilenceTimeout().toNanos();
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : List.copyOf(slots.values())) {
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
      long pingTimeout = rules.pingTimeout().toNanos();
      if (pingAt > 0 && slot.lastPongAtNanos() < pingAt && slot.lastDataAtNanos() < pingAt) {
        if (now - pingAt >= pingTimeout) {
          String reason = "stream " + slot.id() + " silent since a ping " + (now - pingAt) / 1_000_000 + " ms ago";
          String connectionId = slot.connectionId();
          actions.add(new CloseConnection(connectionId, reason));
          connectionFailed(connectionId, reason, now);
          continue;
        }
        next = Math.min(next, pingAt + pingTimeout);
      }
      if (now - heardAt >= silence) {
        String reason = "stream " + slot.id() + " silent for " + (now - heardAt) / 1_000_000 + " ms";
        String connectionId = slot.connectionId();
        actions.add(new CloseConnection(connectionId, reason));
        connectionFailed(connectionId, reason, now);
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
    for (StreamSlot slot : slots.values()) {
      if (slot.state().isOpen()) {
        actions.add(new Ping(slot.id()));
        if (slot.pingSentAtNanos() == 0 || slot.lastPongAtNanos() >= slot.pingSentAtNanos()) {
          slot.pingSent(now); // an unanswered ping keeps its time: the timeout runs from the first
        }
      }
    }
    nextHealthCheckAtNanos = now + rules.healthCheckInterval().toNanos();
    return nextHealthCheckAtNanos;
  }

  /** Connections past their TTL take no new streams and move theirs, make-before-break. */
  private long expireConnections(long now) {
    long next = Long.MAX_VALUE;
    for (PoolConnection c : List.copyOf(connections.values())) {
      if ((c.state() == ConnectionState.ACTIVE || c.state() == ConnectionState.IDLE) && now >= c.expiresAtNanos()) {
        c.transition(ConnectionState.EXPIRED, now, "TTL reached");
        counters.connectionsExpired++;
        emit(PoolEventType.CONNECTION_EXPIRED, c.id(), null, "TTL reached", 0);
      }
      if (c.state() == ConnectionState.EXPIRED) {
        for (String slotId : List.copyOf(c.streams())) {
          StreamSlot slot = slots.get(slotId);
          if (slot != null && slot.movingToConnectionId() == null && slot.connectionId() != null
              && slot.connectionId().equals(c.id())) {
            startMove(slot, c, now);
          }
        }
        if (c.streams().isEmpty()) {
          actions.add(new CloseConnection(c.id(), "TTL reached; its streams moved"));
          remove(c, "expired", now);
        }
      } else if (c.state() == ConnectionState.ACTIVE || c.state() == ConnectionState.IDLE) {
        next = Math.min(next, c.expiresAtNanos());
      }
    }
    return next;
  }

  private void startMove(StreamSlot slot, PoolConnection from, long now) {
    if (!sinkAvailable || !streamTokenAvailable(now)) {
      return;
    }
    Optional<PoolConnection> target = placeFor(slot.key().group(), from.id(), now, "rotation");
    if (target.isEmpty()) {
      return;
    }
    boolean budgeted = spendStreamToken(now);
    PoolConnection to = target.get();
    to.streams().add(slot.id());
    activate(to, now);
    slot.movingTo(to.id(), slot.lastSlot());
    actions.add(new OpenStream(slot.id(), to.id(), slot.generation(), slot.key(), Set.copyOf(slot.monitors()),
        slot.lastSlot(), 0, budgeted));
    counters.streamsOpened++;
    emit(PoolEventType.STREAM_OPENED, to.id(), slot, "rotation from " + from.id(), slot.lastSlot());
  }

  private void completeMove(StreamSlot slot, CallProgress successor, long now) {
    String old = slot.connectionId();
    if (old != null) {
      PoolConnection c = connections.get(old);
      if (c != null) {
        c.streams().remove(slot.id());
        idleIfEmpty(c, now);
      }
      actions.add(new CloseStream(slot.id(), slot.generation() - 1, "moved to " + slot.movingToConnectionId()));
    }
    slot.moved(successor, now);
    counters.streamsResumed++;
    emit(PoolEventType.STREAM_RESUMED, slot.connectionId(), slot, "moved from " + old, slot.lastSlot());
  }

  private void abandonMove(StreamSlot slot) {
    PoolConnection to = connections.get(slot.movingToConnectionId());
    if (to != null) {
      to.streams().remove(slot.id());
    }
    slot.abandonMove();
  }

  private long closeIdleConnections(long now) {
    long idle = rules.idleTimeout().toNanos();
    long next = Long.MAX_VALUE;
    for (PoolConnection c : List.copyOf(connections.values())) {
      if (c.state() == ConnectionState.IDLE) {
        if (now - c.stateSinceNanos() >= idle) {
          actions.add(new CloseConnection(c.id(), "idle for " + rules.idleTimeout()));
          remove(c, "idle timeout", now);
        } else {
          next = Math.min(next, c.stateSinceNanos() + idle);
        }
      }
    }
    return next;
  }

  private long placePending(long now) {
    long next = Long.MAX_VALUE;
    if (!sinkAvailable) {
      emitQueueDepth();
      return next;
    }
    for (ConnectionRequestQueue.Request request : queue.inOrder()) {
      StreamSlot slot = slots.get(request.slotId());
      if (slot == null || slot.state() != StreamState.PENDING) {
        queue.remove(request.slotId());
        continue;
      }
      if (!streamTokenAvailable(now)) {
        // The provider counts streams and the window is spent: wait, in priority order.
        next = Math.min(next, now + budget.nanosUntilAvailable(now));
        break;
      }
      Optional<PoolConnection> target = placeFor(slot.key().group(), null, now, slot.lastSlot() > 0 ? "replacement" : "first");
      if (target.isEmpty()) {
        next = Math.min(next, nextPlacementChance(now));
        if (budget.remaining(now) == 0 || now < dialAllowedAtNanos) {
          // Priority order: a lower request must not take the token a higher one waits for.
          break;
        }
        continue;
      }
      queue.remove(slot.id());
      boolean budgeted = spendStreamToken(now);
      PoolConnection c = target.get();
      c.streams().add(slot.id());
      activate(c, now);
      slot.opening(c.id(), now);
      slot.filtersSent();
      counters.queueWaitNanosTotal += now - request.enqueuedAtNanos();
      counters.queueWaitSamples++;
      actions.add(new PoolAction.Measured(PoolAction.Measure.QUEUE_WAIT, now - request.enqueuedAtNanos()));
      long from = slot.resumeFrom();
      actions.add(new OpenStream(slot.id(), c.id(), slot.generation(), slot.key(), Set.copyOf(slot.monitors()), from,
          slot.takeGapFrom(), budgeted));
      counters.streamsOpened++;
      emit(from > 0 ? PoolEventType.STREAM_RESUMED : PoolEventType.STREAM_OPENED, c.id(), slot,
          from > 0 ? "resume from slot " + from : "open", from);
      for (String monitor : slot.monitors()) {
        actions.add(new MonitorStatus(monitor, "active", "on stream " + slot.id() + " via " + c.id()));
      }
    }
    emitQueueDepth();
    return next;
  }

  private int lastReportedQueueDepth = -1;

  /** When the provider counts streams, whether a stream may be opened now. */
  private boolean streamTokenAvailable(long now) {
    return rules.scope() != PoolRules.RateLimitScope.STREAMS || budget.remaining(now) > 0;
  }

  /** When the provider counts streams, spends the token for one; returns whether it did. */
  private boolean spendStreamToken(long now) {
    if (rules.scope() != PoolRules.RateLimitScope.STREAMS) {
      return false;
    }
    if (!budget.tryAcquire(now)) {
      throw new IllegalStateException("stream token vanished between check and spend");
    }
    emit(PoolEventType.TOKEN_GRANTED, null, null, "stream", budget.remaining(now));
    return true;
  }

  private void emitQueueDepth() {
    if (queue.size() != lastReportedQueueDepth) {
      lastReportedQueueDepth = queue.size();
      emit(PoolEventType.QUEUE_DEPTH, null, null, "", queue.size());
    }
  }

  private long nextPlacementChance(long now) {
    long budgetAt = now + budget.nanosUntilAvailable(now);
    return Math.max(budgetAt, dialAllowedAtNanos);
  }

  /**
   * Where a stream of {@code group} goes: the least-loaded connection of its own group with
   * room; else a new connection of its own (within the group's share and the budget); else a
   * reserve connection with room, or a new reserve one; else any connection with room.
   */
  private Optional<PoolConnection> placeFor(MonitorGroup group, String excluded, long now, String reason) {
    Comparator<PoolConnection> leastLoaded = Comparator.comparingInt(c -> c.streams().size());
    Optional<PoolConnection> own = usable(excluded).filter(c -> c.group() == group).min(leastLoaded);
    if (own.isPresent()) {
      return own;
    }
    if (countLive(group) < rules.groupLimit(group)) {
      Optional<PoolConnection> dialed = dial(group, now, reason);
      if (dialed.isPresent()) {
        return dialed;
      }
    }
    Optional<PoolConnection> reserve = usable(excluded).filter(c -> c.group() == null).min(leastLoaded);
    if (reserve.isPresent()) {
      return reserve;
    }
    if (countLive(null) < rules.reserveConnections()) {
      Optional<PoolConnection> dialed = dial(null, now, reason);
      if (dialed.isPresent()) {
        return dialed;
      }
    }
    return usable(excluded).min(leastLoaded);
  }

  private java.util.stream.Stream<PoolConnection> usable(String excluded) {
    return connections.values().stream()
        .filter(c -> c.state().acceptsStreams())
        .filter(c -> !c.id().equals(excluded))
        .filter(c -> c.streams().size() < rules.maxStreamsPerConnection());
  }

  private int countLive(MonitorGroup group) {
    return (int) connections.values().stream()
        .filter(c -> c.state() != ConnectionState.REMOVED && c.group() == group)
        .count();
  }

  private Optional<PoolConnection> dial(MonitorGroup group, long now, String reason) {
    if (connections.size() >= rules.maxConnections() || now < dialAllowedAtNanos) {
      return Optional.empty();
    }
    if (rules.scope() == PoolRules.RateLimitScope.CONNECTIONS && !budget.tryAcquire(now)) {
      emit(PoolEventType.TOKEN_DENIED, null, null, "budget spent: " + budget.used(now) + " attempts in the window",
          budget.nanosUntilAvailable(now) / 1_000_000);
      return Optional.empty();
    }
    String id = "conn-" + nextConnectionNumber++;
    long ttl = rules.connectionTtl().toNanos();
    long jitter = ttl / 1000 * random.applyAsLong(rules.ttlJitterPermille() + 1L);
    PoolConnection c = new PoolConnection(id, group, now, now + ttl - jitter);
    connections.put(id, c);
    counters.connectionsCreated++;
    emit(PoolEventType.TOKEN_GRANTED, id, null, reason, budget.remaining(now));
    emit(PoolEventType.CONNECTION_CREATED, id, null, reason, 0);
    actions.add(new Dial(id, reason));
    return Optional.of(c);
  }

  private void activate(PoolConnection c, long now) {
    if (c.state() == ConnectionState.IDLE) {
      c.transition(ConnectionState.ACTIVE, now, "stream placed");
      counters.connectionsRecycled++;
      emit(PoolEventType.CONNECTION_RECYCLED, c.id(), null, "idle connection reused", 0);
    }
  }

  private void idleIfEmpty(PoolConnection c, long now) {
    if (c.streams().isEmpty() && c.state() == ConnectionState.ACTIVE) {
      c.transition(ConnectionState.IDLE, now, "no streams");
      emit(PoolEventType.CONNECTION_IDLE, c.id(), null, "no streams", 0);
    }
  }

  private void detach(StreamSlot slot, long now) {
    PoolConnection c = slot.connectionId() == null ? null : connections.get(slot.connectionId());
    if (c != null) {
      c.streams().remove(slot.id());
      idleIfEmpty(c, now);
    }
  }

  private void remove(PoolConnection c, String reason, long now) {
    if (c.state() != ConnectionState.REMOVED) {
      c.transition(ConnectionState.REMOVED, now, reason);
    }
    connections.remove(c.id());
    emit(PoolEventType.CONNECTION_REMOVED, c.id(), null, reason, 0);
  }

  private long sendDebouncedFilters(long now) {
    long debounce = rules.filterDebounce().toNanos();
    long next = Long.MAX_VALUE;
    for (StreamSlot slot : slots.values()) {
      long changedAt = slot.filtersChangedAtNanos();
      if (changedAt < 0) {
        continue;
      }
      if (!slot.state().isOpen()) {
        continue;
      }
      if (now - changedAt >= debounce) {
        actions.add(new UpdateFilters(slot.id(), Set.copyOf(slot.monitors())));
        // A monitor that joined an open stream is served once its filters went out with this request.
        for (String monitor : slot.filtersSent()) {
          actions.add(new MonitorStatus(monitor, "active", "filters added to stream " + slot.id() + " via "
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
      StreamSlot slot = slots.get(r.slotId());
      if (slot == null) {
        continue;
      }
      long waitedMs = (now - r.enqueuedAtNanos()) / 1_000_000;
      String state = describe(now);
      emit(PoolEventType.REQUEST_TIMED_OUT, null, slot, "waited " + waitedMs + " ms", waitedMs);
      for (String monitor : slot.monitors()) {
        actions.add(new MonitorStatus(monitor, "waiting",
            "monitor " + monitor + " waited " + waitedMs + " ms for a connection and is still queued (" + state
                + "); it will be served as soon as the budget or the group's share allows"));
      }
    }
    return queue.peek().map(ConnectionRequestQueue.Request::deadlineNanos).orElse(Long.MAX_VALUE);
  }

  /** The pool's state in one line, for error messages. */
  public String describe(long now) {
    long active = connections.values().stream().filter(c -> c.state() == ConnectionState.ACTIVE).count();
    long idle = connections.values().stream().filter(c -> c.state() == ConnectionState.IDLE).count();
    return "total=" + connections.size() + ", active=" + active + ", idle=" + idle + ", waiting=" + queue.size()
        + ", rateLimitRemaining=" + budget.remaining(now) + "/" + budget.limit();
  }

  private int priorityOf(StreamSlot slot) {
    return slot.monitors().stream().map(monitors::get).filter(java.util.Objects::nonNull)
        .mapToInt(MonitorSpec::priority).max().orElse(0);
  }

  private void emit(PoolEventType type, String connectionId, StreamSlot slot, String reason, long value) {
    actions.add(new Event(type, connectionId, slot == null ? null : slot.id(),
        slot == null ? Set.of() : Set.copyOf(slot.monitors()), reason, value));
  }

  // ---- outputs -------------------------------------------------------------------------------

  /** The actions decided since the last call, in order. */
  public List<PoolAction> drainActions() {
    List<PoolAction> out = List.copyOf(actions);
    actions.clear();
    return out;
  }

  public Map<String, PoolConnection> connections() {
    return java.util.Collections.unmodifiableMap(connections);
  }

  public Map<String, StreamSlot> slots() {
    return java.util.Collections.unmodifiableMap(slots);
  }

  public ConnectionBudget budget() {
    return budget;
  }

  public int queuedRequests() {
    return queue.size();
  }

  public PoolCounters counters() {
    return counters;
  }

  public Optional<String> slotOf(String monitorId) {
    return Optional.ofNullable(slotOfMonitor.get(monitorId));
  }
}
