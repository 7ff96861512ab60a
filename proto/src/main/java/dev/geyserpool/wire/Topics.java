package dev.geyserpool.wire;

/**
 * The Kafka topics geyser-pool reads and writes. Stream topics are per group and kind; the rest
 * are shared control topics.
 */
public final class Topics {
  /** Monitors' declarations, compacted, key = monitor id. */
  public static final String SUBSCRIPTIONS = "geyser.subscriptions";
  /** The gateway's answers to declarations, key = monitor id. */
  public static final String SUBSCRIPTION_STATUS = "geyser.subscription-status";
  /** Every pool lifecycle event, for the metrics job. */
  public static final String POOL_EVENTS = "geyser.pool-events";
  /** Monitors' periodic consumption reports. */
  public static final String MONITOR_HEARTBEATS = "geyser.monitor-heartbeats";
  /** Upstream connection attempts, written before dialing, read by a starting gateway. */
  public static final String CONNECTION_LEDGER = "geyser.connection-ledger";
  /**
   * Per monitor, the slot its stream resumes from after a restart (everything before it is in
   * Kafka), compacted, key = monitor id; key {@code gateway:<id>} carries a gateway's liveness.
   */
  public static final String STREAM_CHECKPOINTS = "geyser.stream-checkpoints";

  /**
   * The metrics aggregator's 5-minute pool history, one record per gateway and closed window
   * (value {@code PoolMetricsWindow}), key = gateway id.
   */
  public static final String POOL_METRICS_5M = "geyser.pool-metrics-5m";
  /** Alerts raised and cleared by the metrics aggregator (value {@code PoolAlert}), key = alert id. */
  public static final String ALERTS = "geyser.alerts";

  /** Records the gateway cannot publish and monitors cannot process, with the error. */
  public static final String DEAD_LETTER = "geyser.dead-letter";

  private static final String PREFIX = "geyser.";

  private Topics() {}

  /** The stream topic of a group and kind, e.g. {@code geyser.high.transactions}. */
  public static String stream(MonitorGroup group, UpdateKind kind) {
    return PREFIX + group.id() + "." + kind.id();
  }
}
