package dev.geyserpool.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.gateway.config.internal.SettingKey;
import dev.geyserpool.gateway.config.internal.SettingKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewaySettingsTest {
  private static final String SOURCE = "test.yaml";

  private static GatewaySettings parse(String yaml, Map<String, String> env) {
    return GatewaySettings.parse(yaml, SOURCE, env);
  }

  @Test
  void anEmptyFileGivesTheDefaults() {
    GatewaySettings s = parse("", Map.of());
    assertThat(s.pool()).isEqualTo(PoolConfig.defaults());
    assertThat(s.upstream()).isEqualTo(new GatewaySettings.Upstream("127.0.0.1:10000", false, "YELLOWSTONE_X_TOKEN", "", 64 * 1024 * 1024, 0));
    assertThat(s.kafka()).isEqualTo(new GatewaySettings.Kafka("127.0.0.1:9092", 3, (short) 1, Duration.ofDays(7),
        Duration.ofSeconds(1)));
    assertThat(s.admin()).isEqualTo(new GatewaySettings.Admin("127.0.0.1", 9464));
    assertThat(s.gatewayId()).endsWith("-" + ProcessHandle.current().pid()).matches("[A-Za-z0-9._-]{1,64}");
  }

  @Test
  void gatewayIdDefaultsToHostnameAndPid() {
    GatewaySettings s = parse("", Map.of("HOSTNAME", "gw host/1"));
    assertThat(s.gatewayId()).isEqualTo("gw-host-1-" + ProcessHandle.current().pid());
  }

  @Test
  void theShippedFileHoldsExactlyTheDefaults() throws IOException {
    GatewaySettings shipped = parse(shippedFile(), Map.of());
    GatewaySettings defaults = parse("", Map.of());
    for (SettingKey<?> key : SettingKeys.ALL) {
      assertThat(key.show(shipped)).as(key.path()).isEqualTo(key.show(defaults));
    }
    assertThat(shipped.pool()).isEqualTo(PoolConfig.defaults());
  }

  @Test
  void theShippedFileListsEveryKeyWithAOneLineComment() throws IOException {
    String text = shippedFile();
    Set<String> keysInFile = new HashSet<>();
    String section = "";
    String subsection = "";
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      assertThat(line).as("every key line carries a comment").contains(" # ");
      int indent = line.length() - line.stripLeading().length();
      String name = line.strip().substring(0, line.strip().indexOf(':'));
      if (indent == 0) {
        section = name;
        subsection = "";
        keysInFile.add(name);
      } else if (indent == 2) {
        subsection = name;
        keysInFile.add(section + "." + name);
      } else {
        keysInFile.add(section + "." + subsection + "." + name);
      }
    }
    Set<String> expected = SettingKeys.ALL.stream().map(SettingKey::path).collect(Collectors.toSet());
    expected.addAll(SettingKeys.SECTIONS);
    assertThat(keysInFile).isEqualTo(expected);
  }

  @Test
  void theFileOverridesDefaults() {
    GatewaySettings s = parse("""
        upstream:
          target: mainnet.example.com:443
          tls: true
          maxInboundMessageBytes: 128MiB
          maxAccountsPerFilter: 100
        kafka:
          bootstrapServers: k1:9092,k2:9092
          retention: 2d
          poolSnapshotInterval: 5s
        gatewayId: gw-1
        pool:
          maxConnections: 30
          connectionTtl: PT10M
          backoffMin: 250ms
          rateLimitScope: streams
          groupShares:
            high: 50
            reserve: 0
        """, Map.of());
    assertThat(s.upstream().target()).isEqualTo("mainnet.example.com:443");
    assertThat(s.upstream().tls()).isTrue();
    assertThat(s.upstream().maxInboundMessageBytes()).isEqualTo(128 * 1024 * 1024);
    assertThat(s.upstream().maxAccountsPerFilter()).isEqualTo(100);
    assertThat(s.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(s.kafka().retention()).isEqualTo(Duration.ofDays(2));
    assertThat(s.kafka().poolSnapshotInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.gatewayId()).isEqualTo("gw-1");
    assertThat(s.pool().maxConnections()).isEqualTo(30);
    assertThat(s.pool().connectionTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.pool().backoffMin()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.pool().rateLimitScope()).isEqualTo(RateLimitScope.STREAMS);
    assertThat(s.pool().groupShare(PoolGroup.HIGH)).isEqualTo(50);
    assertThat(s.pool().groupShare(PoolGroup.RESERVE)).isZero();
    assertThat(s.pool().dedupSlots()).isEqualTo(300);
  }

  @Test
  void environmentVariablesWinOverTheFile() {
    GatewaySettings s = parse("""
        upstream:
          target: file-host:10000
        pool:
          maxConnections: 30
          idleTimeout: 2m
        """, Map.of(
            "GEYSERPOOL_UPSTREAM_TARGET", "env-host:443",
            "GEYSERPOOL_POOL_MAX_CONNECTIONS", "25",
            "GEYSERPOOL_POOL_GROUP_SHARES_HIGH", "45",
            "GEYSERPOOL_POOL_GROUP_SHARES_RESERVE", "5",
            "GEYSERPOOL_UPSTREAM_TLS", "TRUE",
            "GEYSERPOOL_GATEWAY_ID", "gw-env"));
    assertThat(s.upstream().target()).isEqualTo("env-host:443");
    assertThat(s.upstream().tls()).isTrue();
    assertThat(s.pool().maxConnections()).isEqualTo(25);
    assertThat(s.pool().groupShare(PoolGroup.HIGH)).isEqualTo(45);
    assertThat(s.pool().idleTimeout()).isEqualTo(Duration.ofMinutes(2)); // from the file, not overridden
    assertThat(s.gatewayId()).isEqualTo("gw-env");
    assertThat(s.effectiveConfig())
        .contains("  pool.maxConnections = 25  (environment variable GEYSERPOOL_POOL_MAX_CONNECTIONS)\n")
        .contains("  pool.idleTimeout = 2m  (test.yaml)\n")
        .contains("  pool.dedupSlots = 300  (default)\n");
  }

  @Test
  void everyKeyHasItsOwnVariableNamedByTheRule() {
    Map<String, String> expected = Map.of(
        "pool.maxConnections", "GEYSERPOOL_POOL_MAX_CONNECTIONS",
        "upstream.target", "GEYSERPOOL_UPSTREAM_TARGET",
        "upstream.maxInboundMessageBytes", "GEYSERPOOL_UPSTREAM_MAX_INBOUND_MESSAGE_BYTES",
        "pool.connectionTtlJitterPerMille", "GEYSERPOOL_POOL_CONNECTION_TTL_JITTER_PER_MILLE",
        "pool.groupShares.high", "GEYSERPOOL_POOL_GROUP_SHARES_HIGH",
        "gatewayId", "GEYSERPOOL_GATEWAY_ID");
    Map<String, String> actual = SettingKeys.ALL.stream().collect(Collectors.toMap(SettingKey::path, SettingKey::envVar));
    assertThat(actual).containsAllEntriesOf(expected);
    assertThat(new HashSet<>(actual.values())).hasSameSizeAs(SettingKeys.ALL);
    assertThat(actual.values()).allMatch(v -> v.matches("GEYSERPOOL_[A-Z0-9_]+"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "pool.maxStreamsPerConnection | 0 | pool.maxStreamsPerConnection is 0, but must be between 1 and 100 (set in test.yaml)",
      "pool.maxConnections | forty | pool.maxConnections is 'forty', but must be an integer (set in test.yaml)",
      "pool.maxConnections | 40.5 | pool.maxConnections is '40.5', but must be an integer (set in test.yaml)",
      "pool.idleTimeout | 60 | pool.idleTimeout is '60', but must be a duration such as 400ms, 30s, 5m, 1h, 7d or ISO-8601 PT30S (set in test.yaml)",
      "pool.idleTimeout | 0s | pool.idleTimeout is 0s, but must be positive and at most 1d (set in test.yaml)",
      "pool.rateLimitScope | sockets | pool.rateLimitScope is 'sockets', but must be one of connections, streams (set in test.yaml)",
      "pool.rateLimitSafetyMargin | 60 | pool.rateLimitSafetyMargin is 60, but must be at least 0 and less than pool.rateLimitMax (60) (set in test.yaml)",
      "upstream.tls | yes | upstream.tls is 'yes', but must be true or false (set in test.yaml)",
      "upstream.target | https://x.example:443 | upstream.target is 'https://x.example:443', but must be host:port without a scheme (set upstream.tls for TLS) (set in test.yaml)",
      "upstream.target | localhost | upstream.target is 'localhost', but must be host:port, for example 127.0.0.1:10000 (set in test.yaml)",
      "upstream.target | host:99999 | upstream.target is 'host:99999', but must be host:port, for example 127.0.0.1:10000 (set in test.yaml)",
      "upstream.tokenEnv | x-token | upstream.tokenEnv is 'x-token', but must be empty or an environment variable name (letters, digits and _) (set in test.yaml)",
      "upstream.tokenFile | /no/such/token | upstream.tokenFile is '/no/such/token', but must be empty or a readable file (set in test.yaml)",
      "upstream.maxInboundMessageBytes | 4MiB | upstream.maxInboundMessageBytes is 4194304, but must be between 67108864 (64MiB) and 1073741824 (1GiB), as Yellowstone blocks reach 24 MB (set in test.yaml)",
      "upstream.maxAccountsPerFilter | -1 | upstream.maxAccountsPerFilter is -1, but must be 0 (no limit known) or the provider limit on pubkeys per accounts filter (set in test.yaml)",
      "upstream.maxInboundMessageBytes | lots | upstream.maxInboundMessageBytes is 'lots', but must be a size in bytes such as 67108864 or 64MiB (set in test.yaml)",
      "kafka.bootstrapServers | k1:9092,k2 | kafka.bootstrapServers is 'k1:9092,k2', but must be host:port[,host:port...] (set in test.yaml)",
      "kafka.streamPartitions | 0 | kafka.streamPartitions is 0, but must be between 1 and 1000 (set in test.yaml)",
      "kafka.replicationFactor | 33 | kafka.replicationFactor is 33, but must be between 1 and 32 (set in test.yaml)",
      "kafka.retention | 0s | kafka.retention is 0s, but must be positive and at most 3650d (set in test.yaml)",
      "kafka.poolSnapshotInterval | 10ms | kafka.poolSnapshotInterval is 10ms, but must be between 100ms and 1h (set in test.yaml)",
      "kafka.poolSnapshotInterval | 2h | kafka.poolSnapshotInterval is 2h, but must be between 100ms and 1h (set in test.yaml)",
      "admin.port | 70000 | admin.port is 70000, but must be between 0 and 65535 (set in test.yaml)",
      "gatewayId | gw one | gatewayId is 'gw one', but must be empty (for <hostname>-<pid>) or 1-64 characters of letters, digits, '.', '_' or '-' (set in test.yaml)",
  })
  void rejectsABadValueInTheFileNamingKeyRuleValueAndSource(String key, String value, String message) {
    assertThatThrownBy(() -> parse(yamlWith(key, value), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void aBadOverrideNamesItsVariable() {
    assertThatThrownBy(() -> parse("pool:\n  maxConnections: 30\n", Map.of("GEYSERPOOL_POOL_MAX_CONNECTIONS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("pool.maxConnections is 0, but must be between 1 and 1000"
            + " (set by environment variable GEYSERPOOL_POOL_MAX_CONNECTIONS)");
  }

  @Test
  void anUnknownKeyNamesTheNearestKnownKey() {
    assertThatThrownBy(() -> parse("pool:\n  maxConection: 30\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown key 'pool.maxConection' in test.yaml; did you mean 'pool.maxConnections'?");
    assertThatThrownBy(() -> parse("pol:\n  maxConnections: 30\n", Map.of()))
        .hasMessage("unknown key 'pol' in test.yaml; did you mean 'pool'?");
    assertThatThrownBy(() -> parse("pool:\n  groupShares:\n    hihg: 40\n", Map.of()))
        .hasMessage("unknown key 'pool.groupShares.hihg' in test.yaml; did you mean 'pool.groupShares.high'?");
  }

  @Test
  void anUnknownOverrideVariableNamesTheNearestKnownOne() {
    assertThatThrownBy(() -> parse("", Map.of("GEYSERPOOL_POOL_MAX_CONECTIONS", "30")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("environment variable GEYSERPOOL_POOL_MAX_CONECTIONS is not a setting; did you mean"
            + " GEYSERPOOL_POOL_MAX_CONNECTIONS? (each GEYSERPOOL_ variable overrides one key)");
  }

  @Test
  void theTokenVariableMayUseThePrefix() {
    GatewaySettings s = parse("upstream:\n  tokenEnv: GEYSERPOOL_X_TOKEN\n", Map.of("GEYSERPOOL_X_TOKEN", "abc"));
    assertThat(s.resolveToken()).contains("abc");
  }

  @Test
  void aSectionGivenAsAValueOrAValueGivenAsASectionIsRefused() {
    assertThatThrownBy(() -> parse("pool: 5\n", Map.of()))
        .hasMessage("pool is '5', but must be a mapping of keys (in test.yaml)");
    assertThatThrownBy(() -> parse("pool:\n  maxConnections:\n    - 1\n", Map.of()))
        .hasMessage("pool.maxConnections is a list, but must be a single value (in test.yaml)");
  }

  @Test
  void malformedYamlAndDuplicateKeysAreRefusedWithTheirPlace() {
    assertThatThrownBy(() -> parse("pool:\n  maxConnections: 30\n  maxConnections: 31\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml is not valid YAML at line 3, column ")
        .hasMessageContaining("Duplicate field 'maxConnections'");
    assertThatThrownBy(() -> parse("pool: [\n", Map.of()))
        .hasMessageStartingWith("test.yaml is not valid YAML at line ");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> parse("admin:\n  port: -1\npool:\n  dedupSlots: 0\n  maxConection: 1\n", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::key)
            .containsExactly("pool.maxConection", "admin.port", "pool.dedupSlots"));
  }

  @Test
  void anUnreadableFileIsAProblemNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> GatewaySettings.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file '" + missing + "' cannot be read (NoSuchFileException); check the path given to the gateway");
  }

  @Test
  void loadsAFileFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "pool:\n  maxConnections: 12\n");
    GatewaySettings s = GatewaySettings.load(file, Map.of());
    assertThat(s.pool().maxConnections()).isEqualTo(12);
    assertThat(s.effectiveConfig()).contains("pool.maxConnections = 12  (" + file + ")");
  }

  @Test
  void theTokenIsReadAtUseAndNeverShown(@TempDir Path dir) throws IOException {
    String secret = "s3cr3t-x-token-value";
    Map<String, String> env = Map.of("YELLOWSTONE_X_TOKEN", secret);
    GatewaySettings s = parse("", env);
    assertThat(s.resolveToken()).contains(secret);
    assertThat(s.effectiveConfig()).doesNotContain(secret)
        .contains("upstream.token = **** (from environment variable YELLOWSTONE_X_TOKEN)");
    assertThat(s.toString()).doesNotContain(secret);
    assertThat(s.upstream().toString()).doesNotContain(secret);

    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "file-token-value\n");
    GatewaySettings fromFile = parse("upstream:\n  tokenEnv: ''\n  tokenFile: " + tokenFile + "\n", env);
    assertThat(fromFile.resolveToken()).contains("file-token-value");
    assertThat(fromFile.effectiveConfig()).doesNotContain("file-token-value").doesNotContain(secret)
        .contains("upstream.token = **** (from file " + tokenFile + ")");
    assertThat(fromFile.toString()).doesNotContain("file-token-value");
  }

  @Test
  void theEnvironmentVariableTokenWinsOverTheFileAndNoTokenIsEmpty(@TempDir Path dir) throws IOException {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "from-file");
    String yaml = "upstream:\n  tokenFile: " + tokenFile + "\n";
    assertThat(parse(yaml, Map.of("YELLOWSTONE_X_TOKEN", "from-env")).resolveToken()).contains("from-env");
    assertThat(parse(yaml, Map.of()).resolveToken()).contains("from-file");
    assertThat(parse("", Map.of()).resolveToken()).isEmpty();
    assertThat(parse("", Map.of()).effectiveConfig()).contains("upstream.token = (none)");
  }

  @Test
  void aTokenFileThatDisappearsAfterLoadingIsReportedAtUse(@TempDir Path dir) throws IOException {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "t");
    GatewaySettings s = parse("upstream:\n  tokenEnv: ''\n  tokenFile: " + tokenFile + "\n", Map.of());
    Files.delete(tokenFile);
    assertThatThrownBy(s::resolveToken)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("upstream.tokenFile '" + tokenFile + "' cannot be read (NoSuchFileException); check the path and its permissions");
  }

  @Test
  void effectiveConfigListsEveryKey() {
    String text = parse("", Map.of()).effectiveConfig();
    List<String> lines = List.of(text.split("\n"));
    assertThat(lines).hasSize(SettingKeys.ALL.size() + 2);
    for (SettingKey<?> key : SettingKeys.ALL) {
      assertThat(text).contains("  " + key.path() + " = ");
    }
    assertThat(text).contains("  upstream.maxInboundMessageBytes = 64MiB  (default)\n")
        .contains("  pool.connectionTtl = 5m  (default)\n");
  }

  /** A YAML document setting one dotted key. */
  private static String yamlWith(String key, String value) {
    String[] parts = key.split("\\.");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      yaml.append("  ".repeat(i)).append(parts[i]).append(':');
      yaml.append(i == parts.length - 1 ? " '" + value.replace("'", "''") + "'\n" : "\n");
    }
    return yaml.toString();
  }

  private static String shippedFile() throws IOException {
    try (InputStream in = GatewaySettings.class.getResourceAsStream("/geyser-pool.yaml")) {
      assertThat(in).as("geyser-pool.yaml on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
