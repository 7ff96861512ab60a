package dev.geyserpool.gateway;

import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's settings, immutable and validated when built: a bad value fails with the key,
 * the rule and the value.
 */
public final class GatewayConfig {
  private final UpstreamEndpoint upstream;
  private final String kafkaBootstrapServers;
  private final String clientId;
  private final int streamWindow;
  private final Map<String, Object> producerOverrides;
  private final Clock clock;
  private final java.util.function.LongSupplier ticker;
  private final dev.geyserpool.gateway.pool.PoolRules poolRules;
  private final String gatewayId;
  private final int dedupSlots;
  private final long streamWindowBytes;
  private final GatewayTimings timings;
  private final java.time.Duration checkpointInterval;
  private final int providerMaxAccountsPerFilter;
  private final java.time.Duration poolSnapshotInterval;

  private GatewayConfig(Builder b) {
    this.upstream = Objects.requireNonNull(b.upstream, "upstream must be set");
    this.kafkaBootstrapServers = b.kafkaBootstrapServers;
    this.clientId = b.clientId;
    this.streamWindow = b.streamWindow;
    this.producerOverrides = Map.copyOf(b.producerOverrides);
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.poolRules = b.poolRules;
    this.gatewayId = b.gatewayId;
    this.dedupSlots = b.dedupSlots;
    this.streamWindowBytes = b.streamWindowBytes;
    this.timings = b.timings;
    this.checkpointInterval = b.checkpointInterval;
    this.providerMaxAccountsPerFilter = b.providerMaxAccountsPerFilter;
    this.poolSnapshotInterval = b.poolSnapshotInterval;
    validate();
  }

