package dev.geyserpool.aggregator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertState;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.wire.FilterNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the API answers, read through {@link StoreQueries}: which gateway a request is about, its
 * metrics, history, chart series and health, one monitor, the alerts. Every answer is built
 * from one read of each store it needs; bad parameters are {@link ApiException}s naming what is
 * accepted. Stateless apart from its collaborators; thread-safe.
 */
final class PoolReader {
  /** The gateway a dashboard shows when it names none: a running one, the most recently heard from. */
  private static final Comparator<PoolMetrics> PREFERRED = Comparator
      .comparing((PoolMetrics m) -> m.getGatewayState().equals("running"))
      .thenComparingLong(PoolMetrics::getAsOfEpochMicros);
  private static final int NAMES_LISTED = 20;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The health answer and whether it says the pool is down (the API answers 503 then). */
  record Health(ObjectNode body, boolean down) {}

  /**
   * One read of the stores the real-time answers need, gathered from every instance that
   * answered; {@code unreachable} names those that did not (their gateways, groups and alerts
   * are missing).
   */
  record View(List<PoolMetrics> gateways, List<GroupMetrics> groups, List<PoolAlert> alerts, List<String> unreachable) {}

  private final StoreQueries queries;
  private final Clock clock;
  private final Duration window;
  private final Duration retention;
  private final Duration seriesSpan;
  private final String poolEventsTopic;

  PoolReader(StoreQueries queries, Clock clock, Duration window, Duration retention, Duration seriesSpan,
      String poolEventsTopic) {
    this.queries = queries;
    this.clock = clock;
    this.window = window;
    this.retention = retention;
    this.seriesSpan = seriesSpan;
    this.poolEventsTopic = poolEventsTopic;
  }

  Duration retention() {
    return retention;
  }

  Duration seriesSpan() {
    return seriesSpan;
  }

  /** Reads the real-time stores once. */
  View view() {
    StoreQueries.Gathered<PoolMetrics> gateways = queries.all(StoreQueries.POOL_METRICS);
    StoreQueries.Gathered<GroupMetrics> groups = queries.all(StoreQueries.GROUP_METRICS);
    StoreQueries.Gathered<PoolAlert> alerts = queries.all(StoreQueries.ALERTS);
    Set<String> unreachable = new LinkedHashSet<>(gateways.unreachable());
    unreachable.addAll(groups.unreachable());
    unreachable.addAll(alerts.unreachable());
    return new View(gateways.values(), groups.values(), alerts.values(), List.copyOf(unreachable));
  }

  /** {@code GET /api/grpc-pool/metrics}. */
  ObjectNode metrics(String gatewayId) {
    return metrics(view(), gatewayId);
  }

  ObjectNode metrics(View view, String gatewayId) {
    PoolMetrics gateway = pick(view, gatewayId);
    return withUnreachable(PoolJson.metrics(gateway, view.groups(), view.gateways()), view.unreachable());
  }

  /** The 5-minute windows that overlap the last {@code period} of the gateway, oldest first. */
  List<PoolMetricsWindow> windows(String gatewayId, Duration period) {
    PoolMetrics gateway = pick(gateways(), gatewayId);
    Instant now = now(gateway);
    Instant from = now.minus(period);
    return queries.fetch(StoreQueries.POOL_METRICS_5M, gateway.getGatewayId(), from.minus(window).plusMillis(1), now)
        .stream()
        .filter(w -> w.getWindowEndEpochMillis() > from.toEpochMilli())
        .sorted(Comparator.comparingLong(PoolMetricsWindow::getWindowStartEpochMillis))
        .toList();
  }

  /** {@code GET /api/grpc-pool/metrics/history}. */
  ObjectNode history(String gatewayId, Duration period) {
    List<PoolMetricsWindow> windows = windows(gatewayId, period);
    ObjectNode body = JSON.objectNode();
    body.put("gatewayId", windows.isEmpty() ? pick(gateways(), gatewayId).getGatewayId()
        : windows.get(0).getGatewayId());
    body.put("period", Period.format(period));
    body.put("windowMinutes", window.toSeconds() / 60.0);
    ArrayNode list = body.putArray("windows");
    windows.forEach(w -> list.add(PoolJson.window(w)));
    return body;
  }

