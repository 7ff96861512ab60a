package dev.geyserpool.aggregator.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The seed's terminal views, drawn from the API's answers: the compact status view, the live
 * view, the connection flow and the sparklines of the last 5 minutes, plus the single status line.
 * Pure functions of the JSON and the screen's width: no terminal, no I/O, so tests read the
 * lines. Styles are colours; a terminal without colours draws the same characters plain.
 */
public final class TopScreens {
  /** The views, in the order the number keys select them. */
  public enum View { STATUS, LIVE, FLOW, SPARKLINES }

  private static final AttributedStyle OK = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  private static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
  private static final AttributedStyle BOLD = AttributedStyle.BOLD;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("high", "H");
    GROUPS.put("medium", "M");
    GROUPS.put("low", "L");
  }

  private TopScreens() {}

  /**
   * The lines of {@code view} for a screen {@code width} columns wide.
   *
   * @param metrics the body of {@code GET /api/grpc-pool/metrics}, or null when there is none yet
   * @param series the body of {@code GET /api/grpc-pool/metrics/series?period=5m}, or null
   * @param problem why there is nothing to show (the API unreachable, no gateway yet), or null
   */
  public static List<AttributedString> render(View view, JsonNode metrics, JsonNode series, String problem, int width) {
    List<AttributedString> lines = new ArrayList<>();
    if (metrics == null) {
      lines.add(new AttributedString("gRPC Pool Status [waiting]", BOLD));
      lines.add(new AttributedString(problem == null ? "no answer from the aggregator yet" : problem, WARN));
    } else {
      switch (view) {
        case STATUS -> status(metrics, problem, width, lines);
        case LIVE -> live(metrics, width, lines);
        case FLOW -> flow(metrics, width, lines);
        case SPARKLINES -> sparklines(metrics, series, lines);
      }
    }
    lines.add(AttributedString.EMPTY);
    lines.add(new AttributedString("1 status  2 live  3 flow  4 sparklines  tab next  q quit", DIM));
    List<AttributedString> fitted = new ArrayList<>();
    for (AttributedString line : lines) {
      fitted.add(line.columnLength() > width ? line.columnSubSequence(0, width) : line);
    }
    return fitted;
  }

  /** The seed's ultra-compact single line: {@code gRPC: 25/40 conns | 35/60 rate | 7/7 mons | ✓ healthy}. */
  public static String line(JsonNode m) {
    JsonNode c = m.path("connections");
    JsonNode r = m.path("rateLimit");
    JsonNode mons = m.path("monitors");
    return "gRPC: " + c.path("total").asInt() + "/" + c.path("max").asInt() + " conns | "
        + r.path("tokensUsed1Min").asInt() + "/" + r.path("limit").asInt() + " rate | "
        + mons.path("active").asInt() + "/" + mons.path("total").asInt() + " mons | " + verdict(m);
  }

  static String verdict(JsonNode m) {
    if (!m.path("gatewayState").asText().equals("running")) {
      return "✗ gateway " + m.path("gatewayState").asText();
    }
    double score = m.path("health").path("score").asDouble();
    return score >= 80 ? "✓ healthy" : "⚠ degraded (" + Math.round(score) + ")";
  }

  // ---- the compact status view ----------------------------------------------------------------

  private static void status(JsonNode m, String problem, int width, List<AttributedString> lines) {
    int rule = Math.max(20, Math.min(width, 56));
    JsonNode c = m.path("connections");
    JsonNode r = m.path("rateLimit");
    lines.add(new AttributedStringBuilder().append("gRPC Pool Status ", BOLD)
        .append(problem == null ? "[Live]" : "[stale]", problem == null ? OK : WARN)
        .append("  " + m.path("gatewayId").asText() + " · " + clock(m), DIM).toAttributedString());
    lines.add(new AttributedString("━".repeat(rule)));
    lines.add(meterLine("Connections: ", c.path("total").asInt(), c.path("max").asInt(), ""));
    lines.add(meterLine("Rate Limit:  ", r.path("tokensUsed1Min").asInt(), r.path("limit").asInt(), ""));
    int queued = r.path("queuedRequests").asInt();
    lines.add(new AttributedStringBuilder().append("Queue:       ")
        .append(bar(queued, Math.max(queued, 20), 20), queued == 0 ? OK : WARN)
        .append(" " + queued + " waiting").toAttributedString());
    lines.add(AttributedString.EMPTY);
    JsonNode monitors = m.path("monitors");
    lines.add(new AttributedString("Active Monitors (" + monitors.path("active").asInt() + "/"
        + monitors.path("total").asInt() + "):"));
    for (Map.Entry<String, String> group : GROUPS.entrySet()) {
      AttributedStringBuilder row = new AttributedStringBuilder().append("[" + group.getValue() + "]");
      for (JsonNode mon : m.path("flow").path("monitors")) {
        if (mon.path("group").asText().equals(group.getKey())) {
          String id = mon.path("monitorId").asText();
          int streams = m.path("streams").path("byMonitor").path(id).asInt();
          row.append(" " + id);
          row.append(dots(mon.path("state").asText(), streams), stateStyle(mon.path("state").asText()));
        }
      }
      lines.add(row.toAttributedString());
    }
    lines.add(AttributedString.EMPTY);
    lines.add(new AttributedString("● = streaming, ○ = idle, × = failed", DIM));
    lines.add(new AttributedString("[H]igh [M]edium [L]ow frequency groups", DIM));
    lines.add(new AttributedString("━".repeat(rule)));
    double score = m.path("health").path("score").asDouble();
    lines.add(new AttributedStringBuilder().append("Health ").append(Math.round(score) + "/100", scoreStyle(score))
        .append(" · next token " + nextToken(r) + " · " + m.path("messagesPerSecond").path("total").asDouble()
            + " msg/s · " + line(m)).toAttributedString());
    if (problem != null) {
      lines.add(new AttributedString(problem, WARN));
    }
  }

  private static String dots(String state, int streams) {
    if (state.equals("failed") || state.equals("rejected")) {
      return "×";
    }
    return streams == 0 ? "○" : "●".repeat(Math.min(streams, 8));
  }

  // ---- the live view --------------------------------------------------------------------------

  private static void live(JsonNode m, int width, List<AttributedString> lines) {
    int inner = Math.max(48, Math.min(width - 2, 78));
    JsonNode c = m.path("connections");
    JsonNode r = m.path("rateLimit");
    String title = "─ gRPC Pool Monitor ";
    String time = " " + clock(m) + " ─";
    lines.add(new AttributedString("┌" + title + "─".repeat(Math.max(0, inner - title.length() - time.length())) + time + "┐"));
    lines.add(boxed(AttributedString.EMPTY, inner));
    lines.add(boxed(new AttributedString(String.format("  %-16s%-16s%s", "Connections", "Rate Limit", "Active Streams")), inner));
    int streams = m.path("streams").path("total").asInt();
    lines.add(boxed(new AttributedStringBuilder().append("  ")
        .append(halfBar(c.path("total").asInt(), c.path("max").asInt(), 10), style(c.path("total").asInt(), c.path("max").asInt()))
        .append(String.format(" %-4d ", c.path("total").asInt()))
        .append(halfBar(r.path("tokensUsed1Min").asInt(), r.path("limit").asInt(), 10),
            style(r.path("tokensUsed1Min").asInt(), r.path("limit").asInt()))
        .append(String.format(" %-4d ", r.path("tokensUsed1Min").asInt()))
        .append("█".repeat(Math.min(streams, 12)), OK)
        .append(" " + streams).toAttributedString(), inner));
    lines.add(boxed(AttributedString.EMPTY, inner));
    lines.add(boxed(new AttributedString("  Monitor Status:"), inner));
    JsonNode rates = m.path("messagesPerSecond").path("byMonitor");
    for (JsonNode mon : m.path("flow").path("monitors")) {
      String id = mon.path("monitorId").asText();
      int n = m.path("streams").path("byMonitor").path(id).asInt();
      String rate = rates.has(id) && (n > 0 || rates.path(id).asDouble() > 0)
          ? "↑" + Math.round(rates.path(id).asDouble()) + " msg/s" : "idle";
      lines.add(boxed(new AttributedStringBuilder().append("  • ")
          .append(String.format("%-20s", shorten(id, 20)))
          .append("[" + pad("█".repeat(Math.min(n, 3)), 3) + "]", stateStyle(mon.path("state").asText()))
          .append(String.format(" %d %-8s %s", n, n == 1 ? "stream" : "streams", rate)).toAttributedString(), inner));
    }
    lines.add(boxed(AttributedString.EMPTY, inner));
    double score = m.path("health").path("score").asDouble();
    lines.add(boxed(new AttributedStringBuilder().append("  Health: ")
        .append(halfBar((int) Math.round(score), 100, 22), scoreStyle(score))
        .append(" " + Math.round(score) + "%").toAttributedString(), inner));
    int queued = r.path("queuedRequests").asInt();
    lines.add(boxed(new AttributedString("  Queue: " + (queued == 0 ? "Empty" : queued + " waiting") + " | Next Token: "
        + nextToken(r) + " | Uptime: " + duration(m.path("performance").path("connectionUptime").asDouble())), inner));
    lines.add(new AttributedString("└" + "─".repeat(inner) + "┘"));
  }

  // ---- the connection flow --------------------------------------------------------------------

  private static void flow(JsonNode m, int width, List<AttributedString> lines) {
    int inner = Math.max(48, Math.min(width - 2, 78));
    JsonNode flow = m.path("flow");
    int max = flow.path("maxStreamsPerConnection").asInt();
    lines.add(new AttributedString("gRPC Connection Flow (Real-time)", BOLD));
    lines.add(new AttributedString("┌" + "─".repeat(inner) + "┐"));
    lines.add(boxed(new AttributedString(" Monitors              Pool                 Yellowstone"), inner));
    lines.add(boxed(AttributedString.EMPTY, inner));
    List<JsonNode> connections = new ArrayList<>();
    flow.path("connections").forEach(connections::add);
    for (int ci = 0; ci < connections.size(); ci++) {
      JsonNode conn = connections.get(ci);
      String id = conn.path("connectionId").asText();
      List<String> monitors = new ArrayList<>();
      for (JsonNode s : flow.path("streams")) {
        if (s.path("connectionId").asText().equals(id)) {
          s.path("monitors").forEach(x -> monitors.add(x.asText()));
        }
      }
      if (monitors.isEmpty()) {
        monitors.add("(idle)");
      }
      String link = connections.size() == 1 ? "═" : ci == 0 ? "╗" : ci == connections.size() - 1 ? "╝" : "╬";
      int n = monitors.size();
      int labelAt = n == 1 ? 0 : 1;
      for (int i = 0; i < n; i++) {
        String joint = n == 1 ? "━━━━━━━" : i == 0 ? "━━━┓" : i == labelAt ? "━━━┫" : i == n - 1 ? "━━━┛" : "━━━┫";
        String label = i != labelAt ? ""
            : (n == 1 ? " " : "━━━ ") + String.format("%-8s", shorten(id, 8)) + " ════════" + link;
        lines.add(boxed(new AttributedStringBuilder().append(" ")
            .append(String.format("%-18s", shorten(monitors.get(i), 18)), monitors.get(i).equals("(idle)") ? DIM
                : AttributedStyle.DEFAULT)
            .append(joint, OK)
            .append(label, conn.path("state").asText().equals("active") ? OK : DIM)
            .toAttributedString(), inner));
      }
      lines.add(boxed(new AttributedString(String.format(" %-18s     (%d/%d) %s", "", conn.path("streams").asInt(), max,
          conn.path("state").asText())), inner));
    }
    if (connections.isEmpty()) {
      lines.add(boxed(new AttributedString(" no connection open", DIM), inner));
    }
    for (JsonNode q : flow.path("queue")) {
      lines.add(boxed(new AttributedString(" queued: " + q.path("streamId").asText() + " (" + q.path("waitingSeconds")
          .asDouble() + " s) " + q.path("monitors").toString(), WARN), inner));
    }
    lines.add(boxed(AttributedString.EMPTY, inner));
    JsonNode r = m.path("rateLimit");
    lines.add(boxed(new AttributedStringBuilder().append(" Rate: ")
        .append(bar(r.path("tokensUsed1Min").asInt(), r.path("limit").asInt(), 20),
            style(r.path("tokensUsed1Min").asInt(), r.path("limit").asInt()))
        .append(" " + r.path("tokensUsed1Min").asInt() + "/" + r.path("limit").asInt() + " tokens").toAttributedString(), inner));
    lines.add(new AttributedString("└" + "─".repeat(inner) + "┘"));
    lines.add(new AttributedString("━ = active stream, ═ = connection, (n/" + max + ") = streams/max", DIM));
  }

  // ---- sparklines -----------------------------------------------------------------------------

  private static void sparklines(JsonNode m, JsonNode series, List<AttributedString> lines) {
    lines.add(new AttributedString("Sparkline View (Last 5 Minutes)", BOLD));
    if (series == null || !series.path("points").isArray() || series.path("points").isEmpty()) {
      lines.add(new AttributedString("no chart points yet (they come every 10 s)", DIM));
      return;
    }
    List<Double> connections = new ArrayList<>();
    List<Double> rate = new ArrayList<>();
    List<Double> queue = new ArrayList<>();
    List<Double> failures = new ArrayList<>();
    int limit = m.path("rateLimit").path("limit").asInt();
    for (Iterator<JsonNode> it = series.path("points").elements(); it.hasNext(); ) {
      JsonNode p = it.next();
      connections.add(p.path("connections").asDouble());
      rate.add(p.path("rateLimitPercent").asDouble() * limit / 100);
      queue.add(p.path("queueDepth").asDouble());
      failures.add(p.path("failures").asDouble());
    }
    lines.add(spark("Connections: ", connections, OK));
    lines.add(spark("Rate Limit:  ", rate, WARN));
    lines.add(spark("Queue Depth: ", queue, AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA)));
    lines.add(spark("Failures:    ", failures, BAD));
  }

  static String sparkline(List<Double> values) {
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      int level = max <= 0 ? 0 : (int) Math.round(v / max * (SPARKS.length() - 1));
      s.append(SPARKS.charAt(Math.max(0, Math.min(SPARKS.length() - 1, level))));
    }
    return s.toString();
  }

  private static AttributedString spark(String label, List<Double> values, AttributedStyle style) {
    double last = values.isEmpty() ? 0 : values.get(values.size() - 1);
    return new AttributedStringBuilder().append(label).append(sparkline(values), style)
        .append(" (" + Math.round(last) + ")").toAttributedString();
  }

  // ---- pieces ---------------------------------------------------------------------------------

  private static AttributedString meterLine(String label, int used, int max, String suffix) {
    return new AttributedStringBuilder().append(label).append(bar(used, max, 20), style(used, max))
        .append(" " + used + "/" + max + " (" + percent(used, max) + "%)" + suffix).toAttributedString();
  }

  static String bar(int used, int max, int cells) {
    int full = max <= 0 ? 0 : (int) Math.round((double) Math.min(used, max) / max * cells);
    return "█".repeat(full) + "░".repeat(cells - full);
  }

  private static String halfBar(int used, int max, int cells) {
    int full = max <= 0 ? 0 : (int) Math.round((double) Math.min(used, max) / max * cells);
    return "█".repeat(full) + "▒".repeat(cells - full);
  }

  private static AttributedString boxed(AttributedString content, int inner) {
    AttributedString fitted = content.columnLength() > inner ? content.columnSubSequence(0, inner) : content;
    return new AttributedStringBuilder().append("│").append(fitted)
        .append(" ".repeat(Math.max(0, inner - fitted.columnLength()))).append("│").toAttributedString();
  }

  private static int percent(int used, int max) {
    return max <= 0 ? 0 : (int) Math.round(100.0 * used / max);
  }

  private static AttributedStyle style(int used, int max) {
    int p = percent(used, max);
    return p >= 80 ? BAD : p >= 60 ? WARN : OK;
  }

  private static AttributedStyle scoreStyle(double score) {
    return score >= 80 ? OK : score >= 60 ? WARN : BAD;
  }

  private static AttributedStyle stateStyle(String state) {
    return switch (state) {
      case "active" -> OK;
      case "waiting" -> WARN;
      default -> BAD;
    };
  }

  private static String nextToken(JsonNode r) {
    return r.path("tokensAvailable").asInt() > 0 ? "now" : Math.round(r.path("nextTokenIn").asDouble()) + "s";
  }

  private static String clock(JsonNode m) {
    String at = m.path("timestamp").asText();
    try {
      return CLOCK.format(Instant.parse(at));
    } catch (RuntimeException e) {
      return at;
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
