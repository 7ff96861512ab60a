package dev.geyserpool.aggregator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.PoolAlertState;
import dev.geyserpool.proto.pool.PoolEventAccounting;
import dev.geyserpool.proto.pool.PoolHealth;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API's JSON: the seed's {@code GrpcPoolMetrics} and {@code GrpcPoolHistoricalMetrics} with
 * the seed's own field names (camelCase, {@code perConnection} keyed {@code "1-5"} .. {@code "15+"},
 * times in milliseconds and seconds as the seed's comments give them), plus what the pool knows
 * beyond them in further fields. Instants are ISO-8601 strings in UTC. Stateless.
 */
final class PoolJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PoolJson() {}

  /**
   * One gateway's real-time metrics, with the messages per second of every monitor and group.
   *
   * @param gateways every gateway the aggregator knows, so a client sees which one this is
   */
  static ObjectNode metrics(PoolMetrics m, Collection<GroupMetrics> groups, Collection<PoolMetrics> gateways) {
    ObjectNode root = JSON.objectNode();
    root.put("gatewayId", m.getGatewayId());
    root.put("incarnationId", m.getIncarnationId());
    root.put("gatewayState", m.getGatewayState());
    root.put("timestamp", instant(m.getAsOfEpochMicros()));
    root.put("lastEventAt", instant(m.getLastEventAtEpochMicros()));
    root.put("lastSnapshotAt", instant(m.getLastSnapshotAtEpochMicros()));
    root.put("synced", m.getSynced());
    root.put("sinkAvailable", m.getSinkAvailable());

    ObjectNode connections = root.putObject("connections");
    connections.put("total", m.getConnections().getTotal());
    connections.put("active", m.getConnections().getActive());
    connections.put("idle", m.getConnections().getIdle());
    connections.put("failed", m.getConnections().getFailed());
    connections.put("creating", m.getConnections().getCreating());
    connections.put("expiring", m.getConnections().getExpiring());
    connections.put("max", m.getConnections().getMaxConnections());

    ObjectNode rateLimit = root.putObject("rateLimit");
    rateLimit.put("tokensAvailable", m.getRateLimit().getTokensAvailable());
    rateLimit.put("tokensUsed1Min", m.getRateLimit().getTokensUsed1Min());
    rateLimit.put("percentUsed", round(m.getRateLimit().getPercentUsed()));
    rateLimit.put("nextTokenIn", round(m.getRateLimit().getNextTokenInSeconds()));
    rateLimit.put("queuedRequests", m.getRateLimit().getQueuedRequests());
    rateLimit.put("limit", m.getRateLimit().getLimit());
    rateLimit.put("enforcedLimit", m.getRateLimit().getEnforcedLimit());
    rateLimit.put("windowSeconds", m.getRateLimit().getWindowMillis() / 1000.0);
    rateLimit.put("scope", m.getRateLimit().getScope());

    ObjectNode streams = root.putObject("streams");
    streams.put("total", m.getStreams().getTotal());
    ObjectNode perConnection = streams.putObject("perConnection");
    perConnection.put("1-5", m.getStreams().getPerConnection().getFrom1To5());
    perConnection.put("6-10", m.getStreams().getPerConnection().getFrom6To10());
    perConnection.put("11-15", m.getStreams().getPerConnection().getFrom11To15());
    perConnection.put("15+", m.getStreams().getPerConnection().getOver15());
    ObjectNode byMonitor = streams.putObject("byMonitor");
    new TreeMap<>(m.getStreams().getByMonitorMap()).forEach(byMonitor::put);

    ObjectNode performance = root.putObject("performance");
    performance.put("avgConnectionTime", round(m.getPerformance().getAvgConnectionTimeMillis()));
    performance.put("avgQueueWaitTime", round(m.getPerformance().getAvgQueueWaitTimeMillis()));
    performance.put("connectionUptime", round(m.getPerformance().getConnectionUptimeSeconds()));
    performance.put("reconnectsLastHour", m.getPerformance().getReconnectsLastHour());
    performance.put("failuresLastHour", m.getPerformance().getFailuresLastHour());

    ObjectNode monitors = root.putObject("monitors");
    monitors.put("total", m.getMonitors().getTotal());
    monitors.put("active", m.getMonitors().getActive());
    monitors.put("waiting", m.getMonitors().getWaiting());
    monitors.put("failed", m.getMonitors().getFailed());
    ObjectNode byGroup = monitors.putObject("byGroup");
    byGroup.put("highFrequency", m.getMonitors().getByGroup().getHighFrequency());
    byGroup.put("mediumFrequency", m.getMonitors().getByGroup().getMediumFrequency());
    byGroup.put("lowFrequency", m.getMonitors().getByGroup().getLowFrequency());

    root.set("health", health(m.getHealth()));
    root.set("messagesPerSecond", rates(groups));
    root.set("flow", flow(m.getPool(), m.getAsOfEpochMicros()));
    root.set("events", accounting(m.getEvents()));

    ArrayNode known = root.putArray("gateways");
    gateways.stream().sorted(Comparator.comparing(PoolMetrics::getGatewayId)).forEach(g -> known.addObject()
        .put("gatewayId", g.getGatewayId())
        .put("gatewayState", g.getGatewayState())
        .put("timestamp", instant(g.getAsOfEpochMicros())));
    return root;
  }

  /**
   * The pool as the flow and grid views draw it: connections (with streams / max per
   * connection), streams with their monitors, the queue, and each monitor's place.
   */
  static ObjectNode flow(PoolSnapshot pool, long nowMicros) {
    ObjectNode flow = JSON.objectNode();
    flow.put("maxStreamsPerConnection", pool.getMaxStreamsPerConnection());
    ArrayNode connections = flow.putArray("connections");
    pool.getConnectionsList().stream().sorted(Comparator.comparing(ConnectionSnapshot::getConnectionId))
        .forEach(c -> connections.addObject()
            .put("connectionId", c.getConnectionId())
            .put("state", c.getState())
            .put("streams", c.getStreams())
            .put("group", c.getGroup())
            .put("uptimeSeconds", c.getCreatedAtEpochMicros() == 0 ? 0
                : round(Math.max(0, nowMicros - c.getCreatedAtEpochMicros()) / 1e6)));
    ArrayNode streams = flow.putArray("streams");
    pool.getStreamsList().stream().sorted(Comparator.comparing(StreamSnapshot::getStreamId)).forEach(s -> {
      ObjectNode stream = streams.addObject()
          .put("streamId", s.getStreamId())
          .put("connectionId", s.getConnectionId())
          .put("group", s.getGroup())
          .put("state", s.getState());
      if (!s.getSuccessorConnectionId().isEmpty()) {
        stream.put("successorConnectionId", s.getSuccessorConnectionId());
      }
      ArrayNode ids = stream.putArray("monitors");
      s.getMonitorIdsList().stream().sorted().forEach(ids::add);
    });
    ArrayNode queue = flow.putArray("queue");
    pool.getQueueList().forEach(q -> {
      ObjectNode request = queue.addObject()
          .put("streamId", q.getStreamId())
          .put("group", q.getGroup())
          .put("waitingSeconds", round(Math.max(0, nowMicros - q.getQueuedAtEpochMicros()) / 1e6));
      ArrayNode ids = request.putArray("monitors");
      q.getMonitorIdsList().forEach(ids::add);
    });
    ArrayNode monitors = flow.putArray("monitors");
    pool.getMonitorsList().stream().sorted(Comparator.comparing(MonitorSnapshot::getMonitorId))
        .forEach(ms -> monitors.addObject()
            .put("monitorId", ms.getMonitorId())
            .put("group", ms.getGroup())
            .put("state", ms.getState())
            .put("streamId", ms.getStreamId())
            .put("connectionId", ms.getConnectionId()));
    return flow;
  }

  /** Messages per second handed to the monitors' handlers: in all, per group, per monitor. */
  static ObjectNode rates(Collection<GroupMetrics> groups) {
    ObjectNode rates = JSON.objectNode();
    double total = groups.stream().mapToDouble(GroupMetrics::getMessagesPerSecond).sum();
    rates.put("total", round(total));
    ObjectNode byGroup = rates.putObject("byGroup");
    ObjectNode byMonitor = rates.putObject("byMonitor");
    Map<String, Double> monitors = new TreeMap<>();
    groups.stream().sorted(Comparator.comparing(GroupMetrics::getGroup)).forEach(g -> {
      byGroup.put(g.getGroup(), round(g.getMessagesPerSecond()));
      monitors.putAll(g.getByMonitorMap());
    });
    monitors.forEach((id, rate) -> byMonitor.put(id, round(rate)));
    return rates;
  }

  static ObjectNode health(PoolHealth h) {
    ObjectNode health = JSON.objectNode();
    health.put("score", round(h.getScore()));
    ObjectNode factors = health.putObject("factors");
    factors.put("connectionStability", round(h.getFactors().getConnectionStability()));
    factors.put("rateLimitHeadroom", round(h.getFactors().getRateLimitHeadroom()));
    factors.put("streamDistribution", round(h.getFactors().getStreamDistribution()));
    factors.put("queuePerformance", round(h.getFactors().getQueuePerformance()));
    return health;
  }

  static ObjectNode accounting(PoolEventAccounting a) {
    return JSON.objectNode()
        .put("applied", a.getApplied())
        .put("missing", a.getMissing())
        .put("late", a.getLate())
        .put("lateDropped", a.getLateDropped())
        .put("duplicates", a.getDuplicates())
        .put("staleIncarnation", a.getStaleIncarnation())
        .put("lastSequence", a.getLastSequence())
        .put("incarnations", a.getIncarnations());
  }

  /** One 5-minute window, the seed's {@code GrpcPoolHistoricalMetrics}; health null when the gateway sent nothing. */
  static ObjectNode window(PoolMetricsWindow w) {
    ObjectNode window = JSON.objectNode();
    window.put("timestamp", Instant.ofEpochMilli(w.getWindowStartEpochMillis()).toString());
    window.put("end", Instant.ofEpochMilli(w.getWindowEndEpochMillis()).toString());
    window.put("final", w.getFinal());
    window.putObject("connections")
        .put("created", w.getConnections().getCreated())
        .put("failed", w.getConnections().getFailed())
        .put("recycled", w.getConnections().getRecycled())
        .put("expired", w.getConnections().getExpired());
    window.putObject("rateLimit")
        .put("maxUsed", w.getRateLimit().getMaxUsed())
        .put("avgUsed", round(w.getRateLimit().getAvgUsed()))
        .put("violations", w.getRateLimit().getViolations())
        .put("queueDepthMax", w.getRateLimit().getQueueDepthMax())
        .put("limit", w.getRateLimit().getLimit());
    window.putObject("streams")
        .put("created", w.getStreams().getCreated())
        .put("completed", w.getStreams().getCompleted())
        .put("failed", w.getStreams().getFailed())
        .put("avgDuration", round(w.getStreams().getAvgDurationSeconds()));
    if (w.hasHealth()) {
      window.set("health", health(w.getHealth()));
    } else {
      window.putNull("health");
    }
    window.put("events", w.getEvents());
    window.put("snapshots", w.getSnapshots());
    return window;
  }

  /** One 10-second point of the 30-minute line charts. */
  static ObjectNode point(PoolSeriesPoint p) {
    return JSON.objectNode()
        .put("timestamp", Instant.ofEpochMilli(p.getStartEpochMillis()).toString())
        .put("rateLimitPercent", round(p.getRateLimitPercent()))
        .put("connections", p.getConnections())
        .put("queueDepth", p.getQueueDepth())
        .put("failures", p.getFailures())
        .put("failuresPerMinute", round(p.getFailuresPerMinute()))
        .put("samples", p.getSamples())
        .put("final", p.getFinal());
  }

  /** One monitor, with the streams the pool serves it on and its alerts. */
  static ObjectNode monitor(MonitorMetrics m, int streams, List<PoolAlert> alerts) {
    ObjectNode monitor = JSON.objectNode()
        .put("monitorId", m.getMonitorId())
        .put("group", m.getGroup())
        .put("state", m.getState())
        .put("stateReason", m.getStateReason())
        .put("stateSince", instant(m.getStateSinceEpochMicros()))
        .put("gatewayId", m.getGatewayId())
        .put("streamId", m.getStreamId())
        .put("connectionId", m.getConnectionId())
        .put("streams", streams)
        .put("processState", m.getProcessState())
        .put("instanceId", m.getInstanceId())
        .put("messagesPerSecond", round(m.getMessagesPerSecond()))
        .put("deliveredTotal", m.getDeliveredTotal())
        .put("lag", m.getLag())
        .put("deadLetteredTotal", m.getDeadLetteredTotal())
        .put("latencyP50Millis", m.getLatencyP50Millis())
        .put("latencyP99Millis", m.getLatencyP99Millis())
        .put("lastHeartbeatAt", instant(m.getLastHeartbeatAtEpochMicros()))
        .put("reconnectsLastHour", m.getReconnectsLastHour())
        .put("timestamp", instant(m.getAsOfEpochMicros()));
    ArrayNode list = monitor.putArray("alerts");
    alerts.forEach(a -> list.add(alert(a)));
    return monitor;
  }

  static ObjectNode alert(PoolAlert a) {
    return JSON.objectNode()
        .put("alertId", a.getAlertId())
        .put("kind", kind(a.getKind()))
        .put("state", a.getState() == PoolAlertState.ALERT_RAISED ? "raised" : "cleared")
        .put("severity", a.getSeverity())
        .put("gatewayId", a.getGatewayId())
        .put("monitorId", a.getMonitorId())
        .put("group", a.getGroup())
        .put("value", round(a.getValue()))
        .put("threshold", round(a.getThreshold()))
        .put("message", a.getMessage())
        .put("at", instant(a.getAtEpochMicros()))
        .put("raisedAt", instant(a.getRaisedAtEpochMicros()));
  }

  /** {@code rate-limit}, {@code connection-failures}, ... as in the alert ids. */
  static String kind(PoolAlertKind kind) {
    return switch (kind) {
      case ALERT_RATE_LIMIT -> "rate-limit";
      case ALERT_CONNECTION_FAILURES -> "connection-failures";
      case ALERT_MONITOR_RECONNECTS -> "monitor-reconnects";
      case ALERT_MONITOR_WAITING -> "monitor-waiting";
      case ALERT_MONITOR_FAILED -> "monitor-failed";
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }

  /** An epoch-microsecond instant as ISO-8601, or null for 0 (never). */
  static String instant(long epochMicros) {
    if (epochMicros == 0) {
      return null;
    }
    return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000), Math.floorMod(epochMicros, 1_000_000) * 1000L)
        .toString();
  }

  /** Two decimals: the dashboards show no more, and the JSON stays short. */
  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
