package dev.geyserpool.cli;

import dev.geyserpool.aggregator.top.TerminalDashboard;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/geyser-pool top}: the seed's terminal views of a running aggregator, read from its
 * HTTP API ({@link TerminalDashboard}), full screen until {@code q}, or the single status line once
 * ({@code --line}) or every second ({@code --line --watch}) for scripts and status bars.
 *
 * <p>Options are checked before anything is read: a malformed {@code --url}, or {@code --watch}
 * without {@code --line}, exits 2 with one line saying what to write instead. {@code --line}
 * exits 1 when the aggregator does not answer, the line saying why.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    header = "The pool's terminal views (status, live, flow, sparklines) from a running aggregator.",
    description = {
      "Shows the compact status view, the live view, the connection flow and the",
      "5-minute sparklines of the aggregator at --url, redrawn every second: keys",
      "1-4 pick a view, tab the next one, q quits. --line prints the single status",
      "line instead (gRPC: 25/40 conns | 35/60 rate | 7/7 mons | ✓ healthy), once, or",
      "every second with --watch, until Ctrl-C."
    })
final class TopCommand implements Callable<Integer> {
  static final String DEFAULT_URL = "http://127.0.0.1:8091";

  @Spec
  CommandSpec spec;

  @Option(names = "--url", defaultValue = DEFAULT_URL,
      description = "The aggregator's API (default ${DEFAULT-VALUE}: the demo's and the aggregator's).")
  String url;

  @Option(names = "--line", description = "Print the single status line instead of the full-screen views.")
  boolean line;

  @Option(names = "--watch", description = "With --line: print the line every second until Ctrl-C.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> problem = watch && !line
        ? Optional.of("--watch repeats the single status line: add --line (bin/geyser-pool top --line --watch)")
        : urlProblem(url);
    if (problem.isPresent()) {
      err.println(problem.get());
      err.flush();
      return 2;
    }
    TerminalDashboard dashboard = new TerminalDashboard(URI.create(url));
    if (line) {
      return dashboard.printLine(System.out, watch);
    }
    dashboard.run();
    return 0;
  }

  /** Why {@code text} is not an aggregator URL this command can read, or empty when it is one. */
  static Optional<String> urlProblem(String text) {
    String rule = "--url is '" + text + "', but must be an http:// or https:// URL with a host and no path,"
        + " such as " + DEFAULT_URL;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.of(rule + " (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    // The API's routes are absolute (/api/grpc-pool/...): a path would be silently dropped.
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    return web && uri.getHost() != null && uri.getPort() <= 65535 && bare ? Optional.empty() : Optional.of(rule);
  }
}
