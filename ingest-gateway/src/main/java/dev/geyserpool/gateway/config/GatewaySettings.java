package dev.geyserpool.gateway.config;

import dev.geyserpool.gateway.config.internal.Checks;
import dev.geyserpool.gateway.config.internal.SettingKey;
import dev.geyserpool.gateway.config.internal.SettingKeys;
import dev.geyserpool.gateway.config.internal.SettingsLoader;
import dev.geyserpool.gateway.config.internal.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The whole gateway configuration file: {@link Upstream}, {@link Kafka}, {@link Admin}, the
 * {@link #gatewayId()} and the {@link PoolConfig}. Loaded from one YAML file with every key
 * overridable by an environment variable ({@code GEYSERPOOL_} + the key path in upper snake case:
 * {@code pool.maxConnections} is {@code GEYSERPOOL_POOL_MAX_CONNECTIONS}), validated at load with
 * messages naming key, rule, value and where the value came from.
 *
 * <p>Secrets: the settings hold only where the provider's {@code x-token} comes from (an
 * environment variable's name, a file's path), never the token. {@link #resolveToken()} reads it at
 * the point of use; {@link #toString()} and {@link #effectiveConfig()} cannot contain it.
 *
 * <p>Thread-safe (immutable). Built once at start by {@link #load} or {@link #builder()}.
 */
public final class GatewaySettings {
  /** The variable the {@code x-token} is read from unless {@code upstream.tokenEnv} names another. */
  public static final String DEFAULT_TOKEN_ENV = "YELLOWSTONE_X_TOKEN";

  private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MIB = 1024 * 1024;
  private static final Duration MAX_RETENTION = Duration.ofDays(3650);
  /** Snapshots more often than the control loop's longest tick (100 ms) would not come more often. */
  private static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_SNAPSHOT_INTERVAL = Duration.ofHours(1);

  /**
   * Where the Yellowstone endpoint is and how to talk to it.
   *
   * @param target {@code host:port}, no scheme
   * @param tls TLS (real providers) or plaintext (the simulator on loopback)
   * @param tokenEnv the environment variable holding the {@code x-token}; empty for none
   * @param tokenFile the file holding the {@code x-token}, read when the env var is unset; empty for none
   * @param maxInboundMessageBytes the largest update accepted; Yellowstone blocks reach 24 MB. Stream
   *     topics and the producer take records of this plus 1 MiB (see
   *     {@link dev.geyserpool.gateway.publish.StreamRecordLimits})
   * @param maxAccountsPerFilter the provider's limit on pubkeys in one accounts filter (0: none
   *     known); a declaration over it is refused before it reaches the provider, which would end
   *     the whole shared stream
   */
  public record Upstream(String target, boolean tls, String tokenEnv, String tokenFile, int maxInboundMessageBytes,
      int maxAccountsPerFilter) {}

  /**
   * The Kafka cluster the gateway publishes to.
   *
   * @param bootstrapServers {@code host:port[,host:port...]}
   * @param streamPartitions partitions of each stream topic the gateway creates
   * @param replicationFactor replication of the topics the gateway creates
   * @param retention retention of the stream topics: how far back monitors can replay
   * @param poolSnapshotInterval how often the whole pool goes to {@code geyser.pool-events} as a
   *     {@code POOL_SNAPSHOT} event
   */
  public record Kafka(String bootstrapServers, int streamPartitions, short replicationFactor, Duration retention,
      Duration poolSnapshotInterval) {}

  /**
   * The stats, health and metrics HTTP server.
   *
   * @param host the address it binds
   * @param port its port; 0 picks a free one
   */
  public record Admin(String host, int port) {}

  private final Upstream upstream;
  private final Kafka kafka;
  private final Admin admin;
  private final String gatewayId;
  private final PoolConfig pool;
  private final Map<String, String> sources;
  private final UnaryOperator<String> environment;

  private GatewaySettings(Builder b, PoolConfig pool) {
    this.upstream = new Upstream(b.upstreamTarget, b.upstreamTls, b.upstreamTokenEnv, b.upstreamTokenFile,
        b.upstreamMaxInboundMessageBytes, b.upstreamMaxAccountsPerFilter);
    this.kafka = new Kafka(b.kafkaBootstrapServers, b.kafkaStreamPartitions, (short) b.kafkaReplicationFactor,
        b.kafkaRetention, b.kafkaPoolSnapshotInterval);
    this.admin = new Admin(b.adminHost, b.adminPort);
    this.gatewayId = b.gatewayId.isEmpty() ? defaultGatewayId(b.environment) : b.gatewayId;
    this.pool = pool;
    this.sources = Map.copyOf(b.sources);
    // A reference, not a copy: the token is looked up in the process environment when used.
    Map<String, String> env = b.environment;
    this.environment = env::get;
  }

  /**
   * Loads {@code file} and applies the overrides found in {@code environment} (pass
   * {@link System#getenv()} in production, a map in tests).
   *
   * @throws ConfigException listing every problem: unreadable or malformed file, unknown keys
   *     (with the nearest known key), bad values, broken cross-field rules
   */
  public static GatewaySettings load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigProblem("file", "config file '" + file
          + "' cannot be read (" + e.getClass().getSimpleName() + "); check the path given to the gateway")));
    }
    return parse(text, file.toString(), environment);
  }

  /** Like {@link #load} for YAML text; {@code sourceName} names it in messages. */
  public static GatewaySettings parse(String yaml, String sourceName, Map<String, String> environment) {
    return SettingsLoader.load(yaml, sourceName, environment);
  }

  /** A builder holding the defaults, with an empty environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The {@code upstream.*} keys. */
  public Upstream upstream() {
    return upstream;
  }

  /** The {@code kafka.*} keys. */
  public Kafka kafka() {
    return kafka;
  }

  /** The {@code admin.*} keys. */
  public Admin admin() {
    return admin;
  }

  /** Names this process in the connection ledger and pool events; default {@code <hostname>-<pid>}. */
  public String gatewayId() {
    return gatewayId;
  }

  /** The {@code pool.*} keys, validated as a whole. */
  public PoolConfig pool() {
    return pool;
  }

  /**
   * Reads the {@code x-token} now: the value of {@code upstream.tokenEnv} when that variable is set
   * and not blank, otherwise the stripped content of {@code upstream.tokenFile} when set, otherwise
   * empty. Pass it to the wire only; never log it.
   *
   * @throws UncheckedIOException when the token file cannot be read, naming the key and the path
   */
  public Optional<String> resolveToken() {
    if (!upstream.tokenEnv().isEmpty()) {
      String value = environment.apply(upstream.tokenEnv());
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    if (!upstream.tokenFile().isEmpty()) {
      try {
        String value = Files.readString(Path.of(upstream.tokenFile()), StandardCharsets.UTF_8).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      } catch (IOException e) {
        throw new UncheckedIOException("upstream.tokenFile '" + upstream.tokenFile() + "' cannot be read ("
            + e.getClass().getSimpleName() + "); check the path and its permissions", e);
      }
    }
    return Optional.empty();
  }

  /**
   * Every key with its value and where it came from, one per line, for the start-up log. The token
   * is shown only as where it comes from.
   */
  public String effectiveConfig() {
    StringBuilder out = new StringBuilder("geyser-pool gateway configuration:\n");
    for (SettingKey<?> key : SettingKeys.ALL) {
      String source = sources.getOrDefault(key.path(), "default");
      out.append("  ").append(key.path()).append(" = ").append(key.show(this)).append("  (").append(source).append(")\n");
    }
    out.append("  upstream.token = ").append(tokenDescription()).append('\n');
    return out.toString();
  }

  @Override
  public String toString() {
    return "GatewaySettings{gatewayId=" + gatewayId + ", upstream=" + upstream.target()
        + (upstream.tls() ? " (tls)" : " (plaintext)") + ", token=" + tokenDescription()
        + ", kafka=" + kafka.bootstrapServers() + ", admin=" + admin.host() + ":" + admin.port() + ", pool=" + pool + "}";
  }

  private String tokenDescription() {
    boolean inEnv = !upstream.tokenEnv().isEmpty() && environment.apply(upstream.tokenEnv()) != null;
    if (inEnv) {
      return "**** (from environment variable " + upstream.tokenEnv() + ")";
    }
    if (!upstream.tokenFile().isEmpty()) {
      return "**** (from file " + upstream.tokenFile() + ")";
    }
    return "(none)";
  }

  private static String defaultGatewayId(Map<String, String> environment) {
    String host = environment.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "gateway";
      }
    }
    String pid = "-" + ProcessHandle.current().pid();
    String clean = host.replaceAll("[^A-Za-z0-9._-]", "-");
    return clean.substring(0, Math.min(clean.length(), 64 - pid.length())) + pid;
  }

  /**
   * Builds {@link GatewaySettings}; starts from the defaults. Not thread-safe. The loader sets
   * keys through the same setters a program would use.
   */
  public static final class Builder {
    private String upstreamTarget = "127.0.0.1:10000";
    private boolean upstreamTls = false;
    private String upstreamTokenEnv = DEFAULT_TOKEN_ENV;
    private String upstreamTokenFile = "";
    private int upstreamMaxInboundMessageBytes = 64 * MIB;
    private int upstreamMaxAccountsPerFilter = 0;
    private String kafkaBootstrapServers = "127.0.0.1:9092";
    private int kafkaStreamPartitions = 3;
    private int kafkaReplicationFactor = 1;
    private Duration kafkaRetention = Duration.ofDays(7);
    private Duration kafkaPoolSnapshotInterval = Duration.ofSeconds(1);
    private String adminHost = "127.0.0.1";
    private int adminPort = 9464;
    private String gatewayId = "";
    private final PoolConfig.Builder pool = PoolConfig.builder();
    private Map<String, String> sources = Map.of();
    private Map<String, String> environment = Map.of();

    private Builder() {}

    public Builder upstreamTarget(String v) { upstreamTarget = v; return this; }

    public Builder upstreamTls(boolean v) { upstreamTls = v; return this; }

    public Builder upstreamTokenEnv(String v) { upstreamTokenEnv = v; return this; }

    public Builder upstreamTokenFile(String v) { upstreamTokenFile = v; return this; }

    public Builder upstreamMaxInboundMessageBytes(int v) { upstreamMaxInboundMessageBytes = v; return this; }
    public Builder upstreamMaxAccountsPerFilter(int v) { upstreamMaxAccountsPerFilter = v; return this; }

    public Builder kafkaBootstrapServers(String v) { kafkaBootstrapServers = v; return this; }

    public Builder kafkaStreamPartitions(int v) { kafkaStreamPartitions = v; return this; }

    public Builder kafkaReplicationFactor(int v) { kafkaReplicationFactor = v; return this; }

    public Builder kafkaRetention(Duration v) { kafkaRetention = v; return this; }

    public Builder kafkaPoolSnapshotInterval(Duration v) { kafkaPoolSnapshotInterval = v; return this; }

    public Builder adminHost(String v) { adminHost = v; return this; }

    public Builder adminPort(int v) { adminPort = v; return this; }

    /** Empty means {@code <hostname>-<pid>}. */
    public Builder gatewayId(String v) { gatewayId = v; return this; }

    /** The pool's builder, to set {@code pool.*} keys. */
    public PoolConfig.Builder pool() {
      return pool;
    }

    /** Where each key's value came from, shown by {@link GatewaySettings#effectiveConfig()}. */
    public Builder sources(Map<String, String> v) { sources = Map.copyOf(v); return this; }

    /** The environment {@link GatewaySettings#resolveToken()} reads the token variable from. */
    public Builder environment(Map<String, String> v) { environment = Objects.requireNonNull(v, "environment"); return this; }

    /**
     * Validates every section and builds.
     *
     * @throws ConfigException listing every problem
     */
    public GatewaySettings build() {
      Checks checks = new Checks();
      validate(checks);
      PoolConfig built = null;
      try {
        built = pool.build();
      } catch (ConfigException e) {
        checks.addAll(e.problems());
      }
      checks.throwIfAny();
      return new GatewaySettings(this, built);
    }

    private void validate(Checks checks) {
      if (upstreamTarget == null || upstreamTarget.contains("://")) {
        checks.fail("upstream.target", Values.quoted(upstreamTarget), "host:port without a scheme (set upstream.tls for TLS)");
      } else if (!Values.isHostPort(upstreamTarget)) {
        checks.fail("upstream.target", Values.quoted(upstreamTarget), "host:port, for example 127.0.0.1:10000");
      }
      if (upstreamTokenEnv == null || !upstreamTokenEnv.isEmpty() && !ENV_NAME.matcher(upstreamTokenEnv).matches()) {
        checks.fail("upstream.tokenEnv", Values.quoted(upstreamTokenEnv),
            "empty or an environment variable name (letters, digits and _)");
      }
      if (upstreamTokenFile == null || !upstreamTokenFile.isEmpty() && !Values.isReadableFile(upstreamTokenFile)) {
        checks.fail("upstream.tokenFile", Values.quoted(upstreamTokenFile), "empty or a readable file");
      }
      if (upstreamMaxInboundMessageBytes < 64 * MIB || upstreamMaxInboundMessageBytes > 1024 * MIB) {
        checks.fail("upstream.maxInboundMessageBytes", upstreamMaxInboundMessageBytes,
            "between 67108864 (64MiB) and 1073741824 (1GiB), as Yellowstone blocks reach 24 MB");
      }
      if (upstreamMaxAccountsPerFilter < 0) {
        checks.fail("upstream.maxAccountsPerFilter", upstreamMaxAccountsPerFilter,
            "0 (no limit known) or the provider limit on pubkeys per accounts filter");
      }
      if (!Values.isServerList(kafkaBootstrapServers)) {
        checks.fail("kafka.bootstrapServers", Values.quoted(kafkaBootstrapServers), "host:port[,host:port...]");
      }
      checks.between("kafka.streamPartitions", kafkaStreamPartitions, 1, 1000);
      checks.between("kafka.replicationFactor", kafkaReplicationFactor, 1, 32);
      checks.positive("kafka.retention", kafkaRetention, MAX_RETENTION);
      checks.between("kafka.poolSnapshotInterval", kafkaPoolSnapshotInterval, MIN_SNAPSHOT_INTERVAL, MAX_SNAPSHOT_INTERVAL);
      if (adminHost == null || adminHost.isBlank()) {
        checks.fail("admin.host", Values.quoted(adminHost), "a host name or address to bind, such as 127.0.0.1");
      }
      checks.between("admin.port", adminPort, 0, 65_535);
      if (gatewayId == null || !gatewayId.isEmpty() && !GATEWAY_ID.matcher(gatewayId).matches()) {
        checks.fail("gatewayId", Values.quoted(gatewayId),
            "empty (for <hostname>-<pid>) or 1-64 characters of letters, digits, '.', '_' or '-'");
      }
    }
  }
}
