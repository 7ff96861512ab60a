package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.monitors.ReferenceMonitors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geyser-pool top} in a real terminal: tmux runs the command line a user types (a JVM on
 * this test's class path) in a detached 100x40 window against the API of a running system
 * (simulator, gateway, the seven reference monitors and the aggregator on an in-process broker of
 * the test's own, so the API's default gateway is this system's). The test reads the screen as
 * tmux holds it ({@code capture-pane}), presses keys ({@code send-keys}) and resizes the window,
 * and compares what is drawn with the API's answer read over HTTP. {@code top --line} runs as a
 * child process, against the system and against a closed port, and {@code --line --watch} in a
 * second window until Ctrl-C.
 *
 * <p>The screen redraws every second and the values move, so each comparison awaits, bounded,
 * until the screen and the API agree; nothing is slept. The status and live views are saved as
 * text ({@link WebDashboardBrowserTest#screenshots()}: the README's with
 * {@code -Dgeyserpool.screenshots=docs}).
 */
class TopTerminalTest {
  private static final Path TMUX = Path.of("/usr/bin/tmux");
  private static final Duration SCREEN = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** The header's clock, {@code · 14:32:05}. */
  private static final Pattern CLOCK = Pattern.compile("· (\\d\\d:\\d\\d:\\d\\d)");
  private static final Pattern STREAMS_OF_CONNECTION = Pattern.compile("\\((\\d+)/(\\d+)\\)");
  /** The VT100 line-drawing set: the letter sent for each box character (DEC Special Graphics). */
  private static final String LINE_DRAWING_LETTERS = "jklmnqtuvwx";
  private static final String LINE_DRAWING = "┘┐┌└┼─├┤┴┬│";
  private static final char ESC = '\033';
  /** SO and SI: tmux's marks around cells drawn in the line-drawing set. */
  private static final char SHIFT_OUT = '\016';
  private static final char SHIFT_IN = '\017';
  private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*3[1-7]m");

  @Test
  void drawsTheSeedsViewsWithTheApisValuesSwitchesByKeyRedrawsOnResizeAndQuits(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TMUX), TMUX + " is missing: install tmux (apt-get install tmux) to"
        + " test geyser-pool top in a terminal");

    String gatewayId = "top-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    Path argFile = dir.resolve("java.args");
    // The class path as a java @argfile: tmux passes a command of at most a few kilobytes.
    Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    Tmux tmux = new Tmux("geyser-top-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)), dir);
    try (EmbeddedSystem system = EmbeddedSystem.builder()
        .embeddedKafka(Optional.empty())
        .gatewayId(gatewayId)
        .simulator(sim -> sim.trafficRate(30).slotInterval(Duration.ofMillis(200)))
        .aggregator(ApiConfig.builder().port(0).build())
        .start()) {
      String url = "http://127.0.0.1:" + system.aggregator().apiPort();
      Path exitStatus = dir.resolve("top.exit");
      // top starts in its window while the monitors join.
      tmux.start("top", 100, 40, javaCommand(argFile, "top", "--url", url) + "; echo $? > '" + exitStatus + "'");
      ReferenceMonitors.Running monitors = system.startReferenceMonitors((monitorId, event) -> { },
          (monitor, handler) -> handler);
      system.awaitActive(monitors.sdkMonitors(), Duration.ofSeconds(30));
      system.simulator().startTraffic();
      await("the seven monitors active in the API").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> metrics(url).path("monitors").path("active").asInt() == 7);

      // The single line, as a script reads it: the API's values, then exit 0.
      await("top --line equal to the API").atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
        Run run = cli(argFile, "top", "--url", url, "--line");
        JsonNode m = metrics(url);
        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode c = m.path("connections");
        JsonNode r = m.path("rateLimit");
        JsonNode mons = m.path("monitors");
        assertThat(run.output()).isEqualTo("gRPC: " + c.path("total").asInt() + "/" + c.path("max").asInt()
            + " conns | " + r.path("tokensUsed1Min").asInt() + "/" + r.path("limit").asInt() + " rate | "
            + mons.path("active").asInt() + "/" + mons.path("total").asInt() + " mons | ✓ healthy\n");
      });

      // 1: the compact status view.
      await("the status view equal to the API").atMost(SCREEN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        JsonNode m = metrics(url);
        List<String> screen = tmux.screen("top");
        JsonNode c = m.path("connections");
        JsonNode r = m.path("rateLimit");
        assertThat(screen.get(0)).as("the header").startsWith("gRPC Pool Status [Live]  " + gatewayId + " · ");
        assertThat(screen).as("the status view").contains(
            meter("Connections: ", c.path("total").asInt(), c.path("max").asInt()),
            meter("Rate Limit:  ", r.path("tokensUsed1Min").asInt(), r.path("limit").asInt()),
            "Active Monitors (" + m.path("monitors").path("active").asInt() + "/" + m.path("monitors").path("total").asInt()
                + "):",
            "● = streaming, ○ = idle, × = failed");
        assertThat(screen).anySatisfy(l -> assertThat(l).matches("Queue: {7}[█░]{20} "
            + r.path("queuedRequests").asInt() + " waiting"));
        for (Map.Entry<String, String> group : Map.of("high", "[H]", "medium", "[M]", "low", "[L]").entrySet()) {
          String row = screen.stream().filter(l -> l.startsWith(group.getValue() + " ")).findFirst().orElse("");
          List<String> ids = new ArrayList<>();
          for (JsonNode mon : m.path("flow").path("monitors")) {
            if (mon.path("group").asText().equals(group.getKey())) {
              String id = mon.path("monitorId").asText();
              ids.add(id);
              // ● per stream while streaming, as the seed's PF-Price●●●; ○ when idle.
              int streams = m.path("streams").path("byMonitor").path(id).asInt();
              assertThat(row).as("the %s row", group.getValue())
                  .containsPattern(" " + Pattern.quote(id) + (streams == 0 ? "○" : "●{" + streams + "}") + "( |$)");
            }
          }
          assertThat(ids).as("monitors of the %s group", group.getKey()).isNotEmpty();
        }
      });
      Files.writeString(WebDashboardBrowserTest.screenshots().resolve("top-status.txt"), text(tmux.screen("top")));
      // Colours are emitted (a dumb terminal has none), and top drew on the alternate screen.
      assertThat(tmux.capture("top", true)).as("the status view with its escapes").containsPattern(COLOUR);
      assertThat(tmux.format("top", "#{alternate_on}")).as("on the alternate screen").isEqualTo("1");

      // The header's clock moves with the API's timestamp at each redraw.
      String shown = clock(tmux.screen("top").get(0));
      await("the clock in the header to change").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> !clock(tmux.screen("top").get(0)).equals(shown));

      // 2: the live view, a row per monitor with its streams and rate, in a box 80 wide.
      tmux.keys("top", "2");
      await("the live view equal to the API").atMost(SCREEN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        JsonNode m = metrics(url);
        List<String> screen = tmux.screen("top");
        assertThat(screen.get(0)).startsWith("┌─ gRPC Pool Monitor ─").endsWith(" ─┐").hasSize(80);
        assertLiveRows(m, screen, 80);
        assertThat(String.join("\n", screen)).containsPattern("↑[1-9]\\d* msg/s");
      });
      Files.writeString(WebDashboardBrowserTest.screenshots().resolve("top-live.txt"), text(tmux.screen("top")));

      // 3: the connection flow, "(n/15)" under each connection as the API counts its streams.
      tmux.keys("top", "3");
      await("the flow view equal to the API").atMost(SCREEN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        JsonNode flow = metrics(url).path("flow");
        List<String> screen = tmux.screen("top");
        assertThat(screen.get(0)).isEqualTo("gRPC Connection Flow (Real-time)");
        int max = flow.path("maxStreamsPerConnection").asInt();
        List<String> expected = new ArrayList<>();
        for (JsonNode conn : flow.path("connections")) {
          expected.add("(" + conn.path("streams").asInt() + "/" + max + ")");
        }
        List<String> drawn = new ArrayList<>();
        Matcher n = STREAMS_OF_CONNECTION.matcher(String.join("\n", screen));
        while (n.find()) {
          drawn.add(n.group());
        }
        assertThat(expected).as("connections in the API").isNotEmpty();
        assertThat(drawn).as("streams/max on the screen").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(screen).contains("━ = active stream, ═ = connection, (n/" + max + ") = streams/max");
      });

      // 4: the sparklines, once the aggregator has chart points (every 10 s).
      tmux.keys("top", "4");
      await("the sparklines").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        List<String> screen = tmux.screen("top");
        assertThat(screen.get(0)).isEqualTo("Sparkline View (Last 5 Minutes)");
        for (String label : List.of("Connections: ", "Rate Limit:  ", "Queue Depth: ", "Failures:    ")) {
          assertThat(screen).anySatisfy(l -> assertThat(l).matches(Pattern.quote(label) + "[▁▂▃▄▅▆▇█]+ \\(\\d+\\)"));
        }
      });

      // Tab goes round to the first view.
      tmux.keys("top", "Tab");
      await("tab to the status view").atMost(SCREEN).pollInterval(Duration.ofMillis(200))
          .until(() -> tmux.screen("top").get(0).startsWith("gRPC Pool Status [Live]"));

      // A narrower window: the live view is drawn again to its 60 columns, the box closed at the edge.
      tmux.keys("top", "2");
      tmux.run("resize-window", "-t", "top", "-x", "60", "-y", "30");
      await("the live view redrawn 60 wide").atMost(SCREEN).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        List<String> screen = tmux.screen("top");
        assertThat(screen).hasSize(30).allSatisfy(l -> assertThat(columns(l)).as(l).isLessThanOrEqualTo(60));
        assertThat(screen.get(0)).startsWith("┌─ gRPC Pool Monitor ─").endsWith(" ─┐");
        assertThat(columns(screen.get(0))).isEqualTo(60);
        assertLiveRows(metrics(url), screen, 60);
        assertThat(screen).contains("1 status  2 live  3 flow  4 sparklines  tab next  q quit");
      });

      // q: top restores the terminal and exits 0.
      tmux.keys("top", "q");
      // The shell around top writes its exit status to a file: tmux's own (#{pane_dead_status})
      // comes only once it reaps the process, which it may do late.
      await("top to exit").atMost(SCREEN).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(exitStatus) && Files.readString(exitStatus).endsWith("\n"));
      assertThat(Files.readString(exitStatus)).as("top's exit status").isEqualTo("0\n");
      assertThat(tmux.format("top", "#{alternate_on}")).as("the alternate screen left").isEqualTo("0");

      // --line --watch: the line again every second, until Ctrl-C.
      tmux.start("watch", 100, 10, javaCommand(argFile, "top", "--url", url, "--line", "--watch"));
      await("two lines from top --line --watch").atMost(SCREEN).pollInterval(Duration.ofMillis(200))
          .until(() -> tmux.screen("watch").stream()
              .filter(l -> l.matches("gRPC: \\d+/40 conns \\| \\d+/60 rate \\| 7/7 mons \\| ✓ healthy")).count() >= 2);
      tmux.keys("watch", "C-c");
      await("top --line --watch to stop on Ctrl-C").atMost(SCREEN).pollInterval(Duration.ofMillis(200))
          .until(() -> tmux.format("watch", "#{pane_dead}").equals("1"));
    } finally {
      tmux.killServer();
    }

    // A closed port: exit 1, the line saying why.
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Run refused = cli(argFile, "top", "--url", "http://127.0.0.1:" + closed, "--line");
    assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output()).startsWith("gRPC: ✗ the aggregator at http://127.0.0.1:" + closed + " does not answer")
        .endsWith("is it running? (bin/geyser-pool aggregator, or --url)\n");
  }

  /** Each monitor of the API on a row of the live box, with its streams; every row closed at {@code width}. */
  private static void assertLiveRows(JsonNode m, List<String> screen, int width) {
    List<String> box = screen.subList(0, screen.indexOf(screen.stream().filter(l -> l.startsWith("└")).findFirst()
        .orElseThrow(() -> new AssertionError("no bottom of the box on " + text(screen)))) + 1);
    assertThat(box.get(box.size() - 1)).isEqualTo("└" + "─".repeat(width - 2) + "┘");
    assertThat(box.subList(1, box.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("│").endsWith("│")
        .satisfies(x -> assertThat(columns(x)).isEqualTo(width)));
    assertThat(m.path("flow").path("monitors")).hasSize(7);
    for (JsonNode mon : m.path("flow").path("monitors")) {
      String id = mon.path("monitorId").asText();
      int n = m.path("streams").path("byMonitor").path(id).asInt();
      assertThat(box).as("the row of %s", id).anySatisfy(l -> assertThat(l).matches("│  • " + Pattern.quote(id)
          + " +\\[[█ ]{3}] " + n + " streams? +(↑\\d+ msg/s|idle) *│"));
    }
  }

  private static String meter(String label, int used, int max) {
    int percent = (int) Math.round(100.0 * used / max);
    int full = (int) Math.round(20.0 * Math.min(used, max) / max);
    return label + "█".repeat(full) + "░".repeat(20 - full) + " " + used + "/" + max + " (" + percent + "%)";
  }

  private static String clock(String header) {
    Matcher m = CLOCK.matcher(header);
    assertThat(m.find()).as("a clock in %s", header).isTrue();
    return m.group(1);
  }

  private static int columns(String line) {
    return line.codePointCount(0, line.length());
  }

  /** The screen as a text file: its lines without the blank ones below. */
  private static String text(List<String> screen) {
    List<String> lines = new ArrayList<>(screen);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return String.join("\n", lines) + "\n";
  }

  private static JsonNode metrics(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/grpc-pool/metrics"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /api/grpc-pool/metrics: %s", response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** {@code java @argFile dev.geyserpool.cli.GeyserPoolCli args...}, as a shell command line. */
  private static String javaCommand(Path argFile, String... args) {
    List<String> words = new ArrayList<>(List.of(java(), "@" + argFile, GeyserPoolCli.class.getName()));
    words.addAll(Arrays.asList(args));
    return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  record Run(int exit, String output) {}

  /** Runs the cli in a JVM of its own, stdout and stderr together, within 30 s. */
  private static Run cli(Path argFile, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "@" + argFile, GeyserPoolCli.class.getName()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    utf8(builder);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("geyser-pool " + String.join(" ", args) + " did not exit within 30 s");
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** The screens are UTF-8: the terminal, tmux and the JVM read the locale for it. */
  private static void utf8(ProcessBuilder builder) {
    builder.environment().put("LANG", "C.UTF-8");
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().remove("TMUX");
  }

  /**
   * A tmux server of the test's own ({@code -L socket}, no user config): its windows outlive the
   * command in them ({@code remain-on-exit}) so its exit status can be read, and have no status
   * line, so the window's size is the command's terminal. Owned by the test thread.
   */
  private static final class Tmux {
    private final String socket;
    private final Path config;

    Tmux(String socket, Path dir) throws IOException {
      this.socket = socket;
      this.config = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\nset -g status off\n");
    }

    void start(String session, int width, int height, String command) throws Exception {
      run("-f", config.toString(), "new-session", "-d", "-s", session, "-x", String.valueOf(width), "-y",
          String.valueOf(height), "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8", command);
    }

    /**
     * The pane's lines as the terminal shows them. JLine draws the light box lines (┌─┐│) in the
     * VT100 line-drawing set, which tmux keeps as the set's letters ("lqqk"); with {@code -e} it
     * marks those cells with SO/SI, so they are read back here as what the terminal draws for them.
     */
    List<String> screen(String session) throws Exception {
      StringBuilder text = new StringBuilder();
      String raw = capture(session, true);
      boolean lineDrawing = false;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == ESC) {
          // CSI (colours, bold) to its final byte; any other escape is two characters.
          if (i + 1 < raw.length() && raw.charAt(i + 1) == '[') {
            i += 2;
            while (i < raw.length() && (raw.charAt(i) < '@' || raw.charAt(i) > '~')) {
              i++;
            }
          } else {
            i++;
          }
        } else if (c == SHIFT_OUT || c == SHIFT_IN) {
          lineDrawing = c == SHIFT_OUT;
        } else {
          int at = LINE_DRAWING_LETTERS.indexOf(c);
          text.append(lineDrawing && at >= 0 ? LINE_DRAWING.charAt(at) : c);
        }
      }
      // capture-pane ends every line, the last one too, with a newline.
      List<String> lines = List.of(text.toString().split("\n", -1));
      return lines.subList(0, lines.size() - 1);
    }

    String capture(String session, boolean escapes) throws Exception {
      return escapes ? run("capture-pane", "-p", "-e", "-t", session) : run("capture-pane", "-p", "-t", session);
    }

    String format(String session, String format) throws Exception {
      return run("display-message", "-p", "-t", session, format).strip();
    }

    void keys(String session, String key) throws Exception {
      run("send-keys", "-t", session, key);
    }

    String run(String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket));
      command.addAll(Arrays.asList(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      utf8(builder);
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("tmux " + String.join(" ", args) + " did not finish within 10 s");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError("tmux " + String.join(" ", args) + " exited " + process.exitValue() + ": " + text);
      }
      return text;
    }

    void killServer() {
      try {
        run("kill-server");
      } catch (Exception | AssertionError e) {
        // Nothing to kill when the server never started; the test's own failure says why.
      }
    }
  }
}
