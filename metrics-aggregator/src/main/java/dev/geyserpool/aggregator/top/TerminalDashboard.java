package dev.geyserpool.aggregator.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

/**
 * {@code bin/geyser-pool top}: the seed's terminal views of a running aggregator, redrawn every
 * second on the alternate screen (JLine: the terminal's own capabilities, colours where it has
 * them), switched by key, resized with the terminal. {@link #printLine} is the single status line
 * for scripts and status bars.
 *
 * <p>Threading: one thread reads keys with a one-second timeout and redraws; the resize signal only
 * flags a redraw. The terminal is restored on every exit.
 */
public final class TerminalDashboard {
  private static final Duration REFRESH = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final ObjectMapper mapper = new ObjectMapper();

  /** The answers of one refresh: the metrics and the 5-minute series, or why there are none. */
  record Reading(JsonNode metrics, JsonNode series, String problem) {}

  public TerminalDashboard(URI base) {
    this.base = base;
  }

  /**
   * Prints the single status line once ({@code watch} false) or every second until interrupted.
   *
   * @return 0, or 1 when the aggregator did not answer (the line says why)
   */
  public int printLine(PrintStream out, boolean watch) throws InterruptedException {
    int status;
    do {
      Reading r = read(false);
      status = r.metrics() == null ? 1 : 0;
      out.println(r.metrics() == null ? "gRPC: ✗ " + r.problem() : TopScreens.line(r.metrics()));
      out.flush();
      if (watch) {
        Thread.sleep(REFRESH.toMillis());
      }
    } while (watch && !Thread.currentThread().isInterrupted());
    return status;
  }

  /** Runs the full-screen views until {@code q} or Ctrl-C. */
  public void run() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().name("geyser-pool top").system(true).build()) {
      Attributes saved = terminal.enterRawMode();
      AtomicBoolean resized = new AtomicBoolean(true);
      terminal.handle(Terminal.Signal.WINCH, signal -> resized.set(true));
      terminal.puts(InfoCmp.Capability.enter_ca_mode);
      // JLine draws the light box lines (┌─┐│) in the line-drawing set: smacs, then "lqqk". Where
      // smacs is SO (tmux, screen), that set must first be made G1 by enacs, as curses does at
      // start; without it the live and flow views show the letters. A no-op where enacs is absent.
      terminal.puts(InfoCmp.Capability.ena_acs);
      terminal.puts(InfoCmp.Capability.cursor_invisible);
      Display display = new Display(terminal, true);
      NonBlockingReader keys = terminal.reader();
      TopScreens.View view = TopScreens.View.STATUS;
      try {
        Reading reading = read(true);
        long nextRefresh = System.nanoTime() + REFRESH.toNanos();
        while (true) {
          if (resized.getAndSet(false)) {
            Size size = terminal.getSize();
            display.clear();
            display.resize(size.getRows(), size.getColumns());
          }
          Size size = terminal.getSize();
          List<AttributedString> lines = TopScreens.render(view, reading.metrics(), reading.series(), reading.problem(),
              Math.max(20, size.getColumns()));
          display.update(lines.subList(0, Math.min(lines.size(), Math.max(1, size.getRows()))), -1);
          terminal.flush();
          long waitMillis = Math.max(1, (nextRefresh - System.nanoTime()) / 1_000_000);
          int key = keys.read(waitMillis);
          if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
            return;
          }
          TopScreens.View chosen = choose(view, key);
          if (chosen != view) {
            view = chosen;
            display.clear();
          }
          if (System.nanoTime() - nextRefresh >= 0) {
            reading = read(true);
            nextRefresh = System.nanoTime() + REFRESH.toNanos();
          }
        }
      } finally {
        terminal.puts(InfoCmp.Capability.cursor_visible);
        terminal.puts(InfoCmp.Capability.exit_ca_mode);
        terminal.setAttributes(saved);
        terminal.flush();
      }
    }
  }

  static TopScreens.View choose(TopScreens.View current, int key) {
    TopScreens.View[] views = TopScreens.View.values();
    if (key >= '1' && key < '1' + views.length) {
      return views[key - '1'];
    }
    if (key == '\t') {
      return views[(current.ordinal() + 1) % views.length];
    }
    return current;
  }

  /** One refresh: the metrics and, for the sparklines, the last 5 minutes of chart points. */
  Reading read(boolean withSeries) {
    try {
      JsonNode metrics = get("/api/grpc-pool/metrics");
      JsonNode series = withSeries ? get("/api/grpc-pool/metrics/series?period=5m") : null;
      return new Reading(metrics, series, null);
    } catch (Problem e) {
      return new Reading(null, null, e.getMessage());
    }
  }

  private JsonNode get(String path) {
    URI uri = base.resolve(path);
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Problem("the aggregator at " + base + " does not answer (" + e.getClass().getSimpleName()
          + "): is it running? (bin/geyser-pool aggregator, or --url)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem("interrupted");
    }
    try {
      JsonNode body = mapper.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new Problem("the aggregator answered " + response.statusCode() + ": " + body.path("error").asText());
      }
      return body;
    } catch (IOException e) {
      throw new Problem("the aggregator at " + base + " answered " + response.statusCode() + " with no JSON");
    }
  }

  /** Why a refresh has nothing to show; the text is shown as is. */
  private static final class Problem extends RuntimeException {
    Problem(String message) {
      super(message, null, false, false);
    }
  }
}
