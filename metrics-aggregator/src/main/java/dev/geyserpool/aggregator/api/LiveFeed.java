package dev.geyserpool.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geyserpool.proto.pool.PoolAlert;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket at {@link AggregatorApi#LIVE_PATH}: every {@code interval} it pushes
 * {@code {"type":"metrics","data":..}} (the body of {@code GET /api/grpc-pool/metrics}, for the
 * session's {@code ?gateway=} or the preferred gateway), and {@code {"type":"alert","data":..}} for
 * each alert raised or cleared since the last push. A new session gets the metrics and
 * {@code {"type":"alerts","data":{"active":..,"cleared":..}}} at once. While the metrics cannot be
 * read it pushes {@code {"type":"error","status":503,"error":..}} and carries on.
 *
 * <p>Threading: one named scheduler thread reads the stores and builds each message once per
 * tick; sends are asynchronous, one at a time per session. A session still writing keeps only the
 * newest metrics message and up to {@value #MAX_QUEUED} others (alerts), so a slow client gets
 * fewer updates and never holds up the others or grows the heap. Sessions are in a concurrent map
 * written by Jetty's threads on connect and close.
 */
final class LiveFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
  /** RFC 6455 close codes: 1008 policy violation (rate limit), 1013 try again later (too many sessions). */
  static final int POLICY_VIOLATION = 1008;
  static final int TRY_AGAIN_LATER = 1013;

  static final int MAX_QUEUED = 256;

  private final PoolReader reader;
  private final ObjectMapper mapper;
  private final ClientLimiter limiter;
  private final int maxSessions;
  private final Duration interval;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final AtomicLong skipped = new AtomicLong();
  /** Alert id to the time of its latest record, as last pushed; null until the first tick. */
  private Map<String, Long> alertsSeen;
  private volatile Runnable afterTick = () -> {};

  LiveFeed(PoolReader reader, ObjectMapper mapper, ClientLimiter limiter, int maxSessions, Duration interval) {
    this.reader = reader;
    this.mapper = mapper;
    this.limiter = limiter;
    this.maxSessions = maxSessions;
    this.interval = interval;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "geyserpool-api-live");
      t.setDaemon(true);
      return t;
    });
  }

  void configure(WsConfig ws) {
    ws.onConnect(this::connected);
    ws.onClose(ctx -> sessions.remove(ctx.sessionId()));
    ws.onError(ctx -> sessions.remove(ctx.sessionId()));
  }

  /** Starts pushing; {@code afterTick} runs on the feed's thread after each push (the meters' refresh). */
  void start(Runnable afterTick) {
    this.afterTick = afterTick;
    scheduler.scheduleWithFixedDelay(this::tickSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  int sessions() {
    return sessions.size();
  }

  /** Messages not sent because the session's previous one was still being written. */
  long skipped() {
    return skipped.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    for (Session s : sessions.values()) {
      s.ctx.session.close(1001, "the aggregator is shutting down");
    }
    sessions.clear();
  }

  private void connected(WsContext ctx) {
    String client = client(ctx.session.getRemoteAddress());
    ClientLimiter.Verdict verdict = limiter.tryAcquire(client);
    if (!verdict.allowed()) {
      ctx.session.close(POLICY_VIOLATION, truncate(limiter.describe(client, verdict)));
      return;
    }
    if (sessions.size() >= maxSessions) {
      ctx.session.close(TRY_AGAIN_LATER, "the aggregator serves " + maxSessions
          + " live sessions at most (api.maxLiveSessions): retry later, or poll " + AggregatorApi.METRICS_PATH);
      return;
    }
    Session session = new Session(ctx, ctx.queryParam("gateway"));
    sessions.put(ctx.sessionId(), session);
    session.offerMetrics(metricsMessage(session.gateway));
    session.offer(guarded(() -> message("alerts", reader.alerts())));
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The schedule must outlive any one failure: log it and push again next tick.
      log.warn("live metrics push failed; retrying next tick", e);
    }
    try {
      afterTick.run();
    } catch (RuntimeException e) {
      log.warn("refreshing the aggregator's meters failed; retrying next tick", e);
    }
  }

  private void tick() {
    List<String> alertMessages = alertChanges();
    if (sessions.isEmpty()) {
      return;
    }
    Map<String, String> metricsByGateway = new HashMap<>();
    for (Session session : sessions.values()) {
      alertMessages.forEach(session::offer);
      session.offerMetrics(metricsByGateway.computeIfAbsent(String.valueOf(session.gateway),
          k -> metricsMessage(session.gateway)));
    }
  }

  /** The alert records that changed since the last tick, as messages; none on the first tick (the baseline). */
  private List<String> alertChanges() {
    List<PoolAlert> records;
    try {
      records = reader.alertRecords();
    } catch (ApiException e) {
      return List.of();
    }
    Map<String, Long> seen = new HashMap<>();
    records.forEach(a -> seen.put(a.getAlertId(), a.getAtEpochMicros()));
    Map<String, Long> before = alertsSeen;
    alertsSeen = seen;
    if (before == null) {
      return List.of();
    }
    return records.stream()
        .filter(a -> !before.containsKey(a.getAlertId()) || before.get(a.getAlertId()) != a.getAtEpochMicros())
        .sorted((a, b) -> Long.compare(a.getAtEpochMicros(), b.getAtEpochMicros()))
        .map(a -> message("alert", PoolJson.alert(a)))
        .toList();
  }

  private String metricsMessage(String gateway) {
    return guarded(() -> message("metrics", reader.metrics(gateway)));
  }

  private String guarded(java.util.function.Supplier<String> build) {
    try {
      return build.get();
    } catch (ApiException e) {
      ObjectNode error = mapper.createObjectNode().put("type", "error").put("status", e.status())
          .put("error", e.getMessage());
      return write(error);
    }
  }

  private String message(String type, JsonNode data) {
    ObjectNode message = mapper.createObjectNode().put("type", type);
    message.set("data", data);
    return write(message);
  }

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a live message could not be written as JSON", e);
    }
  }

  /** One open session and what is still to be written to it. */
  private final class Session implements WriteCallback {
    final WsContext ctx;
    final String gateway;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private String newestMetrics;
    private boolean writing;

    Session(WsContext ctx, String gateway) {
      this.ctx = ctx;
      this.gateway = gateway;
    }

    /** A metrics message replaces one not written yet: only the newest matters. */
    void offerMetrics(String text) {
      synchronized (this) {
        if (newestMetrics != null) {
          skipped.incrementAndGet();
        }
        newestMetrics = text;
      }
      drain();
    }

    void offer(String text) {
      synchronized (this) {
        if (queued.size() >= MAX_QUEUED) {
          queued.poll();
          skipped.incrementAndGet();
        }
        queued.add(text);
      }
      drain();
    }

    private void drain() {
      String next;
      synchronized (this) {
        if (writing) {
          return;
        }
        next = queued.poll();
        if (next == null) {
          next = newestMetrics;
          newestMetrics = null;
        }
        if (next == null) {
          return;
        }
        writing = true;
      }
      if (!ctx.session.isOpen()) {
        sessions.remove(ctx.sessionId());
        return;
      }
      // Outside the lock: Jetty may call back on this thread.
      ctx.session.getRemote().sendString(next, this);
    }

    @Override
    public void writeSuccess() {
      synchronized (this) {
        writing = false;
      }
      drain();
    }

    @Override
    public void writeFailed(Throwable x) {
      sessions.remove(ctx.sessionId());
      ctx.session.close(1011, "the live feed could not be written");
    }
  }

  static String client(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }

  /** A close reason is at most 123 bytes (RFC 6455 5.5: a control frame carries 125, 2 are the code). */
  static String truncate(String reason) {
    return reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
  }
}
