package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.MonitorInput;
import dev.geyserpool.aggregator.internal.state.MonitorState;
import dev.geyserpool.aggregator.internal.state.PoolFact;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything the aggregator does with one monitor, without Kafka: its heartbeats (messages per
 * second, lag, latency), the gateway's word on it (the latest of its subscription status and the
 * pool's facts, by event time), its reconnects in the last hour, its alerts, and what its group
 * learns. Time is the monitor's: the latest input time, advanced by the aggregator's clock while
 * nothing comes (as for gateways, see {@link GatewayTracker}).
 *
 * <p>One instance per record or tick over state loaded from the store; not thread-safe.
 */
public final class MonitorTracker {
  private static final long HOUR_MICROS = 3_600_000_000L;
  static final String SILENT = "silent";
  static final String REMOVED = "removed";
  static final String UNKNOWN = "unknown";

  /** A record for the group side: key {@code group}. */
  public record GroupUpdate(String group, GroupInput input) {}

  private final AggregatorConfig config;
  private final MonitorState.Builder state;
  private final MonitorMetrics.Builder m;
  private final TimedSamples reconnects;
  private final AlertBook alerts;
  private final long wallMillis;
  private final long startWallMillis;
  private final List<GroupUpdate> groupUpdates = new ArrayList<>();

  public MonitorTracker(AggregatorConfig config, String monitorId, MonitorState stored, long wallMillis,
      long startWallMillis) {
    this.config = config;
    this.state = stored == null ? MonitorState.newBuilder() : stored.toBuilder();
    this.m = state.getMetricsBuilder();
    if (stored == null) {
      m.setMonitorId(monitorId).setState(UNKNOWN);
    }
    this.reconnects = TimedSamples.ofTimes(state.getReconnectsAtMicrosList());
    this.alerts = new AlertBook(state.getAlertsList());
    this.wallMillis = wallMillis;
    this.startWallMillis = startWallMillis;
  }

  /** The gateway's subscription states in this module's words; a monitor accepted but not yet streaming waits. */
  static String stateOf(SubscriptionStatus status) {
    return switch (status.getState()) {
      case SUBSCRIPTION_ACCEPTED, SUBSCRIPTION_DEGRADED -> PoolModel.WAITING;
      case SUBSCRIPTION_ACTIVE, SUBSCRIPTION_GAP -> PoolModel.ACTIVE;
      case SUBSCRIPTION_REJECTED -> PoolModel.REJECTED;
      case SUBSCRIPTION_REMOVED -> REMOVED;
      default -> UNKNOWN;
    };
  }

  /** One input; {@code recordAtMicros} stands in for an input without its own time. */
  public void onInput(MonitorInput input, long recordAtMicros) {
    long at;
    switch (input.getInputCase()) {
      case HEARTBEAT -> {
        MonitorHeartbeat hb = input.getHeartbeat();
        at = orElse(hb.getAtEpochMicros(), recordAtMicros);
        heartbeat(hb, at);
      }
      case STATUS -> {
        SubscriptionStatus status = input.getStatus();
        at = orElse(status.getAtEpochMicros(), recordAtMicros);
        if (at >= state.getStateAtMicros()) {
          setState(stateOf(status), status.getReason(), status.getGatewayId(), at);
        }
      }
      case STATUS_DELETED -> {
        at = orElse(input.getStatusDeleted().getAtMicros(), recordAtMicros);
        if (at >= state.getStateAtMicros()) {
          setState(REMOVED, "its subscription status was deleted", m.getGatewayId(), at);
        }
      }
      case POOL -> {
        PoolFact fact = input.getPool();
        at = orElse(fact.getAtMicros(), recordAtMicros);
        poolFact(fact, at);
      }
      default -> {
        return;
      }
    }
    state.setLastInputAtMicros(Math.max(state.getLastInputAtMicros(), at)).setLastProcessedWallMillis(wallMillis);
    finish();
  }

  public void onTick() {
    finish();
  }

  /** Nothing came for longer than the retention and the monitor is not known to be active: its state can go. */
  public boolean forgettable() {
    return !m.getState().equals(PoolModel.ACTIVE)
        && now() - state.getLastInputAtMicros() > config.retention().toNanos() / 1000;
  }

