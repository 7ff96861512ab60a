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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket at {@link AggregatorApi#LIVE_PATH}: every {@code interval} it pushes
 * {@code {"type":"metrics","data":..}} (the body of {@code GET /api/grpc-pool/metrics}, for the
 * session's {@code ?gateway=} or the preferred gateway), and {@code {"type":"alert","data":..}} for
 * each raise and clear as the job writes it ({@link #alert}, fed from the alerts topic, so a raise
 * and clear between two pushes are both sent, in order). A new session gets the metrics and
 * {@code {"type":"alerts","data":{"active":..,"cleared":..}}} at once; while the stores cannot be
 * read it gets {@code {"type":"error","status":503,"error":..}} and the list follows once they
 * can.
 *
 * <p>Threading: one named scheduler thread reads the stores once per tick ({@link PoolReader#view})
 * and builds each distinct message once; the alerts consumer thread hands alerts in. Sends are
 * asynchronous, one at a time per session. A session still writing keeps only the newest metrics
 * message and up to {@value #MAX_QUEUED} others (alerts), so a slow client gets fewer updates and
 * never holds up the others or grows the heap. Sessions are admitted under a lock (the caps are
 * exact); no I/O happens under it.
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
  private final int maxSessionsPerClient;
  private final Duration interval;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Object admission = new Object();
  private final ScheduledExecutorService scheduler;
  private final AtomicLong skipped = new AtomicLong();
  private volatile Runnable afterTick = () -> {};

  LiveFeed(PoolReader reader, ObjectMapper mapper, ClientLimiter limiter, int maxSessions, int maxSessionsPerClient,
      Duration interval) {
    this.reader = reader;
    this.mapper = mapper;
    this.limiter = limiter;
    this.maxSessions = maxSessions;
    this.maxSessionsPerClient = maxSessionsPerClient;
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

  /** An alert raised or cleared: sent to every session now. Any thread. */
  void alert(PoolAlert alert) {
    String message = message("alert", PoolJson.alert(alert));
    for (Session session : sessions.values()) {
      session.offer(message);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("the live feed's push did not finish within 2 s of the shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    Session session = new Session(ctx, client, ctx.queryParam("gateway"));
    String refusal = admit(session);
    if (refusal != null) {
      ctx.session.close(TRY_AGAIN_LATER, truncate(refusal));
      return;
    }
    session.offerMetrics(metricsMessage(session.gateway));
    sendAlertList(session);
  }

  /** Adds the session, or says why not; the caps are checked and the session added in one step. */
  private String admit(Session session) {
    synchronized (admission) {
      if (sessions.size() >= maxSessions) {
        return "the aggregator serves " + maxSessions + " live sessions at most (api.maxLiveSessions): retry later,"
            + " or poll " + AggregatorApi.METRICS_PATH;
      }
      long mine = sessions.values().stream().filter(s -> s.client.equals(session.client)).count();
      if (mine >= maxSessionsPerClient) {
        return session.client + " has " + mine + " live sessions open, the most one client may"
            + " (api.maxLiveSessionsPerClient): close one first";
      }
      sessions.put(session.ctx.sessionId(), session);
      return null;
    }
  }

  private void sendAlertList(Session session) {
    try {
      session.offer(message("alerts", reader.alerts()));
      session.needsAlerts = false;
    } catch (ApiException e) {
      // Not readable yet (starting, rebalancing): the error is in the metrics message; try again next tick.
      session.needsAlerts = true;
    }
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
    if (sessions.isEmpty()) {
      return;
    }
    PoolReader.View view;
    try {
      view = reader.view();
    } catch (ApiException e) {
      String error = error(e);
      sessions.values().forEach(s -> s.offerMetrics(error));
      return;
    }
    Map<String, String> metricsByGateway = new HashMap<>();
    for (Session session : sessions.values()) {
      if (session.needsAlerts) {
        sendAlertList(session);
      }
      session.offerMetrics(metricsByGateway.computeIfAbsent(String.valueOf(session.gateway),
          k -> guarded(() -> message("metrics", reader.metrics(view, session.gateway)))));
    }
  }

  private String metricsMessage(String gateway) {
    return guarded(() -> message("metrics", reader.metrics(gateway)));
  }

  private String guarded(Supplier<String> build) {
    try {
      return build.get();
    } catch (ApiException e) {
      return error(e);
    }
  }

  private String error(ApiException e) {
    ObjectNode error = mapper.createObjectNode().put("type", "error").put("status", e.status())
        .put("error", e.getMessage());
    return write(error);
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
    final String client;
    final String gateway;
    /** The alert list could not be read when it opened: it is sent on a later tick. */
    volatile boolean needsAlerts;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private String newestMetrics;
    private boolean writing;

    Session(WsContext ctx, String client, String gateway) {
      this.ctx = ctx;
      this.client = client;
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