  private void validate() {
    if (kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrapServers is '" + kafkaBootstrapServers + "', but must be host:port[,host:port]");
    }
    if (streamWindow < 1 || streamWindow > 65_536) {
      throw new IllegalArgumentException("streamWindow is " + streamWindow + ", but must be between 1 and 65536");
    }
    if (providerMaxAccountsPerFilter < 0) {
      throw new IllegalArgumentException("upstream.maxAccountsPerFilter is " + providerMaxAccountsPerFilter
          + ", but must be 0 (unknown) or positive");
    }
    if (dedupSlots < 1) {
      throw new IllegalArgumentException("pool.dedupSlots is " + dedupSlots + ", but must be at least 1");
    }
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("gatewayId is '" + gatewayId + "', but must be a non-empty name");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public UpstreamEndpoint upstream() {
    return upstream;
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  public String clientId() {
    return clientId;
  }

  /** How many updates one stream may have read but not yet published: the read-ahead bound. */
  public int streamWindow() {
    return streamWindow;
  }

  public Map<String, Object> producerOverrides() {
    return producerOverrides;
  }

  /** Wall-clock time: receive timestamps and the ledger. */
  public Clock clock() {
    return clock;
  }

  /** Monotonic nanoseconds: every pool deadline. */
  public java.util.function.LongSupplier ticker() {
    return ticker;
  }

  public dev.geyserpool.gateway.pool.PoolRules poolRules() {
    return poolRules;
  }

  /** This gateway process's name in the ledger and in pool events. */
  public String gatewayId() {
    return gatewayId;
  }

  /**
   * The provider's own limit of pubkeys per accounts filter (Yellowstone's
   * {@code filter_limits.accounts.account_max}), 0 when unknown. Declarations over it are
   * refused up front, with the reason, instead of ending a shared stream.
   */
  public int providerMaxAccountsPerFilter() {
    return providerMaxAccountsPerFilter;
  }

  /** How many recent slots of update identities the dedup remembers. */
  /** How many bytes of updates one stream may hold unpublished before its reads pause. */
  public long streamWindowBytes() {
    return streamWindowBytes;
  }

  /** Where measured durations go (the admin metrics' timers). */
  public GatewayTimings timings() {
    return timings;
  }

  /** How often changed stream checkpoints are written. */
  public java.time.Duration checkpointInterval() {
    return checkpointInterval;
  }

  public int dedupSlots() {
    return dedupSlots;
  }

  /** How often the whole pool is published as a {@code POOL_SNAPSHOT} event. */
  public java.time.Duration poolSnapshotInterval() {
    return poolSnapshotInterval;
  }

  @Override
  public String toString() {
    return "GatewayConfig{upstream=" + upstream.target() + (upstream.tls() ? " (tls)" : " (plaintext)")
        + ", token=" + upstream.token() + ", kafka=" + kafkaBootstrapServers + ", clientId=" + clientId
        + ", streamWindow=" + streamWindow
        + ", gatewayId=" + gatewayId + ", dedupSlots=" + dedupSlots + ", poolSnapshotInterval=" + poolSnapshotInterval
        + ", pool=" + poolRules + "}";
  }

  /** Builds a {@link GatewayConfig}; defaults are the production ones. */
  public static final class Builder {
    private UpstreamEndpoint upstream;
    private String kafkaBootstrapServers;
    private String clientId = "geyser-gateway";
    private int streamWindow = 1024;
    private Map<String, Object> producerOverrides = Map.of();
    private Clock clock = Clock.systemUTC();
    private java.util.function.LongSupplier ticker = System::nanoTime;
    private dev.geyserpool.gateway.pool.PoolRules poolRules = dev.geyserpool.gateway.config.PoolConfig.defaults().toPoolRules();
    private String gatewayId = defaultGatewayId();
    private int dedupSlots = 300;
    private int providerMaxAccountsPerFilter;
    private long streamWindowBytes = 64L * 1024 * 1024;
    private GatewayTimings timings = GatewayTimings.none();

    /** Where measured durations go; nowhere by default. */
    public Builder timings(GatewayTimings timings) {
      this.timings = java.util.Objects.requireNonNull(timings, "timings");
      return this;
    }
    private java.time.Duration checkpointInterval = java.time.Duration.ofSeconds(1);
    private java.time.Duration poolSnapshotInterval = java.time.Duration.ofSeconds(1);

    /** How often the whole pool goes to the pool events as a {@code POOL_SNAPSHOT}; 1 s by default. */
    public Builder poolSnapshotInterval(java.time.Duration interval) {
      if (interval == null || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("poolSnapshotInterval is " + interval + ", but must be positive");
      }
      this.poolSnapshotInterval = interval;
      return this;
    }

    /** Bytes of unpublished updates one stream may hold before its reads pause; 64 MiB by default. */
    public Builder streamWindowBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("streamWindowBytes is " + bytes + ", but must be positive");
      }
      this.streamWindowBytes = bytes;
      return this;
    }

    /** How often changed checkpoints are written; 1 s by default. */
    public Builder checkpointInterval(java.time.Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("checkpointInterval is " + interval + ", but must be positive");
      }
      this.checkpointInterval = interval;
      return this;
    }

    /** The provider's limit of pubkeys per accounts filter; 0 (the default) when unknown. */
    public Builder providerMaxAccountsPerFilter(int max) {
      this.providerMaxAccountsPerFilter = max;
      return this;
    }

    private static String defaultGatewayId() {
      String host = System.getenv().getOrDefault("HOSTNAME", "gateway");
      return host + "-" + ProcessHandle.current().pid();
    }

    public Builder ticker(java.util.function.LongSupplier ticker) {
      this.ticker = ticker;
      return this;
    }

    public Builder poolRules(dev.geyserpool.gateway.pool.PoolRules rules) {
      this.poolRules = rules;
      return this;
    }

    public Builder gatewayId(String id) {
      this.gatewayId = id;
      return this;
    }

    public Builder dedupSlots(int slots) {
      this.dedupSlots = slots;
      return this;
    }

    public Builder upstream(UpstreamEndpoint upstream) {
      this.upstream = upstream;
      return this;
    }

    public Builder kafkaBootstrapServers(String servers) {
      this.kafkaBootstrapServers = servers;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder streamWindow(int window) {
      this.streamWindow = window;
      return this;
    }

    public Builder producerOverrides(Map<String, Object> overrides) {
      this.producerOverrides = overrides;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(this);
    }
  }
}