  private static long orElse(long at, long fallback) {
    return at > 0 ? at : fallback;
  }

  private void heartbeat(MonitorHeartbeat hb, long at) {
    m.setDeliveredTotal(m.getDeliveredTotal() + hb.getDelivered())
        .setDeadLetteredTotal(m.getDeadLetteredTotal() + hb.getDeadLettered());
    if (at < m.getLastHeartbeatAtEpochMicros()) {
      return; // an older report: its counts add up, its rates and state are out of date
    }
    m.setProcessState(hb.getState().trim().toLowerCase(Locale.ROOT))
        .setInstanceId(hb.getInstanceId())
        .setMessagesPerSecond(hb.getRatePerSecond())
        .setLag(hb.getLag())
        .setLatencyP50Millis(hb.getLatencyP50Millis())
        .setLatencyP99Millis(hb.getLatencyP99Millis())
        .setLastHeartbeatAtEpochMicros(at);
    if (!hb.getGroup().isEmpty()) {
      m.setGroup(hb.getGroup());
    }
  }

  private void poolFact(PoolFact fact, long at) {
    if (fact.getReconnect()) {
      reconnects.add(at, 1);
      return;
    }
    if (at < state.getStateAtMicros()) {
      // A subscription status stamped later set the state (it names no connection). Where the pool
      // runs the monitor is still news when it is the newest placement seen and agrees with that
      // state: a reconnect's new connection is not lost to a status that overtook it.
      if (!fact.getState().isEmpty() && fact.getState().equals(m.getState()) && at >= state.getPlacementAtMicros()) {
        place(fact, at);
      }
      return;
    }
    if (fact.getState().isEmpty()) {
      if (fact.getGatewayId().equals(m.getGatewayId()) && !m.getState().equals(REMOVED)) {
        setState(UNKNOWN, "gateway " + fact.getGatewayId() + " no longer holds it", fact.getGatewayId(), at);
        m.setStreamId("").setConnectionId("");
        state.setPlacementAtMicros(at);
      }
      return;
    }
    setState(fact.getState(), "", fact.getGatewayId(), at);
    place(fact, at);
  }

  private void place(PoolFact fact, long at) {
    m.setStreamId(fact.getStreamId()).setConnectionId(fact.getConnectionId());
    if (!fact.getGroup().isEmpty()) {
      m.setGroup(fact.getGroup());
    }
    state.setPlacementAtMicros(at);
  }

  private void setState(String newState, String reason, String gatewayId, long at) {
    if (!newState.equals(m.getState())) {
      m.setStateSinceEpochMicros(at);
    }
    m.setState(newState).setStateReason(reason);
    if (!gatewayId.isEmpty()) {
      m.setGatewayId(gatewayId);
    }
    state.setStateAtMicros(at);
  }

  long now() {
    long base = Math.max(state.getLastProcessedWallMillis(), startWallMillis);
    return Math.max(state.getLastInputAtMicros(), state.getLastInputAtMicros() + Math.max(0, wallMillis - base) * 1000);
  }

  private void finish() {
    long now = now();
    reconnects.prune(now - HOUR_MICROS);
    m.setReconnectsLastHour(reconnects.count(now - HOUR_MICROS, now)).setAsOfEpochMicros(now);
    long staleMicros = config.heartbeatStaleAfter().toNanos() / 1000;
    if (m.getLastHeartbeatAtEpochMicros() > 0 && now - m.getLastHeartbeatAtEpochMicros() > staleMicros) {
      m.setProcessState(SILENT).setMessagesPerSecond(0);
    }
    evaluateAlerts(now);
    reportGroup(now);
  }

