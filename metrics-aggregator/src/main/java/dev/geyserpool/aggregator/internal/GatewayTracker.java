package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.internal.state.GatewayState;
import dev.geyserpool.aggregator.internal.state.PointAccumulator;
import dev.geyserpool.aggregator.internal.state.PoolFact;
import dev.geyserpool.aggregator.internal.state.SequenceRange;
import dev.geyserpool.aggregator.internal.state.WindowAccumulator;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventAccounting;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the aggregator does with one gateway's events, without Kafka: tells the current
 * incarnation's events from an older one's, finds holes, late and duplicate events by sequence
 * number, applies events and snapshots to the {@link PoolModel}, counts them into the
 * {@link HistoryWindows}, keeps the sliding samples, raises and clears the gateway's alerts and
 * tells the monitor side what changed for each monitor.
 *
 * <p>Time is the gateway's: the latest event time seen, advanced by the aggregator's clock
 * while the gateway sends nothing (so a silent gateway's windows still close and its "last 5
 * minutes" still slide). The advance counts only from when this processor started, so an
 * aggregator that was down does not mistake its own absence for the gateway's.
 *
 * <p>One instance per record or tick, over state loaded from the store and written back by the
 * caller; not thread-safe.
 */
public final class GatewayTracker {
  private static final long HOUR_MICROS = 3_600_000_000L;
  private static final long FIVE_MINUTES_MICROS = 300_000_000L;
  private static final int MAX_PREVIOUS_INCARNATIONS = 8;
  private static final int MAX_MISSING_RANGES = 64;
  private static final int MAX_FAILED_STREAMS = 1024;

  private final AggregatorConfig config;
  private final HealthScorer scorer;
  private final GatewayState.Builder state;
  private final PoolModel model;
  private final HistoryWindows history;
  private final TimedSamples connectionFailures;
  private final TimedSamples streamFailures;
  private final TimedSamples reconnects;
  private final TimedSamples connectTimes;
  private final TimedSamples queueWaits;
  private final Set<String> failedStreams;
  private final AlertBook alerts;
  private final long wallMillis;
  private final long startWallMillis;

  private final List<PoolMetricsWindow> windowsOut = new ArrayList<>();
  private final List<PoolSeriesPoint> pointsOut = new ArrayList<>();
  private final List<PoolFact> factsOut = new ArrayList<>();

  /**
   * @param stored the gateway's state, or null for a gateway not seen before
   * @param wallMillis the aggregator's clock now
   * @param startWallMillis the aggregator's clock when this processor started
   */
  public GatewayTracker(AggregatorConfig config, HealthScorer scorer, String gatewayId, GatewayState stored,
      long wallMillis, long startWallMillis) {
    this.config = config;
    this.scorer = scorer;
    this.state = stored == null ? GatewayState.newBuilder().setGatewayId(gatewayId) : stored.toBuilder();
    if (stored == null) {
      state.getPoolBuilder().setSinkAvailable(true);
    }
    this.model = new PoolModel(state.getPoolBuilder());
    this.history = new HistoryWindows(config, scorer, state);
    this.connectionFailures = TimedSamples.ofTimes(state.getConnectionFailuresAtMicrosList());
    this.streamFailures = TimedSamples.ofTimes(state.getStreamFailuresAtMicrosList());
    this.reconnects = TimedSamples.ofTimes(state.getReconnectsAtMicrosList());
    this.connectTimes = TimedSamples.ofSamples(state.getConnectTimesList());
    this.queueWaits = TimedSamples.ofSamples(state.getQueueWaitsList());
    this.failedStreams = new LinkedHashSet<>(state.getFailedStreamsList());
    this.alerts = new AlertBook(state.getAlertsList());
    this.wallMillis = wallMillis;
    this.startWallMillis = startWallMillis;
  }

  // ---- events --------------------------------------------------------------------------------

  /** One event of the gateway, at {@code atMicros} (its own time, or the record's when it has none). */
  public void onEvent(PoolEvent e, long atMicros) {
    PoolEventAccounting.Builder accounting = state.getAccountingBuilder();
    String incarnation = e.getIncarnationId();
    if (!incarnation.isEmpty() && !incarnation.equals(state.getIncarnationId())) {
      boolean older = state.getPreviousIncarnationsList().contains(incarnation)
          || (!state.getIncarnationId().isEmpty() && atMicros < state.getIncarnationStartedAtMicros());
      if (older) {
        accounting.setStaleIncarnation(accounting.getStaleIncarnation() + 1);
        count(e, atMicros);
        finish();
        return;
      }
      startIncarnation(incarnation, atMicros);
    }
    long sequence = e.getSequence();
    long last = state.getLastSequence();
    if (sequence > 0 && last > 0 && sequence <= last) {
      if (fillHole(sequence)) {
        accounting.setLate(accounting.getLate() + 1);
        count(e, atMicros);
      } else {
        accounting.setDuplicates(accounting.getDuplicates() + 1);
      }
      finish();
      return;
    }
    if (sequence > 0) {
      if (last > 0 && sequence > last + 1) {
        addHole(last + 1, sequence - 1);
      }
      state.setLastSequence(sequence);
    } else if (atMicros < state.getLastEventAtMicros()) {
      accounting.setLate(accounting.getLate() + 1);
    }
    accounting.setApplied(accounting.getApplied() + 1);
    count(e, atMicros);
    apply(e, atMicros);
    state.setLastEventAtMicros(Math.max(state.getLastEventAtMicros(), atMicros));
    state.setLastProcessedWallMillis(wallMillis);
    finish();
  }

  /** The aggregator's clock ticked: slide, close and fill what time passed. */
  public void onTick() {
    finish();
  }

  /** Whether the gateway is gone (stopped or silent) for longer than the retention: its state can go. */
  public boolean forgettable() {
    return (state.getStopped() || silent()) && now() - state.getLastEventAtMicros() > config.retention().toNanos() / 1000;
  }

  private void startIncarnation(String incarnation, long atMicros) {
    if (!state.getIncarnationId().isEmpty()) {
      List<String> previous = new ArrayList<>(state.getPreviousIncarnationsList());
      previous.add(state.getIncarnationId());
      while (previous.size() > MAX_PREVIOUS_INCARNATIONS) {
        previous.remove(0);
      }
      state.clearPreviousIncarnations().addAllPreviousIncarnations(previous);
    }
    state.setIncarnationId(incarnation)
        .setIncarnationStartedAtMicros(atMicros)
        .setLastSequence(0)
        .clearMissing()
        .setSynced(false)
        .setStopped(false)
        .setQueueDepth(0);
    PoolEventAccounting.Builder accounting = state.getAccountingBuilder();
    accounting.setMissing(0).setIncarnations(accounting.getIncarnations() + 1);
    // A new process holds none of the old one's connections; the rate-limit window carries over
    // (the gateway restores it from its ledger and says so in its first snapshot).
    model.clearForStop();
    state.getPoolBuilder().setSinkAvailable(true);
    failedStreams.clear();
  }

  private void addHole(long from, long to) {
    state.addMissing(SequenceRange.newBuilder().setFrom(from).setTo(to));
    while (state.getMissingCount() > MAX_MISSING_RANGES) {
      state.removeMissing(0); // still counted missing; a late arrival there is taken for a duplicate
    }
    PoolEventAccounting.Builder accounting = state.getAccountingBuilder();
    accounting.setMissing(accounting.getMissing() + (to - from + 1));
  }

  /** Removes {@code sequence} from the holes; false when it was not missing (a duplicate). */
  private boolean fillHole(long sequence) {
    for (int i = 0; i < state.getMissingCount(); i++) {
      SequenceRange r = state.getMissing(i);
      if (sequence < r.getFrom() || sequence > r.getTo()) {
        continue;
      }
      state.removeMissing(i);
      if (r.getFrom() < sequence) {
        state.addMissing(i++, SequenceRange.newBuilder().setFrom(r.getFrom()).setTo(sequence - 1).build());
      }
      if (sequence < r.getTo()) {
        state.addMissing(i, SequenceRange.newBuilder().setFrom(sequence + 1).setTo(r.getTo()).build());
      }
      PoolEventAccounting.Builder accounting = state.getAccountingBuilder();
      accounting.setMissing(Math.max(0, accounting.getMissing() - 1));
      return true;
    }
    return false;
  }

  /** Counts an event into its window, point and the sliding samples (also for a late event). */
  private void count(PoolEvent e, long atMicros) {
    long atMillis = atMicros / 1000;
    WindowAccumulator.Builder w = history.window(atMillis);
    PointAccumulator.Builder p = history.point(atMillis);
    if (w == null) {
      PoolEventAccounting.Builder accounting = state.getAccountingBuilder();
      accounting.setLateDropped(accounting.getLateDropped() + 1);
      w = WindowAccumulator.newBuilder(); // counted nowhere
    }
    if (p == null) {
      p = PointAccumulator.newBuilder();
    }
    w.setEvents(w.getEvents() + 1);
    p.setSamples(p.getSamples() + 1);
    switch (e.getType()) {
      case CONNECTION_CREATED -> w.setConnectionsCreated(w.getConnectionsCreated() + 1);
      case CONNECTION_FAILED -> {
        w.setConnectionsFailed(w.getConnectionsFailed() + 1);
        p.setFailures(p.getFailures() + 1);
        connectionFailures.add(atMicros, 1);
      }
      case CONNECTION_RECYCLED -> w.setConnectionsRecycled(w.getConnectionsRecycled() + 1);
      case CONNECTION_EXPIRED -> w.setConnectionsExpired(w.getConnectionsExpired() + 1);
      case STREAM_OPENED, STREAM_RESUMED -> {
        // Each is a new Subscribe call to the provider: a first open, a reopen after a failure, a move.
        w.setStreamsCreated(w.getStreamsCreated() + 1);
        queueWait(w, atMicros, e.getQueueWaitMicros() / 1000d);
      }
      case REQUEST_TIMED_OUT -> queueWait(w, atMicros, e.getValue());
      case STREAM_CLOSED -> w.setStreamsCompleted(w.getStreamsCompleted() + 1);
      case STREAM_FAILED -> {
        w.setStreamsFailed(w.getStreamsFailed() + 1);
        p.setFailures(p.getFailures() + 1);
        streamFailures.add(atMicros, 1);
      }
      case TOKEN_DENIED -> w.setViolations(w.getViolations() + 1);
      case POOL_SNAPSHOT -> {
        PoolSnapshot s = e.getSnapshot();
        RateLimitSnapshot rl = s.getRateLimit();
        w.setSnapshots(w.getSnapshots() + 1)
            .setUsedSum(w.getUsedSum() + rl.getUsed())
            .setUsedSamples(w.getUsedSamples() + 1)
            .setMaxUsed(Math.max(w.getMaxUsed(), rl.getUsed()))
            .setQueueDepthMax(Math.max(w.getQueueDepthMax(), s.getQueueCount()))
            .setDistributionSum(w.getDistributionSum() + scorer.streamDistribution(streamsPerConnection(s)))
            .setDistributionSamples(w.getDistributionSamples() + 1);
        int limit = limitOf(rl);
        if (limit > 0) {
          w.setLimit(limit);
        }
        p.setRateLimitPercent(Math.max(p.getRateLimitPercent(), percent(rl.getUsed(), limit)))
            .setQueueDepth(Math.max(p.getQueueDepth(), s.getQueueCount()));
      }
      default -> { }
    }
  }

  private void queueWait(WindowAccumulator.Builder w, long atMicros, double millis) {
    w.setQueueWaitSumMillis(w.getQueueWaitSumMillis() + millis).setQueueWaits(w.getQueueWaits() + 1);
    queueWaits.add(atMicros, millis);
  }

  /** Applies an in-order event to the model, and samples the gauges it moved. */
  private void apply(PoolEvent e, long atMicros) {
    String connectionId = e.getConnectionId();
    String streamId = e.getStreamId();
    String group = e.getGroup();
    List<String> monitors = e.getMonitorIdsList();
    RateLimitSnapshot.Builder rl = model.rateLimit();
    switch (e.getType()) {
      case CONNECTION_CREATED -> {
        ConnectionSnapshot.Builder c = model.connection(connectionId, PoolModel.CREATING)
            .setState(PoolModel.CREATING).setCreatedAtEpochMicros(atMicros).setStreams(0);
        if (!group.isEmpty()) {
          c.setGroup(group);
        }
      }
      case CONNECTION_ACTIVE -> ready(model.connection(connectionId, PoolModel.CREATING), e, atMicros)
          .setState(PoolModel.ACTIVE);
      case CONNECTION_IDLE -> ready(model.connection(connectionId, PoolModel.CREATING), e, atMicros)
          .setState(PoolModel.IDLE);
      case CONNECTION_EXPIRED -> model.connection(connectionId, PoolModel.EXPIRED).setState(PoolModel.EXPIRED);
      case CONNECTION_RECYCLED -> model.connection(connectionId, PoolModel.ACTIVE).setState(PoolModel.ACTIVE);
      case CONNECTION_FAILED -> {
        failedStreams.addAll(model.streamsOn(connectionId));
        model.connection(connectionId, PoolModel.FAILED).setState(PoolModel.FAILED);
      }
      case CONNECTION_REMOVED -> model.removeConnection(connectionId);
      case STREAM_OPENED, STREAM_RESUMED -> {
        if (model.dequeue(streamId)) {
          state.setQueueDepth(Math.max(0, state.getQueueDepth() - 1));
        }
        if (failedStreams.remove(streamId)) {
          reconnects.add(atMicros, 1);
          Set<String> reconnected = new LinkedHashSet<>(monitors.isEmpty() ? model.monitorsOf(streamId) : monitors);
          for (String monitor : reconnected) {
            factsOut.add(PoolFact.newBuilder().setMonitorId(monitor).setGatewayId(state.getGatewayId())
                .setAtMicros(atMicros).setReconnect(true).setStreamId(streamId).setConnectionId(connectionId).build());
          }
        }
        model.streamOpened(streamId, connectionId, group, monitors, atMicros);
      }
      case STREAM_CLOSED -> {
        failedStreams.remove(streamId);
        duration(model.streamClosed(streamId), atMicros);
      }
      case STREAM_FAILED -> {
        failedStreams.add(streamId);
        duration(model.streamFailed(streamId, monitors), atMicros);
      }
      case MONITOR_JOINED -> model.monitorsJoined(streamId, connectionId, group, monitors);
      case MONITOR_LEFT -> model.monitorsLeft(streamId, monitors);
      case TOKEN_GRANTED -> rl.setUsed(rl.getUsed() + 1).setRemaining((int) Math.max(0, e.getValue()));
      case TOKEN_DENIED -> rl.setRemaining(0);
      case TOKENS_RESTORED -> {
        rl.setUsed((int) Math.max(rl.getUsed(), e.getValue()));
        if (rl.getEnforcedLimit() > 0) {
          rl.setRemaining(Math.max(0, rl.getEnforcedLimit() - rl.getUsed()));
        }
      }
      case QUEUE_DEPTH -> state.setQueueDepth((int) Math.max(0, e.getValue()));
      case REQUEST_QUEUED -> {
        if (model.enqueue(streamId, group, monitors, atMicros)) {
          state.setQueueDepth(state.getQueueDepth() + 1);
        }
      }
      case REQUEST_TIMED_OUT -> {
        if (model.dequeue(streamId)) {
          state.setQueueDepth(Math.max(0, state.getQueueDepth() - 1));
        }
      }
      case FILTER_REJECTED -> {
        for (String monitor : monitors) {
          model.setMonitorState(monitor, PoolModel.REJECTED);
        }
      }
      case SINK_UNAVAILABLE -> state.getPoolBuilder().setSinkAvailable(false);
      case SINK_AVAILABLE -> state.getPoolBuilder().setSinkAvailable(true);
      case GATEWAY_STARTED -> state.setStopped(false);
      case GATEWAY_STOPPED -> {
        state.setStopped(true).setQueueDepth(0);
        model.clearForStop();
        failedStreams.clear();
      }
      case POOL_SNAPSHOT -> {
        model.replace(e.getSnapshot());
        state.setQueueDepth(e.getSnapshot().getQueueCount())
            .setSynced(true)
            .setStopped(false)
            .setLastSnapshotAtMicros(atMicros);
      }
      default -> { }
    }
    while (failedStreams.size() > MAX_FAILED_STREAMS) {
      failedStreams.remove(failedStreams.iterator().next());
    }
    long atMillis = atMicros / 1000;
    WindowAccumulator.Builder w = history.window(atMillis);
    if (w != null) {
      int limit = limitOf(rl.build());
      w.setMaxUsed(Math.max(w.getMaxUsed(), rl.getUsed())).setQueueDepthMax(Math.max(w.getQueueDepthMax(),
          state.getQueueDepth()));
      if (limit > 0) {
        w.setLimit(limit);
      }
    }
    PointAccumulator.Builder p = history.point(atMillis);
    if (p != null) {
      p.setRateLimitPercent(Math.max(p.getRateLimitPercent(), percentUsed()))
          .setConnections(openConnections())
          .setQueueDepth(Math.max(p.getQueueDepth(), state.getQueueDepth()));
    }
  }

  /** A connection became ready: its dial-to-ready time is a sample (the gateway's, else from the events). */
  private ConnectionSnapshot.Builder ready(ConnectionSnapshot.Builder c, PoolEvent e, long atMicros) {
    if (c.getState().equals(PoolModel.CREATING)) {
      if (e.getValue() > 0) {
        connectTimes.add(atMicros, e.getValue());
      } else if (c.getCreatedAtEpochMicros() > 0 && atMicros >= c.getCreatedAtEpochMicros()) {
        connectTimes.add(atMicros, (atMicros - c.getCreatedAtEpochMicros()) / 1000d);
      }
    }
    return c;
  }

  private void duration(long openedAtMicros, long atMicros) {
    WindowAccumulator.Builder w = history.window(atMicros / 1000);
    if (w != null && openedAtMicros > 0 && atMicros >= openedAtMicros) {
      w.setDurationSumSeconds(w.getDurationSumSeconds() + (atMicros - openedAtMicros) / 1e6)
          .setDurations(w.getDurations() + 1);
    }
  }

  // ---- time ----------------------------------------------------------------------------------

  /** The gateway's time now: its latest event time, advanced by the clock since that was processed. */
  long now() {
    long base = Math.max(state.getLastProcessedWallMillis(), startWallMillis);
    return Math.max(state.getLastEventAtMicros(),
        state.getLastEventAtMicros() + Math.max(0, wallMillis - base) * 1000);
  }

  private boolean silent() {
    long base = Math.max(state.getLastProcessedWallMillis(), startWallMillis);
    return !state.getStopped() && wallMillis - base > config.gatewaySilentAfter().toMillis();
  }

  private void finish() {
    long now = now();
    for (TimedSamples samples : List.of(connectionFailures, streamFailures, reconnects, connectTimes, queueWaits)) {
      samples.prune(now - HOUR_MICROS);
    }
    history.advance(now / 1000, !state.getStopped(), scorer.streamDistribution(streamsPerConnection(model.pool().build())),
        windowsOut, pointsOut);
    evaluateAlerts(now);
    reportMonitors(now);
  }

  // ---- alerts and monitor facts --------------------------------------------------------------

  private void evaluateAlerts(long now) {
    AggregatorConfig.AlertThresholds t = config.alerts();
    String gateway = state.getGatewayId();
    int limit = limitOf(model.rateLimit().build());
    double percent = percentUsed();
    int used = model.rateLimit().getUsed();
    alerts.evaluate(new AlertBook.Check("rate-limit/" + gateway, PoolAlertKind.ALERT_RATE_LIMIT,
        percent >= 100 ? "critical" : "warning", gateway, "", "", percent, t.rateLimitRaisePercent(),
        !state.getStopped() && limit > 0 && percent > t.rateLimitRaisePercent(),
        state.getStopped() || limit <= 0 || percent <= t.rateLimitClearPercent(),
        String.format("Rate limit approaching: %d of %d attempts in the window (%.0f%%, over %.0f%%) on gateway %s"
            + " - consider stream consolidation", used, limit, percent, t.rateLimitRaisePercent(), gateway),
        String.format("Rate limit back to %.0f%% (%d of %d, at or under %.0f%%) on gateway %s", percent, used, limit,
            t.rateLimitClearPercent(), gateway)), now);
    int failures = connectionFailures.count(now - HOUR_MICROS, now);
    alerts.evaluate(new AlertBook.Check("connection-failures/" + gateway, PoolAlertKind.ALERT_CONNECTION_FAILURES,
        "warning", gateway, "", "", failures, t.connectionFailuresPerHour(), failures > t.connectionFailuresPerHour(),
        failures <= t.connectionFailuresPerHour(),
        String.format("Gateway %s had %d connection failures in the last hour (more than %d)", gateway, failures,
            t.connectionFailuresPerHour()),
        String.format("Gateway %s is down to %d connection failures in the last hour (at most %d)", gateway, failures,
            t.connectionFailuresPerHour())), now);
  }

  /** Tells the monitor side each monitor whose state in this pool changed, and each the pool no longer holds. */
  private void reportMonitors(long now) {
    Map<String, String> sent = new TreeMap<>(state.getMonitorStatesSentMap());
    Set<String> present = new LinkedHashSet<>();
    for (MonitorSnapshot m : model.pool().getMonitorsList()) {
      present.add(m.getMonitorId());
      String digest = m.getState() + "|" + m.getGroup() + "|" + m.getStreamId() + "|" + m.getConnectionId();
      if (!digest.equals(sent.get(m.getMonitorId()))) {
        sent.put(m.getMonitorId(), digest);
        factsOut.add(PoolFact.newBuilder().setMonitorId(m.getMonitorId()).setGatewayId(state.getGatewayId())
            .setAtMicros(now).setState(m.getState()).setGroup(m.getGroup()).setStreamId(m.getStreamId())
            .setConnectionId(m.getConnectionId()).build());
      }
    }
    if (state.getSynced() || state.getStopped()) {
      for (String monitor : List.copyOf(sent.keySet())) {
        if (!present.contains(monitor)) {
          sent.remove(monitor);
          factsOut.add(PoolFact.newBuilder().setMonitorId(monitor).setGatewayId(state.getGatewayId())
              .setAtMicros(now).build());
        }
      }
    }
    state.clearMonitorStatesSent().putAllMonitorStatesSent(sent);
  }

  // ---- derived values ------------------------------------------------------------------------

  private static int limitOf(RateLimitSnapshot rl) {
    return rl.getLimit() > 0 ? rl.getLimit() : rl.getEnforcedLimit();
  }

  private static double percent(int used, int limit) {
    return limit <= 0 ? 0 : 100d * used / limit;
  }

  private double percentUsed() {
    RateLimitSnapshot.Builder rl = model.rateLimit();
    return percent(rl.getUsed(), limitOf(rl.build()));
  }

  private static List<Integer> streamsPerConnection(PoolSnapshot pool) {
    List<Integer> counts = new ArrayList<>();
    for (ConnectionSnapshot c : pool.getConnectionsList()) {
      if (!PoolModel.connectionState(c.getState()).equals(PoolModel.FAILED)) {
        counts.add(c.getStreams());
      }
    }
    return counts;
  }

  private int openConnections() {
    int n = 0;
    for (ConnectionSnapshot c : model.pool().getConnectionsList()) {
      if (!c.getState().equals(PoolModel.FAILED)) {
        n++;
      }
    }
    return n;
  }

  /** The real-time metrics now. */
  public PoolMetrics metrics() {
    return RealtimeMetrics.build(this, now());
  }

  // ---- what the caller stores and sends ------------------------------------------------------

  /** The state to store back. */
  public GatewayState state() {
    state.clearConnectionFailuresAtMicros().addAllConnectionFailuresAtMicros(connectionFailures.times())
        .clearStreamFailuresAtMicros().addAllStreamFailuresAtMicros(streamFailures.times())
        .clearReconnectsAtMicros().addAllReconnectsAtMicros(reconnects.times())
        .clearConnectTimes().addAllConnectTimes(connectTimes.samples())
        .clearQueueWaits().addAllQueueWaits(queueWaits.samples())
        .clearFailedStreams().addAllFailedStreams(failedStreams)
        .clearAlerts().addAllAlerts(alerts.active());
    return state.build();
  }

  /** Windows closed (final: to the topic and the store) or changed (open: to the store). */
  public List<PoolMetricsWindow> windows() {
    return windowsOut;
  }

  public List<PoolSeriesPoint> points() {
    return pointsOut;
  }

  public List<PoolAlert> alerts() {
    return alerts.emitted();
  }

  /** What the monitor side learns: reconnects and changes of monitors' states in this pool. */
  public List<PoolFact> facts() {
    return factsOut;
  }

  // Read access for RealtimeMetrics.
  GatewayState.Builder rawState() {
    return state;
  }

  PoolModel model() {
    return model;
  }

  HealthScorer scorer() {
    return scorer;
  }

  boolean isSilent() {
    return silent();
  }

  int connectionFailuresSince(long fromMicros, long toMicros) {
    return connectionFailures.count(fromMicros, toMicros);
  }

  int failuresSince(long fromMicros, long toMicros) {
    return connectionFailures.count(fromMicros, toMicros) + streamFailures.count(fromMicros, toMicros);
  }

  int reconnectsSince(long fromMicros, long toMicros) {
    return reconnects.count(fromMicros, toMicros);
  }

  double meanConnectTime(long fromMicros, long toMicros) {
    return connectTimes.mean(fromMicros, toMicros);
  }

  double meanQueueWait(long fromMicros, long toMicros) {
    return queueWaits.mean(fromMicros, toMicros);
  }

  int queueWaitsSince(long fromMicros, long toMicros) {
    return queueWaits.count(fromMicros, toMicros);
  }

  static long fiveMinutesMicros() {
    return FIVE_MINUTES_MICROS;
  }

  static long hourMicros() {
    return HOUR_MICROS;
  }

  static List<Integer> streamsPerConnectionOf(PoolSnapshot pool) {
    return streamsPerConnection(pool);
  }

  static int limit(RateLimitSnapshot rl) {
    return limitOf(rl);
  }
}
