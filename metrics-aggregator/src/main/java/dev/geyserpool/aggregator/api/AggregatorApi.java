package dev.geyserpool.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import dev.geyserpool.aggregator.AggregatorConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics aggregator's HTTP API on one port (Javalin on Jetty), answered from the job's
 * state stores through interactive queries; with several instances, whatever another instance
 * holds is read through it ({@link StoreQueries}).
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /api/grpc-pool/metrics[?gateway=ID]}</td><td>the seed's real-time metrics</td></tr>
 *   <tr><td>{@code GET /api/grpc-pool/metrics/history?period=30m[&format=csv][&gateway=ID]}</td>
 *       <td>the 5-minute windows of the period, as JSON or CSV</td></tr>
 *   <tr><td>{@code GET /api/grpc-pool/metrics/series?period=30m[&gateway=ID]}</td><td>the 10-second chart points</td></tr>
 *   <tr><td>{@code GET /api/grpc-pool/metrics/monitor/{monitorId}}</td><td>one monitor</td></tr>
 *   <tr><td>{@code GET /api/grpc-pool/health[?gateway=ID]}</td><td>score and factors; 503 when DOWN</td></tr>
 *   <tr><td>{@code GET /api/grpc-pool/alerts}</td><td>raised and cleared alerts</td></tr>
 *   <tr><td>{@code WS /api/grpc-pool/metrics/live[?gateway=ID]}</td><td>{@link LiveFeed}</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus ({@link AggregatorMeters})</td></tr>
 *   <tr><td>{@code GET /}</td><td>the web dashboard (static files, uPlot from its WebJar)</td></tr>
 *   <tr><td>{@code GET /api}</td><td>these routes as JSON</td></tr>
 * </table>
 *
 * <p>Errors are {@code {"status":N,"error":"..."}}: 400 for a bad parameter (naming what is
 * accepted), 404 for an unknown monitor, gateway or path, 429 past a client's limit
 * ({@link ClientLimiter}, with {@code Retry-After}), 503 while the stores cannot be read (with
 * {@code Retry-After}), 500 for a bug (logged; the server keeps serving).
 *
 * <p>Lifecycle: {@link #start} binds the port and answers 503 until {@link #attach} hands it the
 * running Kafka Streams client; {@link #close} stops the live feed and the server. Jetty's
 * threads ({@code geyserpool-api-N}, bounded, with a bounded queue) run the handlers.
 */
public final class AggregatorApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AggregatorApi.class);

  public static final String METRICS_PATH = "/api/grpc-pool/metrics";
  public static final String HISTORY_PATH = "/api/grpc-pool/metrics/history";
  public static final String SERIES_PATH = "/api/grpc-pool/metrics/series";
  public static final String MONITOR_PATH = "/api/grpc-pool/metrics/monitor/{monitorId}";
  public static final String HEALTH_PATH = "/api/grpc-pool/health";
  public static final String ALERTS_PATH = "/api/grpc-pool/alerts";
  public static final String LIVE_PATH = "/api/grpc-pool/metrics/live";
  public static final String PROMETHEUS_PATH = "/metrics";
  private static final String INTERNAL_ROUTE = StoreQueries.INTERNAL_PREFIX + "{store}";
  /** Peers forward several reads per request, so the internal route allows this many times a client's rate. */
  private static final int INTERNAL_RATE_FACTOR = 10;
  private static final String ANSWERED = "geyserpool.answered";
  /** The API's index of routes, as JSON ({@code /} is the web dashboard). */
  public static final String INDEX_PATH = "/api";
  private static final String DASHBOARD_RESOURCES = "/geyserpool-dashboard";

  private static final AtomicInteger FORWARD_THREADS = new AtomicInteger();

  private final ApiConfig config;
  private final AggregatorConfig aggregator;
  private final ThreadPoolExecutor forwarding;
  private volatile AlertTail alerts;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final StoreQueries queries;
  private final PoolReader reader;
  private final ClientLimiter limiter;
  private final ClientLimiter internalLimiter;
  private final LiveFeed feed;
  private final AggregatorMeters meters;
  private final Javalin app;

  private AggregatorApi(ApiConfig config, AggregatorConfig aggregator, Clock clock) {
    this.config = config;
    this.aggregator = aggregator;
    this.forwarding = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "geyserpool-api-forward-" + FORWARD_THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());
    this.queries = new StoreQueries(HttpClient.newBuilder().connectTimeout(config.forwardTimeout())
        .executor(forwarding).build(), config.forwardTimeout());
    this.reader = new PoolReader(queries, clock, aggregator.window(), aggregator.retention(), aggregator.seriesSpan(),
        aggregator.topics().poolEvents());
    this.limiter = new ClientLimiter(config.requestsPerSecond(), config.burst());
    this.internalLimiter = new ClientLimiter(config.requestsPerSecond() * INTERNAL_RATE_FACTOR,
        config.burst() * INTERNAL_RATE_FACTOR);
    this.feed = new LiveFeed(reader, new ObjectMapper(), limiter, config.maxLiveSessions(),
        config.maxLiveSessionsPerClient(), config.livePushInterval());
    this.meters = new AggregatorMeters(feed::sessions);
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(4, config.maxThreads()), 60_000,
          new BlockingArrayQueue<>(config.maxThreads() * 8, config.maxThreads(), config.maxThreads() * 8));
      threads.setName("geyserpool-api");
      threads.setDaemon(true);
      cfg.jetty.threadPool = threads;
      // Jetty's own answers (a request it cannot parse, such as bad percent-encoding in the path) in the API's form.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      // The web dashboard at /, and uPlot from its WebJar: nothing is loaded from elsewhere.
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = DASHBOARD_RESOURCES;
        files.location = Location.CLASSPATH;
      });
      cfg.staticFiles.enableWebjars();
    });
    routes();
  }

  /**
   * Binds {@code config.bindHost():config.port()} and starts serving (503 until {@link #attach}).
   *
   * @param aggregator the job's configuration: its window, retention and series span bound the periods
   * @param clock the time of "now" before a gateway has reported
   */
  public static AggregatorApi start(ApiConfig config, AggregatorConfig aggregator, Clock clock) {
    AggregatorApi api = new AggregatorApi(config, aggregator, clock);
    try {
      api.app.start(config.bindHost(), config.port());
    } catch (RuntimeException e) {
      api.close();
      throw new IllegalStateException("the aggregator API cannot listen on " + config.bindHost() + ":" + config.port()
          + " (" + e.getMessage() + "): free the port or set api.port to another one", e);
    }
    api.feed.start(() -> api.meters.refresh(api.queries));
    boolean loopback = ApiConfig.isLoopback(config.bindHost());
    if (!loopback && ApiConfig.isLoopback(config.advertisedHost())) {
      log.warn("aggregator API listens on {} but is advertised as {}: instances on other machines cannot reach it"
          + " there; set api.advertisedHost to this machine's name", config.bindHost(), config.advertisedHost());
    }
    log.info("aggregator API listening on {}:{} (advertised as {}){}", config.bindHost(), api.port(),
        api.applicationServer(), loopback ? "; loopback only: set api.bindHost to 0.0.0.0 to serve other machines" : "");
    return api;
  }

  /** The port it listens on (the one picked when {@code api.port} is 0). */
  public int port() {
    return app.port();
  }

  /** {@code advertisedHost:port}: Kafka Streams' {@code application.server} for this instance. */
  public String applicationServer() {
    return config.advertisedHost() + ":" + port();
  }

  /** Starts answering from {@code streams}, whose {@code application.server} is {@link #applicationServer()}. */
  public void attach(KafkaStreams streams) {
    meters.bind(streams);
    queries.attach(streams, new HostInfo(config.advertisedHost(), port()));
    AlertTail tail = new AlertTail(aggregator.bootstrapServers(), aggregator.topics().alerts(), Map.of(), feed::alert);
    alerts = tail;
    tail.start();
  }

  @Override
  public void close() {
    AlertTail tail = alerts;
    if (tail != null) {
      tail.close();
    }
    feed.close();
    app.stop();
    forwarding.shutdownNow();
    meters.close();
  }

  private void routes() {
    app.before(this::limit);
    app.after(ctx -> meters.request(route(ctx), ctx.statusCode()));
    app.exception(ApiException.class, (e, ctx) -> answerError(ctx, e.status(), e.getMessage(), e.retryAfterSeconds()));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("aggregator API: {} {} failed", ctx.method(), ctx.path(), e);
      answerError(ctx, 500, "the aggregator failed to answer (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); this is a bug: see the aggregator's log", 0);
    });
    app.error(404, ctx -> {
      if (ctx.attribute(ANSWERED) == null) {
        answerError(ctx, 404, "no route " + ctx.method() + " " + ctx.path() + ": the API answers " + String.join(", ",
            METRICS_PATH, HISTORY_PATH, SERIES_PATH, MONITOR_PATH, HEALTH_PATH, ALERTS_PATH, LIVE_PATH + " (WebSocket)",
            PROMETHEUS_PATH), 0);
      }
    });

    app.get(INDEX_PATH, ctx -> answer(ctx, index()));
    app.get(METRICS_PATH, ctx -> {
      accept(ctx, "gateway");
      answer(ctx, reader.metrics(ctx.queryParam("gateway")));
    });
    app.get(HISTORY_PATH, ctx -> {
      accept(ctx, "period", "format", "gateway");
      Duration period = period(ctx, reader.retention());
      String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
      switch (format) {
        case "json" -> answer(ctx, reader.history(ctx.queryParam("gateway"), period));
        case "csv" -> {
          String csv = HistoryCsv.render(reader.windows(ctx.queryParam("gateway"), period));
          ctx.attribute(ANSWERED, true);
          ctx.contentType("text/csv; charset=utf-8")
              .header("Content-Disposition", "attachment; filename=\"grpc-pool-history-" + Period.format(period) + ".csv\"")
              .result(csv);
        }
        default -> throw ApiException.badRequest("format '" + format + "' is not accepted: json (the default) or csv");
      }
    });
    app.get(SERIES_PATH, ctx -> {
      accept(ctx, "period", "gateway");
      answer(ctx, reader.series(ctx.queryParam("gateway"), period(ctx, reader.seriesSpan())));
    });
    app.get(MONITOR_PATH, ctx -> {
      accept(ctx);
      answer(ctx, reader.monitor(ctx.pathParam("monitorId")));
    });
    app.get(HEALTH_PATH, ctx -> {
      accept(ctx, "gateway");
      PoolReader.Health health;
      try {
        health = reader.health(ctx.queryParam("gateway"));
      } catch (ApiException e) {
        if (e.status() != 503) {
          throw e;
        }
        // Nothing to score: the pool's health is unknown, which a health check reads as down.
        ObjectNode body = mapper.createObjectNode().put("status", "DOWN").put("reason", e.getMessage());
        ctx.status(503).header("Retry-After", "1");
        answer(ctx, body);
        return;
      }
      ctx.status(health.down() ? 503 : 200);
      answer(ctx, health.body());
    });
    app.get(ALERTS_PATH, ctx -> {
      accept(ctx);
      answer(ctx, reader.alerts());
    });
    app.ws(LIVE_PATH, feed::configure);
    app.get(PROMETHEUS_PATH, ctx -> {
      ctx.attribute(ANSWERED, true);
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape());
    });
    app.get(INTERNAL_ROUTE, this::internal);
  }

  /** A peer's read of this instance's partitions; never forwarded again. */
  private void internal(Context ctx) {
    StoreQueries.Store<?> store = StoreQueries.named(ctx.pathParam("store"))
        .orElseThrow(() -> ApiException.notFound("no store '" + ctx.pathParam("store") + "'"));
    String key = ctx.queryParam("key");
    List<? extends MessageLite> values;
    if (store.windowed()) {
      if (key == null) {
        throw ApiException.badRequest("a window store is read by key: give key, from and to (epoch milliseconds)");
      }
      values = queries.localFetch(store, key, Instant.ofEpochMilli(millis(ctx, "from")),
          Instant.ofEpochMilli(millis(ctx, "to")));
    } else if (key != null) {
      values = queries.localGet(store, key).stream().toList();
    } else {
      values = queries.localAll(store);
    }
    ctx.attribute(ANSWERED, true);
    ctx.contentType(StoreQueries.PROTOBUF_DELIMITED).result(StoreQueries.encode(values));
  }

  private void limit(Context ctx) {
    boolean internal = ctx.path().startsWith(StoreQueries.INTERNAL_PREFIX);
    if (ctx.path().equals(LIVE_PATH)) {
      return; // limited when the session opens (LiveFeed), the only point a WebSocket can be refused with a reason
    }
    if (internal && queries.isPeer(ctx.ip())) {
      return; // another instance reading for one of its clients, who was counted there
    }
    ClientLimiter bucket = internal ? internalLimiter : limiter;
    ClientLimiter.Verdict verdict = bucket.tryAcquire(ctx.ip());
    if (!verdict.allowed()) {
      long seconds = Math.max(1, Duration.ofNanos(verdict.retryAfterNanos()).toSeconds() + 1);
      throw ApiException.tooManyRequests(bucket.describe(ctx.ip(), verdict), seconds);
    }
  }

  /**
   * Refuses a query string that is not valid percent-encoding (Javalin would drop the parameter
   * and the default would answer in its place), a parameter given twice, and unknown parameters.
   */
  private static void accept(Context ctx, String... names) {
    Set<String> accepted = new TreeSet<>(List.of(names));
    String raw = ctx.queryString();
    if (raw == null || raw.isEmpty()) {
      return;
    }
    Map<String, Integer> given = new LinkedHashMap<>();
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name;
      try {
        name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        URLDecoder.decode(eq < 0 ? "" : part.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("the query string '" + shorten(raw) + "' is not valid percent-encoding ("
            + e.getMessage() + "): write a '%' as %25");
      }
      given.merge(name, 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : given.entrySet()) {
      if (!accepted.contains(e.getKey())) {
        throw ApiException.badRequest("unknown parameter '" + shorten(e.getKey()) + "': " + ctx.endpointHandlerPath()
            + " accepts " + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
      }
      if (e.getValue() > 1) {
        throw ApiException.badRequest("parameter '" + e.getKey() + "' is given " + e.getValue() + " times: give it once");
      }
    }
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }

  private static Duration period(Context ctx, Duration longest) {
    String text = ctx.queryParam("period");
    return text == null ? Duration.ofMinutes(30).compareTo(longest) <= 0 ? Duration.ofMinutes(30) : longest
        : Period.parse(text, longest);
  }

  private static long millis(Context ctx, String name) {
    String text = ctx.queryParam(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " '" + text + "' is not epoch milliseconds");
    }
  }

  private ObjectNode index() {
    ObjectNode body = mapper.createObjectNode().put("service", "geyser-pool metrics aggregator");
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put(METRICS_PATH, "real-time pool metrics (?gateway=ID)");
    routes.put(HISTORY_PATH, "5-minute history (?period=30m, &format=csv)");
    routes.put(SERIES_PATH, "10-second chart series (?period=30m)");
    routes.put(MONITOR_PATH, "one monitor");
    routes.put(HEALTH_PATH, "health score and factors");
    routes.put(ALERTS_PATH, "raised and cleared alerts");
    routes.put(LIVE_PATH, "WebSocket: metrics every second, alerts as they happen");
    routes.put(PROMETHEUS_PATH, "Prometheus scrape");
    routes.forEach(body.putObject("routes")::put);
    KafkaStreams.State state = queries.state();
    body.put("aggregatorState", state == null ? "STARTING" : state.name());
    return body;
  }

  private void answer(Context ctx, JsonNode body) {
    ctx.attribute(ANSWERED, true);
    ctx.contentType("application/json").result(json(body));
  }

  private void answerError(Context ctx, int status, String message, long retryAfterSeconds) {
    ctx.status(status);
    if (retryAfterSeconds > 0) {
      ctx.header("Retry-After", Long.toString(retryAfterSeconds));
    }
    answer(ctx, mapper.createObjectNode().put("status", status).put("error", message));
  }

  private String json(JsonNode body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer could not be written as JSON", e);
    }
  }

  /** The route pattern, never the path itself (a tag per monitor id or typo would grow without bound). */
  private static String route(Context ctx) {
    String path = ctx.endpointHandlerPath();
    // Javalin names no endpoint with a sentence, not a path.
    if (path == null || !path.startsWith("/")) {
      return ctx.statusCode() < 400 ? "static" : "unmatched";
    }
    return path;
  }
}