  private void evaluateAlerts(long now) {
    AggregatorConfig.AlertThresholds t = config.alerts();
    String id = m.getMonitorId();
    boolean removed = m.getState().equals(REMOVED);
    int count = m.getReconnectsLastHour();
    alerts.evaluate(new AlertBook.Check("monitor-reconnects/" + id, PoolAlertKind.ALERT_MONITOR_RECONNECTS, "warning",
        m.getGatewayId(), id, m.getGroup(), count, t.monitorReconnectsPerHour(),
        !removed && count > t.monitorReconnectsPerHour(), removed || count <= t.monitorReconnectsPerHour(),
        String.format("Monitor \"%s\" has %d reconnects in the last hour (more than %d)", id, count,
            t.monitorReconnectsPerHour()),
        String.format("Monitor \"%s\" is down to %d reconnects in the last hour", id, count)), now);

    boolean waiting = m.getState().equals(PoolModel.WAITING);
    double waitedSeconds = waiting ? (now - m.getStateSinceEpochMicros()) / 1e6 : 0;
    double waitingAfter = t.monitorWaitingAfter().toMillis() / 1000d;
    alerts.evaluate(new AlertBook.Check("monitor-waiting/" + id, PoolAlertKind.ALERT_MONITOR_WAITING, "warning",
        m.getGatewayId(), id, m.getGroup(), waitedSeconds, waitingAfter, waiting && waitedSeconds >= waitingAfter,
        !waiting,
        String.format("Monitor \"%s\" has waited %.0f s for a connection%s", id, waitedSeconds,
            m.getStateReason().isEmpty() ? "" : ": " + m.getStateReason()),
        String.format("Monitor \"%s\" no longer waits (%s)", id, m.getState())), now);

    boolean poolFailed = m.getState().equals(PoolModel.FAILED) || m.getState().equals(PoolModel.REJECTED);
    boolean processFailed = m.getProcessState().equals(PoolModel.FAILED);
    boolean failed = !removed && (poolFailed || processFailed);
    String why = poolFailed ? m.getState() + " by the gateway" + (m.getStateReason().isEmpty() ? ""
        : ": " + m.getStateReason()) : "its process reports failed";
    alerts.evaluate(new AlertBook.Check("monitor-failed/" + id, PoolAlertKind.ALERT_MONITOR_FAILED, "critical",
        m.getGatewayId(), id, m.getGroup(), failed ? 1 : 0, 1, failed, !failed,
        String.format("Monitor \"%s\" failed: %s", id, why),
        String.format("Monitor \"%s\" recovered (%s)", id, m.getState())), now);
  }

  private void reportGroup(long now) {
    boolean removed = m.getState().equals(REMOVED);
    String group = m.getGroup();
    String reported = state.getReportedGroup();
    if (!reported.isEmpty() && (removed || !reported.equals(group))) {
      groupUpdates.add(new GroupUpdate(reported, GroupInput.newBuilder().setMonitorId(m.getMonitorId())
          .setRemoved(true).setAtMicros(now).build()));
      state.setReportedGroup("").setReportedRate(0).setReportedReporting(false);
      reported = "";
    }
    if (group.isEmpty() || removed) {
      return;
    }
    boolean reporting = m.getLastHeartbeatAtEpochMicros() > 0 && !m.getProcessState().equals(SILENT);
    double rate = reporting ? m.getMessagesPerSecond() : 0;
    if (reported.isEmpty() || rate != state.getReportedRate() || reporting != state.getReportedReporting()) {
      groupUpdates.add(new GroupUpdate(group, GroupInput.newBuilder().setMonitorId(m.getMonitorId())
          .setMessagesPerSecond(rate).setReporting(reporting).setAtMicros(now).build()));
      state.setReportedGroup(group).setReportedRate(rate).setReportedReporting(reporting);
    }
  }

  /** A last word for the group side when the monitor's state is dropped. */
  public List<GroupUpdate> forget() {
    List<GroupUpdate> updates = new ArrayList<>();
    if (!state.getReportedGroup().isEmpty()) {
      updates.add(new GroupUpdate(state.getReportedGroup(), GroupInput.newBuilder().setMonitorId(m.getMonitorId())
          .setRemoved(true).setAtMicros(now()).build()));
    }
    return updates;
  }

  public MonitorState state() {
    state.clearReconnectsAtMicros().addAllReconnectsAtMicros(reconnects.times())
        .clearAlerts().addAllAlerts(alerts.active());
    return state.build();
  }

  public MonitorMetrics metrics() {
    return m.build();
  }

  public List<PoolAlert> alerts() {
    return alerts.emitted();
  }

  public List<GroupUpdate> groupUpdates() {
    return groupUpdates;
  }
}
