package dev.geyserpool.gateway;

import dev.geyserpool.gateway.admin.AdminServer;
import dev.geyserpool.gateway.admin.HealthStatus;
import dev.geyserpool.gateway.admin.PoolEventPublisher;
import dev.geyserpool.gateway.admin.PoolMetrics;
import dev.geyserpool.gateway.checkpoint.KafkaCheckpointStore;
import dev.geyserpool.gateway.config.GatewaySettings;
import dev.geyserpool.gateway.ledger.ConnectionLedger;
import dev.geyserpool.gateway.ledger.KafkaDialLedger;
import dev.geyserpool.gateway.publish.StreamRecordLimits;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.subscription.StatusPublisher;
import dev.geyserpool.gateway.subscription.SubscriptionReader;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.wire.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway process: the {@link IngestGateway} with everything around it, wired from one
 * {@link GatewaySettings}: topics, the connection ledger (read before the first dial), pool
 * events, the declarations on {@code geyser.subscriptions}, and the admin HTTP server with
 * stats, health and Prometheus metrics.
 *
 * <p>Whoever starts it closes it; closing stops the parts in reverse order.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final IngestGateway gateway;
  private final StatusPublisher statuses;
  private final PoolEventPublisher events;
  private final SubscriptionReader subscriptions;
  private final PoolMetrics metrics;
  private final AdminServer admin;

  private GatewayServer(IngestGateway gateway, StatusPublisher statuses, PoolEventPublisher events,
      SubscriptionReader subscriptions, PoolMetrics metrics, AdminServer admin) {
    this.gateway = gateway;
    this.statuses = statuses;
    this.events = events;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
    this.admin = admin;
  }

  /**
   * Starts everything.
   *
   * @param overrides applied to the gateway config built from the settings (tests: clocks)
   */
  public static GatewayServer start(GatewaySettings settings, Consumer<GatewayConfig.Builder> overrides) {
    log.info("Effective configuration:\n{}", settings.effectiveConfig());
    String kafka = settings.kafka().bootstrapServers();
    int maxInboundMessageBytes = settings.upstream().maxInboundMessageBytes();
    // Stream topics and the producer take the largest update upstream may send, plus record overhead.
    TopicProvisioner.ensureStreamTopics(kafka, settings.kafka().streamPartitions(), settings.kafka().replicationFactor(),
        settings.kafka().retention(), maxInboundMessageBytes);
    TopicProvisioner.ensure(kafka, List.of(
        new NewTopic(Topics.SUBSCRIPTIONS, 1, settings.kafka().replicationFactor())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        new NewTopic(Topics.SUBSCRIPTION_STATUS, 1, settings.kafka().replicationFactor())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    PoolEventPublisher.ensureTopic(kafka);

    Clock clock = Clock.systemUTC();
    ConnectionLedger connectionLedger = ConnectionLedger.open(kafka, settings.gatewayId(), clock);
    KafkaDialLedger ledger = new KafkaDialLedger(connectionLedger, settings.pool().rateLimitWindow(),
        settings.pool().rateLimitScope().name().toLowerCase(java.util.Locale.ROOT), ConnectionLedger.DEFAULT_TIMEOUT);
    PoolEventPublisher events = PoolEventPublisher.builder(kafka, settings.gatewayId()).clock(clock).build();

    GatewayConfig.Builder config = GatewayConfig.builder()
        .upstream(new UpstreamEndpoint(settings.upstream().target(), settings.upstream().tls(),
            settings.resolveToken().map(Secret::of).orElse(Secret.none()),
            maxInboundMessageBytes))
        .kafkaBootstrapServers(kafka)
        .producerOverrides(StreamRecordLimits.producerConfig(maxInboundMessageBytes))
        .clientId("geyser-gateway-" + settings.gatewayId())
        .gatewayId(settings.gatewayId())
        .poolRules(settings.pool().toPoolRules())
        .streamWindow(settings.pool().streamWindow())
        .dedupSlots(settings.pool().dedupSlots())
        .providerMaxAccountsPerFilter(settings.upstream().maxAccountsPerFilter())
        .poolSnapshotInterval(settings.kafka().poolSnapshotInterval())
        .clock(clock);
    // The meters exist before the gateway, so its timers record from its first dial on.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // What the dashboards need beside the pool's counts: which gateway this is, so its series join
    // the aggregator's per-gateway ones, and the pool's bounds, the "40" of "25/40".
    io.micrometer.core.instrument.Gauge.builder("geyserpool.gateway.info", () -> 1)
        .description("1, tagged with the gateway's id").tag("gateway", settings.gatewayId()).register(registry);
    io.micrometer.core.instrument.Gauge.builder("geyserpool.pool.max.connections", settings.pool()::maxConnections)
        .description("The most upstream connections the pool opens (pool.maxConnections)").register(registry);
    io.micrometer.core.instrument.Gauge.builder("geyserpool.pool.max.streams.per.connection",
            settings.pool()::maxStreamsPerConnection)
        .description("The most streams one connection carries (pool.maxStreamsPerConnection)").register(registry);
    java.util.concurrent.atomic.AtomicReference<IngestGateway> started = new java.util.concurrent.atomic.AtomicReference<>();
    PoolMetrics metrics = PoolMetrics.bind(registry, () -> started.get() == null
        ? PoolStats.empty(clock.instant()) : started.get().poolStats());
    config.timings(metrics);
    overrides.accept(config);
    StatusPublisher statuses = new StatusPublisher(kafka, settings.gatewayId(), clock);
    GatewayConfig built = config.build();
    // What has started is closed again, last first, if a later part cannot start.
    java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>(List.of(metrics, statuses, events, ledger));
    try {
      KafkaCheckpointStore checkpoints = KafkaCheckpointStore.open(kafka, settings.kafka().replicationFactor(),
          settings.gatewayId(), clock, built.checkpointInterval());
      opened.push(checkpoints);
      IngestGateway gateway = IngestGateway.start(built, ledger, checkpoints, events::publish, statuses::poolStatus);
      opened.clear(); // the gateway owns the ledger and the checkpoint store from here
      opened.push(events);
      opened.push(statuses);
      opened.push(metrics);
      opened.push(gateway);
      started.set(gateway);
      return serve(settings, kafka, registry, metrics, statuses, events, gateway, opened);
    } catch (RuntimeException e) {
      while (!opened.isEmpty()) {
        try {
          opened.pop().close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static GatewayServer serve(GatewaySettings settings, String kafka, PrometheusMeterRegistry registry,
      PoolMetrics metrics, StatusPublisher statuses, PoolEventPublisher events, IngestGateway gateway,
      java.util.Deque<AutoCloseable> opened) {

    // Callbacks run on the reader's thread and never wait for the control loop.
    SubscriptionReader subscriptions = SubscriptionReader.start(kafka, declaration -> {
      java.util.Optional<String> rejection = gateway.rejection(declaration);
      if (rejection.isPresent()) {
        // Nothing of it reaches the provider; the other monitors are not touched.
        log.warn("{}", rejection.get());
        statuses.rejected(declaration, rejection.get());
        return;
      }
      statuses.accepted(declaration);
      gateway.declare(declaration);
    }, monitorId -> {
      gateway.remove(monitorId);
      statuses.removed(monitorId);
    }, (key, reason) -> {
      log.warn("declaration '{}' on {} rejected: {}", key, Topics.SUBSCRIPTIONS, reason);
      statuses.rejected(key, reason);
    }, gateway::declarationsLoaded);
    opened.push(subscriptions);

    AdminServer admin = AdminServer.builder()
        .host(settings.admin().host())
        .port(settings.admin().port())
        .stats(gateway::poolStats)
        .health(() -> health(gateway))
        .prometheus(registry)
        .beforeScrape(metrics::refresh)
        .build()
        .start();
    log.info("Gateway {} serving stats at http://{}:{}{}, metrics at {}", settings.gatewayId(),
        settings.admin().host(), admin.port(), AdminServer.STATS_PATH, AdminServer.METRICS_PATH);
    return new GatewayServer(gateway, statuses, events, subscriptions, metrics, admin);
  }

  private static HealthStatus health(IngestGateway gateway) {
    PoolStats stats = gateway.poolStats();
    Map<String, Object> details = Map.of(
        "connections", stats.totalConnections(),
        "streams", stats.totalStreams(),
        "queuedRequests", stats.queuedRequests(),
        "rateLimitRemaining", stats.rateLimitRemaining());
    boolean waiting = stats.monitorStates().values().stream().anyMatch("waiting"::equals);
    if (!stats.monitorStates().isEmpty() && stats.totalStreams() == 0) {
      return HealthStatus.down("no stream is open for " + stats.monitorStates().size() + " declared monitor(s)", details);
    }
    return waiting ? HealthStatus.down("monitors waiting for a connection: " + stats.monitorStates(), details)
        : HealthStatus.up(details);
  }

  public IngestGateway gateway() {
    return gateway;
  }

  /** The admin HTTP port (stats, health, metrics). */
  public int adminPort() {
    return admin.port();
  }

  @Override
  public void close() {
    admin.close();
    metrics.close();
    subscriptions.close();
    gateway.close();
    statuses.close();
    events.close();
  }

  /**
   * Stops at once, as a crash would: nothing buffered is sent and no last checkpoint written
   * (fault drills). Ports and threads are released.
   */
  public void halt() {
    admin.close();
    metrics.close();
    subscriptions.close();
    gateway.halt();
    statuses.close();
    events.close();
  }
}