  /** {@code GET /api/grpc-pool/metrics/series}: the 10-second line-chart points of the last {@code period}. */
  ObjectNode series(String gatewayId, Duration period) {
    PoolMetrics gateway = pick(gateways(), gatewayId);
    Instant now = now(gateway);
    List<PoolSeriesPoint> points = queries.fetch(StoreQueries.POOL_SERIES_10S, gateway.getGatewayId(),
        now.minus(period), now);
    ObjectNode body = JSON.objectNode();
    body.put("gatewayId", gateway.getGatewayId());
    body.put("period", Period.format(period));
    ArrayNode list = body.putArray("points");
    points.stream().sorted(Comparator.comparingLong(PoolSeriesPoint::getStartEpochMillis))
        .forEach(p -> list.add(PoolJson.point(p)));
    return body;
  }

  /** {@code GET /api/grpc-pool/metrics/monitor/:monitorId}. */
  ObjectNode monitor(String monitorId) {
    Optional<String> problem = FilterNames.monitorIdProblem(monitorId);
    if (problem.isPresent()) {
      throw ApiException.badRequest("'" + monitorId + "' is not a monitor id: " + problem.get());
    }
    Optional<MonitorMetrics> monitor = queries.get(StoreQueries.MONITOR_METRICS, monitorId);
    if (monitor.isEmpty()) {
      StoreQueries.Gathered<MonitorMetrics> all = queries.all(StoreQueries.MONITOR_METRICS);
      List<String> known = all.values().stream().map(MonitorMetrics::getMonitorId).sorted().toList();
      throw ApiException.notFound("no monitor '" + monitorId + "' is known to the aggregator (it knows a monitor"
          + " from its heartbeats and the gateway's subscription status): " + listed("known monitors", known)
          + (all.unreachable().isEmpty() ? "" : " (not counting those of instances that did not answer)"));
    }
    MonitorMetrics m = monitor.get();
    View view = view();
    int streams = view.gateways().stream()
        .filter(g -> g.getGatewayId().equals(m.getGatewayId()))
        .mapToInt(g -> g.getStreams().getByMonitorOrDefault(monitorId, 0))
        .max().orElse(0);
    List<PoolAlert> alerts = view.alerts().stream()
        .filter(a -> a.getMonitorId().equals(monitorId) && a.getState() == PoolAlertState.ALERT_RAISED)
        .sorted(Comparator.comparing(PoolAlert::getAlertId))
        .toList();
    return withUnreachable(PoolJson.monitor(m, streams, alerts), view.unreachable());
  }

  /** {@code GET /api/grpc-pool/alerts}: raised alerts first, newest first, then the cleared ones. */
  ObjectNode alerts() {
    StoreQueries.Gathered<PoolAlert> gathered = queries.all(StoreQueries.ALERTS);
    List<PoolAlert> alerts = gathered.values();
    ObjectNode body = JSON.objectNode();
    ArrayNode active = body.putArray("active");
    ArrayNode cleared = body.putArray("cleared");
    alerts.stream().sorted(Comparator.comparingLong(PoolAlert::getAtEpochMicros).reversed()).forEach(a ->
        (a.getState() == PoolAlertState.ALERT_RAISED ? active : cleared).add(PoolJson.alert(a)));
    return withUnreachable(body, gathered.unreachable());
  }

