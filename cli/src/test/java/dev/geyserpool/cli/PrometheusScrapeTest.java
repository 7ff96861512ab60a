package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.sdk.MonitorMeters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus and Grafana files ({@code deploy/}) against a running system: a real
 * Prometheus (Debian's {@code prometheus} package, which {@code .ci/run} installs) scrapes the
 * gateway's admin server and the aggregator's API with the shipped scrape configuration and alert
 * rules, and every PromQL expression of the Grafana dashboard and of the rules must return data
 * through Prometheus' HTTP API. A renamed meter, a wrong label or a wrong job name leaves an
 * expression empty and fails this test, naming the expression and where it comes from.
 *
 * <p>The copy of {@code prometheus.yml} Prometheus runs differs from the shipped one in two
 * documented ways only: each job's target is the port the component listens on here, and the
 * global scrape and evaluation intervals are 1 s instead of 15 s, so two scrapes (what rates
 * need) take 2 s rather than 30 s. Job names, metrics paths and the rule file are as shipped.
 *
 * <p>The {@code geyser-monitors} job scrapes the SDK's {@link MonitorMeters} of the seven reference
 * monitors on the {@link MetricsEndpoint} that {@code bin/geyser-pool monitors --metrics-port}
 * serves them on.
 */
@ExtendWith(KafkaClusterExtension.class)
class PrometheusScrapeTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static final String GATEWAY_JOB = "geyser-gateway";
  private static final String AGGREGATOR_JOB = "geyser-aggregator";
  private static final String MONITORS_JOB = "geyser-monitors";
  /**
   * What Grafana substitutes in a panel's query: every instance and gateway ("All" is
   * {@code .*}), and {@code $__rate_interval} as Grafana computes it for the shipped 15 s
   * interval (four scrapes: 1m), which here spans the whole run.
   */
  private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
      "instance", ".*",
      "gateway", ".*",
      "__rate_interval", "1m");
  /** An alert condition's trailing threshold: {@code X > 80}, {@code up == 0}. */
  private static final Pattern THRESHOLD =
      Pattern.compile("^(.*?)\\s*(?:==|!=|>=|<=|>|<)\\s*(?:bool\\s+)?-?[0-9.]+\\s*$", Pattern.DOTALL);
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*([A-Za-z_]+)\\)$",
      Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_]+)}|\\$([A-Za-z_]+)");

  /** One PromQL expression to evaluate, and where it was found (for failure messages). */
  private record Query(String origin, String expr) {}

  @Test
  void everyDashboardAndAlertExpressionReturnsDataFromTheShippedScrapeConfiguration(KafkaCluster kafka,
      @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is missing: install Debian's prometheus"
        + " package (apt-get install prometheus; .ci/run does) to check the deploy/ files against a real Prometheus");
    Path deploy = deployDir();
    Path shippedConfig = deploy.resolve("prometheus/prometheus.yml");
    Path shippedRules = deploy.resolve("prometheus/alerts.yml");
    if (Files.isExecutable(PROMTOOL)) {
      assertPromtool("check", "config", shippedConfig.toString());
      assertPromtool("check", "rules", shippedRules.toString());
    }

    ObjectNode config = (ObjectNode) YAML.readTree(shippedConfig.toFile());
    assertShippedTargets(config);
    List<Query> queries = new ArrayList<>();
    queries.addAll(dashboardQueries(JSON.readTree(deploy.resolve("grafana/dashboards/geyser-pool.json").toFile())));
    List<Query> alertQueries = alertQueries(YAML.readTree(shippedRules.toFile()));
    queries.addAll(alertQueries);
    // Every seed view has expressions; an empty list would pass vacuously.
    assertThat(queries).as("expressions in the dashboard and the rules").hasSizeGreaterThan(40);

    try (EmbeddedSystem system = EmbeddedSystem.builder()
        .kafka(kafka.bootstrapServers(), null)
        .gatewayId("prometheus-scrape-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)))
        .simulator(sim -> sim.trafficRate(100).slotInterval(Duration.ofMillis(100)))
        .aggregator(ApiConfig.builder().port(0).build())
        .start();
        MetricsEndpoint monitorsEndpoint = MetricsEndpoint.start("127.0.0.1", 0, "--metrics-port")) {
      int prometheusPort = freePort();
      Path runConfig = dir.resolve("prometheus.yml");
      Files.copy(shippedRules, dir.resolve("alerts.yml"));
      YAML.writeValue(runConfig.toFile(), forThisRun(config, Map.of(
          GATEWAY_JOB, "127.0.0.1:" + system.adminPort(),
          AGGREGATOR_JOB, "127.0.0.1:" + system.aggregator().apiPort(),
          MONITORS_JOB, "127.0.0.1:" + monitorsEndpoint.port())));
      Path log = dir.resolve("prometheus.log");
      Process prometheus = new ProcessBuilder(PROMETHEUS.toString(),
          "--config.file=" + runConfig,
          "--storage.tsdb.path=" + dir.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + prometheusPort)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      try {
        URI api = URI.create("http://127.0.0.1:" + prometheusPort);
        await("every scrape target up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .ignoreExceptionsInstanceOf(IOException.class)
            .untilAsserted(() -> {
              assertThat(prometheus.isAlive()).as("Prometheus exited: %s", tail(log)).isTrue();
              assertThat(targetHealth(api)).as("targets in /api/v1/targets")
                  .containsExactlyInAnyOrderEntriesOf(Map.of(GATEWAY_JOB, "up", AGGREGATOR_JOB, "up", MONITORS_JOB, "up"));
            });

        // Monitors and traffic start while Prometheus watches, so connect times, queue waits and
        // publish latencies fall inside the rate windows of the performance panels.
        ReferenceMonitors.Running monitors = system.startReferenceMonitors((monitorId, event) -> { },
            (monitor, handler) -> handler);
        monitors.sdkMonitors().forEach(m -> new MonitorMeters(m).bindTo(monitorsEndpoint.registry()));
        system.awaitActive(monitors.sdkMonitors(), Duration.ofSeconds(30));
        system.simulator().startTraffic();

        await("every expression returning data").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
            .ignoreExceptionsInstanceOf(IOException.class)
            .untilAsserted(() -> assertThat(withoutData(api, queries))
                .as("expressions with no finite sample through %s/api/v1/query", api)
                .isEmpty());

        // What makes ALERTS (the dashboard's "Prometheus alerts firing") exist: every shipped rule
        // loaded, and evaluated without error.
        assertThat(ruleHealth(api)).as("rules in /api/v1/rules")
            .hasSize(alertQueries.size())
            .allSatisfy((rule, health) -> assertThat(health).as(rule).isEqualTo("ok"));
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** The repository's deploy/ directory, from the cli module or the repository root. */
  private static Path deployDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy/prometheus/prometheus.yml"))) {
        return p.resolve("deploy");
      }
    }
    throw new IllegalStateException("no deploy/prometheus/prometheus.yml in " + Path.of("").toAbsolutePath()
        + " or above; the test runs from the cli module of the repository");
  }

  private static void assertPromtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", command, output).isZero();
  }

  /**
   * The shipped jobs and targets are the production compose file's services on each
   * component's default port: the gateway's from its default geyser-pool.yaml, the aggregator's
   * from {@link ApiConfig}'s defaults.
   */
  private static void assertShippedTargets(JsonNode config) throws IOException {
    int gatewayAdminPort;
    try (InputStream defaults = dev.geyserpool.gateway.config.GatewaySettings.class.getResourceAsStream(
        "/geyser-pool.yaml")) {
      assertThat(defaults).as("the gateway's default geyser-pool.yaml on the class path").isNotNull();
      gatewayAdminPort = YAML.readTree(defaults).path("admin").path("port").asInt(-1);
    }
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      targets.put(job.path("job_name").asText(), job.path("static_configs").path(0).path("targets").path(0).asText());
      paths.put(job.path("job_name").asText(), job.path("metrics_path").asText());
    }
    assertThat(targets).as("jobs and targets of the shipped prometheus.yml").containsExactlyInAnyOrderEntriesOf(Map.of(
        GATEWAY_JOB, "gateway:" + gatewayAdminPort,
        AGGREGATOR_JOB, "aggregator:" + ApiConfig.builder().build().port(),
        MONITORS_JOB, "monitors:9465"));
    assertThat(paths.values()).as("metrics paths of the shipped prometheus.yml").containsOnly("/metrics");
  }

  /** The shipped configuration with this run's targets and 1 s intervals; jobs not in {@code targets} left out. */
  private static ObjectNode forThisRun(ObjectNode shipped, Map<String, String> targets) {
    ObjectNode config = shipped.deepCopy();
    ObjectNode global = (ObjectNode) config.path("global");
    global.put("scrape_interval", "1s").put("scrape_timeout", "1s").put("evaluation_interval", "1s");
    ArrayNode jobs = (ArrayNode) config.path("scrape_configs");
    for (int i = jobs.size() - 1; i >= 0; i--) {
      ObjectNode job = (ObjectNode) jobs.get(i);
      String target = targets.get(job.path("job_name").asText());
      if (target == null) {
        jobs.remove(i);
      } else {
        ArrayNode list = JSON.createArrayNode().add(target);
        job.set("static_configs", JSON.createArrayNode().add(JSON.createObjectNode().set("targets", list)));
      }
    }
    return config;
  }

  /** Every panel target's expression, and each query variable's selector, with Grafana's variables substituted. */
  private static List<Query> dashboardQueries(JsonNode dashboard) {
    List<Query> queries = new ArrayList<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      panels.get(i).path("panels").forEach(panels::add); // collapsed rows hold their panels
    }
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String origin = "panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText();
        assertThat(target.path("expr").asText()).as("expr of %s", origin).isNotBlank();
        queries.add(new Query(origin, substitute(origin, target.path("expr").asText())));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        String origin = "variable $" + variable.path("name").asText();
        String definition = variable.path("query").path("query").asText();
        Matcher m = LABEL_VALUES.matcher(definition);
        assertThat(m.matches()).as("%s is label_values(selector, label): %s", origin, definition).isTrue();
        // label_values lists the label's values over the selector's series: data when the count has any.
        queries.add(new Query(origin, "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
      }
    }
    return queries;
  }

  private static String substitute(String origin, String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = GRAFANA_VARIABLES.get(name);
      assertThat(value).as("Grafana variable $%s in %s: %s", name, origin, expr).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Every rule's expression without its threshold: a healthy run raises no alert, so {@code X > 80}
   * has no data by design; {@code X} is what the alert watches and must have data.
   */
  private static List<Query> alertQueries(JsonNode rules) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String origin = "alert " + rule.path("alert").asText();
        String expr = rule.path("expr").asText().trim();
        Matcher m = THRESHOLD.matcher(expr);
        assertThat(m.matches()).as("%s ends in a threshold comparison: %s", origin, expr).isTrue();
        queries.add(new Query(origin + " (without its threshold)", m.group(1)));
      }
    }
    return queries;
  }

  /** Each expression that returns no sample, or only NaN ones (a ratio of empty rates), with why. */
  private static List<String> withoutData(URI api, List<Query> queries) throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    for (Query q : queries) {
      JsonNode answer = get(api, "/api/v1/query?query=" + URLEncoder.encode(q.expr(), StandardCharsets.UTF_8));
      if (!answer.path("status").asText().equals("success")) {
        missing.add(q.origin() + ": " + answer.path("error").asText() + " in " + q.expr());
        continue;
      }
      JsonNode result = answer.path("data").path("result");
      List<String> values = new ArrayList<>();
      for (JsonNode sample : result) {
        values.add(sample.path("value").path(1).asText());
      }
      boolean finite = values.stream().anyMatch(v -> !v.equals("NaN") && !v.endsWith("Inf"));
      if (!finite) {
        missing.add(q.origin() + ": " + (values.isEmpty() ? "no series" : "only " + values) + " for " + q.expr());
      }
    }
    return missing;
  }

  private static Map<String, String> targetHealth(URI api) throws IOException, InterruptedException {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonNode target : get(api, "/api/v1/targets?state=active").path("data").path("activeTargets")) {
      String error = target.path("lastError").asText();
      health.put(target.path("labels").path("job").asText(),
          target.path("health").asText() + (error.isEmpty() ? "" : " (" + error + ")"));
    }
    return health;
  }

  private static Map<String, String> ruleHealth(URI api) throws IOException, InterruptedException {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonNode group : get(api, "/api/v1/rules").path("data").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String error = rule.path("lastError").asText();
        health.put(rule.path("name").asText(), rule.path("health").asText() + (error.isEmpty() ? "" : " " + error));
      }
    }
    return health;
  }

  private static JsonNode get(URI api, String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(api.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /** The last lines of Prometheus' log, for a failure message. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Prometheus' log " + log, e);
    }
  }
}
