package dev.geyserpool.aggregator.api;

import dev.geyserpool.proto.pool.PoolMetricsWindow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The history as CSV (RFC 4180, CRLF line ends), the seed's export for historical analysis: a
 * header row, then one row per 5-minute window, oldest first. A window in which the gateway sent
 * nothing has empty health cells (unknown, not 100). Stateless.
 */
final class HistoryCsv {
  static final String HEADER = String.join(",", "timestamp", "window_end", "gateway_id", "final",
      "connections_created", "connections_failed", "connections_recycled", "connections_expired",
      "rate_limit_max_used", "rate_limit_avg_used", "rate_limit_violations", "rate_limit_queue_depth_max",
      "rate_limit_limit", "streams_created", "streams_completed", "streams_failed", "streams_avg_duration_seconds",
      "health_score", "health_connection_stability", "health_rate_limit_headroom", "health_stream_distribution",
      "health_queue_performance", "events", "snapshots");

  private HistoryCsv() {}

  static String render(List<PoolMetricsWindow> windows) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (PoolMetricsWindow w : windows) {
      csv.append(Instant.ofEpochMilli(w.getWindowStartEpochMillis())).append(',')
          .append(Instant.ofEpochMilli(w.getWindowEndEpochMillis())).append(',')
          .append(quote(w.getGatewayId())).append(',')
          .append(w.getFinal()).append(',')
          .append(w.getConnections().getCreated()).append(',')
          .append(w.getConnections().getFailed()).append(',')
          .append(w.getConnections().getRecycled()).append(',')
          .append(w.getConnections().getExpired()).append(',')
          .append(w.getRateLimit().getMaxUsed()).append(',')
          .append(number(w.getRateLimit().getAvgUsed())).append(',')
          .append(w.getRateLimit().getViolations()).append(',')
          .append(w.getRateLimit().getQueueDepthMax()).append(',')
          .append(w.getRateLimit().getLimit()).append(',')
          .append(w.getStreams().getCreated()).append(',')
          .append(w.getStreams().getCompleted()).append(',')
          .append(w.getStreams().getFailed()).append(',')
          .append(number(w.getStreams().getAvgDurationSeconds())).append(',');
      if (w.hasHealth()) {
        csv.append(number(w.getHealth().getScore())).append(',')
            .append(number(w.getHealth().getFactors().getConnectionStability())).append(',')
            .append(number(w.getHealth().getFactors().getRateLimitHeadroom())).append(',')
            .append(number(w.getHealth().getFactors().getStreamDistribution())).append(',')
            .append(number(w.getHealth().getFactors().getQueuePerformance())).append(',');
      } else {
        csv.append(",,,,,");
      }
      csv.append(w.getEvents()).append(',').append(w.getSnapshots()).append("\r\n");
    }
    return csv.toString();
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A gateway id is free text: quote it when it holds a comma, a quote or a line break. */
  static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
