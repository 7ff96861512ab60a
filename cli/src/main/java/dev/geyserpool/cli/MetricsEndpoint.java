package dev.geyserpool.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus scrape endpoint for a process that has no other HTTP server (the monitors
 * process): {@code GET /metrics} answers the registry's text exposition, with the JVM's meters;
 * anything else is 404. On the JDK's {@link HttpServer} with two named daemon threads and a small
 * bounded queue (a scrape is cheap; a flood is turned away, not queued).
 *
 * <p>Whoever starts it closes it; closing stops the server and the registry.
 */
final class MetricsEndpoint implements AutoCloseable {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private MetricsEndpoint(HttpServer server, ThreadPoolExecutor executor, PrometheusMeterRegistry registry,
      JvmGcMetrics gc) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
    this.gc = gc;
  }

  /**
   * Listens on {@code host:port} (0 picks a free port).
   *
   * @throws UncheckedIOException naming the address and the option to change it when it cannot bind
   */
  static MetricsEndpoint start(String host, int port, String portOption) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      gc.close();
      registry.close();
      throw new UncheckedIOException("the metrics endpoint cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "): free the port or choose another with " + portOption, e);
    }
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
        r -> {
          Thread t = new Thread(r, "geyserpool-metrics-http");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().equals(PATH) || !exchange.getRequestMethod().equals("GET")) {
          byte[] body = ("{\"status\":404,\"error\":\"only GET " + PATH + " is served here\"}")
              .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(404, body.length);
          exchange.getResponseBody().write(body);
          return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    return new MetricsEndpoint(server, executor, registry, gc);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    gc.close();
    registry.close();
  }
}