  /**
   * {@code GET /api/grpc-pool/health}: the score and its four factors with what each is based on;
   * UP at 80 or more, DEGRADED below, DOWN when the gateway stopped or went silent.
   */
  Health health(String gatewayId) {
    View view = view();
    PoolMetrics m = pick(view, gatewayId);
    long raised = view.alerts().stream()
        .filter(a -> a.getState() == PoolAlertState.ALERT_RAISED && a.getGatewayId().equals(m.getGatewayId()))
        .count();
    boolean down = !m.getGatewayState().equals("running");
    double score = m.getHealth().getScore();
    ObjectNode body = JSON.objectNode();
    body.put("status", down ? "DOWN" : score >= 80 ? "UP" : "DEGRADED");
    body.put("gatewayId", m.getGatewayId());
    body.put("gatewayState", m.getGatewayState());
    body.put("score", PoolJson.round(score));
    ObjectNode factors = body.putObject("factors");
    factors.putObject("connectionStability")
        .put("score", PoolJson.round(m.getHealth().getFactors().getConnectionStability()))
        .put("failuresLastHour", m.getPerformance().getFailuresLastHour());
    factors.putObject("rateLimitHeadroom")
        .put("score", PoolJson.round(m.getHealth().getFactors().getRateLimitHeadroom()))
        .put("tokensUsed1Min", m.getRateLimit().getTokensUsed1Min())
        .put("limit", m.getRateLimit().getLimit());
    factors.putObject("streamDistribution")
        .put("score", PoolJson.round(m.getHealth().getFactors().getStreamDistribution()))
        .put("streams", m.getStreams().getTotal())
        .put("activeConnections", m.getConnections().getActive());
    factors.putObject("queuePerformance")
        .put("score", PoolJson.round(m.getHealth().getFactors().getQueuePerformance()))
        .put("avgQueueWaitTime", PoolJson.round(m.getPerformance().getAvgQueueWaitTimeMillis()))
        .put("queuedRequests", m.getRateLimit().getQueuedRequests());
    body.put("activeAlerts", raised);
    body.put("timestamp", PoolJson.instant(m.getAsOfEpochMicros()));
    return new Health(withUnreachable(body, view.unreachable()), down);
  }

  /**
   * The gateway {@code requested}, or when null the preferred one.
   *
   * @throws ApiException 404 for an unknown gateway, 503 when none has reported yet
   */
  PoolMetrics pick(View view, String requested) {
    List<PoolMetrics> gateways = view.gateways();
    if (requested != null) {
      return gateways.stream().filter(g -> g.getGatewayId().equals(requested)).findFirst()
          .orElseThrow(() -> view.unreachable().isEmpty()
              ? ApiException.notFound("no gateway '" + requested + "' has reported to the aggregator: "
                  + listed("known gateways", gateways.stream().map(PoolMetrics::getGatewayId).sorted().toList()))
              : ApiException.unavailable("gateway '" + requested + "' is not among the gateways of the instances that"
                  + " answered; " + String.join("; ", view.unreachable())));
    }
    if (gateways.isEmpty() && !view.unreachable().isEmpty()) {
      throw ApiException.unavailable("no gateway is held by the instances that answered; "
          + String.join("; ", view.unreachable()));
    }
    return gateways.stream().max(PREFERRED).orElseThrow(() -> ApiException.unavailable(
        "no gateway has reported on " + poolEventsTopic + " yet: start one (bin/geyser-pool gateway) against the"
            + " same Kafka cluster; its first snapshot arrives within a second"));
  }

  private View gateways() {
    StoreQueries.Gathered<PoolMetrics> gateways = queries.all(StoreQueries.POOL_METRICS);
    return new View(gateways.values(), List.of(), List.of(), gateways.unreachable());
  }

  /** Names, in the answer, the instances whose share is missing from it. */
  private static ObjectNode withUnreachable(ObjectNode body, List<String> unreachable) {
    if (!unreachable.isEmpty()) {
      ArrayNode list = body.putArray("unreachable");
      unreachable.forEach(list::add);
    }
    return body;
  }

  /** The gateway's "now": its latest event time as the aggregator advances it, or the clock before any. */
  private Instant now(PoolMetrics gateway) {
    long micros = gateway.getAsOfEpochMicros();
    return micros == 0 ? clock.instant() : Instant.ofEpochMilli(micros / 1000);
  }

  private static String listed(String what, List<String> names) {
    if (names.isEmpty()) {
      return "there are none yet";
    }
    String shown = names.stream().limit(NAMES_LISTED).collect(Collectors.joining(", "));
    return what + " are " + shown + (names.size() > NAMES_LISTED ? " and " + (names.size() - NAMES_LISTED) + " more" : "");
  }
}
