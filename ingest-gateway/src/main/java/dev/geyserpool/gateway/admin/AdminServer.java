package dev.geyserpool.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.geyserpool.gateway.PoolStats;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's admin HTTP server, on the JDK's {@link HttpServer}:
 * <ul>
 *   <li>{@code GET /api/grpc-pool/stats}: the {@link PoolStats} snapshot as JSON (the seed's getStats())
 *   <li>{@code GET /api/grpc-pool/health}: 200 {@code {"status":"UP",...}} or 503
 *       {@code {"status":"DOWN","reason":...}} from the {@link HealthStatus} supplier
 *   <li>{@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of the registry
 * </ul>
 * Any other path answers 404 with the known paths as JSON; another method on a known path answers
 * 405 with {@code Allow: GET}. An exception in a handler (a supplier that throws) answers 500 with a
 * JSON message and is logged; the server keeps serving.
 *
 * <p><b>Threading.</b> The JDK's dispatcher thread accepts connections and hands each exchange to a
 * bounded executor of named daemon threads ({@code geyserpool-admin-http-N}, {@code threads} of them,
 * queue of {@code queueCapacity}); when both are full the dispatcher runs the exchange itself, which
 * stops it accepting until it is done (backpressure instead of an unbounded queue). The suppliers
 * run on those threads and must be quick and non-blocking.
 *
 * <p><b>Lifecycle and ownership.</b> {@link #start()} binds the port; {@link #shutdown()} answers
 * new exchanges 503, lets those in progress finish within {@code stopGrace}, then closes the
 * listener, the connections and the executor; {@link #close()} also waits for the threads. The
 * suppliers and the registry belong to the caller.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  /** The pool's snapshot as JSON. */
  public static final String STATS_PATH = "/api/grpc-pool/stats";
  /** The gateway's health as JSON, 200 or 503. */
  public static final String HEALTH_PATH = "/api/grpc-pool/health";
  /** The Prometheus scrape. */
  public static final String METRICS_PATH = "/metrics";
  /** Prometheus text format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final String JSON = "application/json";
  private static final List<String> PATHS = List.of(STATS_PATH, HEALTH_PATH, METRICS_PATH);
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final String host;
  private final int configuredPort;
  private final int threads;
  private final int queueCapacity;
  private final int backlog;
  private final Duration stopGrace;
  private final Supplier<PoolStats> stats;
  private final Supplier<HealthStatus> health;
  private final PrometheusMeterRegistry prometheus;
  private final Runnable beforeScrape;
  private final Map<String, Supplier<Response>> routes = new LinkedHashMap<>();

  // Guarded by this; set by start(), never reset.
  private HttpServer server;
  private ThreadPoolExecutor executor;
  private boolean stopping;
  // Exchanges being answered; shutdown() waits for it to reach 0. Guarded by inFlightLock.
  private final Object inFlightLock = new Object();
  private int inFlight;
  private volatile boolean draining;

  private record Response(int status, String contentType, byte[] body) {}

  private AdminServer(Builder config) {
    host = config.host;
    configuredPort = config.port;
    threads = config.threads;
    queueCapacity = config.queueCapacity;
    backlog = config.backlog;
    stopGrace = config.stopGrace;
    stats = config.stats;
    health = config.health;
    prometheus = config.prometheus;
    beforeScrape = config.beforeScrape;
    routes.put(STATS_PATH, () -> json(200, stats.get()));
    routes.put(HEALTH_PATH, this::health);
    routes.put(METRICS_PATH, this::metrics);
  }

  /** A builder; {@code stats}, {@code health} and {@code prometheus} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound (e.g. the port is taken)
   * @throws IllegalStateException if already started
   */
  public synchronized AdminServer start() {
    if (server != null) {
      throw new IllegalStateException("admin server already started on port " + port());
    }
    InetSocketAddress address = new InetSocketAddress(host, configuredPort);
    HttpServer http;
    try {
      http = HttpServer.create(address, backlog);
    } catch (IOException e) {
      throw new UncheckedIOException("admin server cannot bind " + address + ": " + e.getMessage()
          + "; choose another admin port or free this one", e);
    }
    executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), namedDaemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    server = http;
    log.info("Admin server listening on http://{}:{} ({})", host, port(), String.join(", ", PATHS));
    return this;
  }

  /** The port the server listens on: the one chosen by the system when configured as 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("admin server not started: call start() first");
    }
    return server.getAddress().getPort();
  }

  /**
   * Stops serving: answers new exchanges 503, waits up to {@code stopGrace} for those in progress,
   * then closes the listener, the connections and the executor. Idempotent.
   */
  public void shutdown() {
    HttpServer http;
    ThreadPoolExecutor running;
    synchronized (this) {
      if (server == null || stopping) {
        return;
      }
      stopping = true;
      http = server;
      running = executor;
    }
    // Outside the lock. HttpServer.stop(n) on JDK 17 waits the whole n seconds even when idle
    // (JDK-8304065), so the grace period is served here: new exchanges get 503, those in progress
    // may finish, then stop(0) closes the listener and the connections at once.
    draining = true;
    awaitNoExchanges(System.nanoTime() + stopGrace.toNanos());
    http.stop(0);
    running.shutdown();
    log.info("Admin server on port {} stopped", http.getAddress().getPort());
  }

  /** Waits until the handler threads have ended; true if they did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    ThreadPoolExecutor running;
    synchronized (this) {
      running = executor;
    }
    return running == null || running.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** {@link #shutdown()}, then waits up to 5 s for the handler threads, interrupting them after. */
  @Override
  public void close() {
    shutdown();
    try {
      if (!awaitTermination(Duration.ofSeconds(5))) {
        ThreadPoolExecutor running;
        synchronized (this) {
          running = executor;
        }
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitNoExchanges(long deadlineNanos) {
    synchronized (inFlightLock) {
      while (inFlight > 0) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis <= 0) {
          log.warn("Admin server stopping with {} exchanges still in progress after {}", inFlight, stopGrace);
          return;
        }
        try {
          inFlightLock.wait(remainingMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void handle(HttpExchange exchange) {
    synchronized (inFlightLock) {
      inFlight++;
    }
    try {
      answer(exchange);
    } finally {
      synchronized (inFlightLock) {
        inFlight--;
        inFlightLock.notifyAll();
      }
    }
  }

  private void answer(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Response response;
    try {
      response = draining
          ? json(503, errorBody("Service Unavailable", path, Map.of("reason", "admin server is shutting down")))
          : route(method, path, exchange);
    } catch (RuntimeException | LinkageError e) {
      log.error("Admin request {} {} failed", method, path, e);
      response = json(500, errorBody("Internal Server Error", path, Map.of("message", String.valueOf(e))));
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(response.body());
      }
    } catch (IOException e) {
      // The client went away mid-answer; nothing to tell it.
      log.debug("Admin response to {} {} not delivered: {}", method, path, e.toString());
    } finally {
      exchange.close();
    }
  }

  private Response route(String method, String path, HttpExchange exchange) {
    Supplier<Response> route = routes.get(path);
    if (route == null) {
      return json(404, errorBody("Not Found", path, Map.of("paths", PATHS)));
    }
    if (!"GET".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET");
      return json(405, errorBody("Method Not Allowed", path, Map.of("method", method, "allowed", List.of("GET"))));
    }
    return route.get();
  }

  private Response health() {
    HealthStatus status = Objects.requireNonNull(health.get(), "the health supplier returned null");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.up() ? "UP" : "DOWN");
    if (status.reason() != null) {
      body.put("reason", status.reason());
    }
    body.put("details", status.details());
    return json(status.up() ? 200 : 503, body);
  }

  private Response metrics() {
    beforeScrape.run();
    return new Response(200, PROMETHEUS_CONTENT_TYPE, prometheus.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> errorBody(String error, String path, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("path", path);
    body.putAll(extra);
    return body;
  }

  private static Response json(int status, Object value) {
    try {
      return new Response(status, JSON, MAPPER.writeValueAsBytes(Objects.requireNonNull(value, "nothing to answer")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "geyserpool-admin-http-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Configuration of an {@link AdminServer}, validated by {@link #build()}. Not thread-safe; build
   * on one thread.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private int threads = 2;
    private int queueCapacity = 32;
    private int backlog = 16;
    private Duration stopGrace = Duration.ofSeconds(1);
    private Supplier<PoolStats> stats;
    private Supplier<HealthStatus> health;
    private PrometheusMeterRegistry prometheus;
    private Runnable beforeScrape = () -> {};

    private Builder() {}

    /** The address to bind; default {@code 127.0.0.1} (use {@code 0.0.0.0} for a Prometheus in another container). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port to bind; 0 (the default) lets the system pick a free one, see {@link AdminServer#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Handler threads; default 2. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Exchanges that may wait for a handler thread; default 32. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** How long {@link AdminServer#shutdown()} lets exchanges in progress finish; default 1 s. */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = stopGrace;
      return this;
    }

    /** The pool's snapshot, answered at {@code /api/grpc-pool/stats}. */
    public Builder stats(Supplier<PoolStats> stats) {
      this.stats = stats;
      return this;
    }

    /** The gateway's health, answered at {@code /api/grpc-pool/health}. */
    public Builder health(Supplier<HealthStatus> health) {
      this.health = health;
      return this;
    }

    /** The registry scraped at {@code /metrics}. */
    public Builder prometheus(PrometheusMeterRegistry prometheus) {
      this.prometheus = prometheus;
      return this;
    }

    /** Runs before each scrape, e.g. {@code poolMetrics::refresh} so one scrape reads one fresh snapshot. */
    public Builder beforeScrape(Runnable beforeScrape) {
      this.beforeScrape = beforeScrape;
      return this;
    }

    /** Validates the configuration and builds a server (not started). */
    public AdminServer build() {
      require(host != null && !host.isBlank(), "host is '" + host + "', but must be a host name or address");
      require(port >= 0 && port <= 65535, "port is " + port + ", but must be between 0 and 65535");
      require(threads >= 1, "threads is " + threads + ", but must be at least 1");
      require(queueCapacity >= 1, "queueCapacity is " + queueCapacity + ", but must be at least 1");
      require(stopGrace != null && !stopGrace.isNegative(), "stopGrace is " + stopGrace + ", but must be zero or positive");
      require(stats != null, "stats is null, but must supply the pool's snapshot");
      require(health != null, "health is null, but must supply the gateway's health");
      require(prometheus != null, "prometheus is null, but must be the registry to scrape");
      require(beforeScrape != null, "beforeScrape is null, but must be a task (a no-op when nothing to do)");
      return new AdminServer(this);
    }

    private static void require(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
