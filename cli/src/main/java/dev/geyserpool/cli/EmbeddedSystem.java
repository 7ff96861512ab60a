package dev.geyserpool.cli;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.AggregatorService;
import dev.geyserpool.aggregator.api.ApiConfig;
import dev.geyserpool.gateway.GatewayConfig;
import dev.geyserpool.gateway.GatewayServer;
import dev.geyserpool.gateway.IngestGateway;
import dev.geyserpool.gateway.config.GatewaySettings;
import dev.geyserpool.kafka.embedded.EmbeddedKafkaBroker;
import dev.geyserpool.monitors.EventSink;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.StartPosition;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.UpdateIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, on embedded defaults: an in-process Kafka broker, the Yellowstone
 * simulator on loopback, the ingest gateway between them, monitors on the SDK and, when the
 * {@link Builder} asks for it, the metrics aggregator with its HTTP API. Used by
 * {@code bin/geyser-pool demo} and by the end-to-end tests, so both run the same wiring.
 *
 * <p>Faults ({@link FaultSchedule.Target}): the gateway can be halted as a crash and a new one
 * started from the same settings and gateway id ({@link #haltGateway()}, {@link #startGateway()}),
 * and the in-process broker this system started can be stopped and started again on the same
 * ports and data dir ({@link #stopBroker()}, {@link #startBroker()}). The aggregator can be
 * stopped and a new one started with the same configuration ({@link #stopAggregator()},
 * {@link #startAggregator()}): the same API port, so a web dashboard keeps its origin, and the
 * same application id and state dir, so its stores come back from the local state and the
 * changelogs.
 *
 * <p>Threading: one owner builds it, adds monitors and closes it. The fault methods may run on
 * another thread (the demo's fault schedule), one at a time and never during {@link #close()};
 * the accessors read the current parts from volatile fields and may be called from any thread.
 * The system owns every part it started, and closing stops the aggregator, the monitors, the
 * gateway, the simulator and (when it owns one) the broker, in that order, then deletes its
 * temporary data dir (the broker's data when none was given, the aggregator's state).
 */
public final class EmbeddedSystem implements AutoCloseable, FaultSchedule.Target {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSystem.class);
  private static final String TOKEN_VARIABLE = "EMBEDDED_X_TOKEN";
  /** Kafka Streams on a fresh application id: topic checks, the group's first rebalance, empty stores. */
  private static final Duration AGGREGATOR_START_TIMEOUT = Duration.ofSeconds(60);

  /** What every gateway of this run published, dropped as duplicates and reported as gaps. */
  public record GatewayTotals(long published, long duplicatesDropped, long gaps) {
    static final GatewayTotals NONE = new GatewayTotals(0, 0, 0);

    static GatewayTotals of(IngestGateway gateway) {
      return new GatewayTotals(gateway.poolStats().updatesPublished(), gateway.duplicatesDropped(), gateway.gaps());
    }

    GatewayTotals plus(GatewayTotals other) {
      return new GatewayTotals(published + other.published, duplicatesDropped + other.duplicatesDropped,
          gaps + other.gaps);
    }
  }

  /**
   * The current gateway, whether it is halted, and the totals of the gateways before it: one
   * value, so readers never see a restart half done.
   */
  private record Gateways(GatewayServer current, boolean halted, GatewayTotals retired) {}

  /** The in-process broker this system started, and whether it runs. */
  private record Broker(EmbeddedKafkaBroker broker, boolean running) {}

  /**
   * The current aggregator, whether it runs, and what every aggregator of this system starts
   * with: the job's configuration and the API's, on the port the first one bound.
   */
  private record Aggregator(AggregatorService service, boolean running, AggregatorConfig config, ApiConfig api) {}

  private final String bootstrapServers;
  private final AutoCloseable ownedBroker;
  /**
   * A directory this system created, deleted on close: the broker's data when no data dir was
   * given, the aggregator's state; null when it needs neither.
   */
  private final Path temporaryDir;
  private final YellowstoneSimulator simulator;
  private final String token;
  private final String gatewayId;
  private final Consumer<GatewayConfig.Builder> gatewayOptions;
  /** Null when the system runs without the aggregator. */
  private volatile Aggregator aggregator;
  private volatile Gateways gateways;
  /** Null when the caller owns Kafka. */
  private volatile Broker broker;
  private final List<Monitor> monitors = new ArrayList<>();
  private final List<ReferenceMonitors.Running> referenceMonitors = new ArrayList<>();

  private EmbeddedSystem(Builder b, String bootstrapServers, EmbeddedKafkaBroker embeddedBroker, Path temporaryDir,
      YellowstoneSimulator simulator, String token, GatewayServer server, Aggregator aggregator) {
    this.bootstrapServers = bootstrapServers;
    this.ownedBroker = b.ownedBroker;
    this.broker = embeddedBroker == null ? null : new Broker(embeddedBroker, true);
    this.temporaryDir = temporaryDir;
    this.simulator = simulator;
    this.token = token;
    this.gatewayId = b.gatewayId;
    this.gatewayOptions = b.gatewayOptions;
    this.aggregator = aggregator;
    this.gateways = new Gateways(server, false, GatewayTotals.NONE);
  }

  /** A system to configure; {@link Builder#start()} starts it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an in-process broker on {@code kafkaDataDir}, or on a temporary directory when empty
   * (deleted when the system closes), and the system on it; closing the system closes the broker.
   * Either way the broker runs on a data dir, so {@link #stopBroker()} and {@link #startBroker()}
   * can bring it back with its topics, records and offsets.
   */
  public static EmbeddedSystem startWithEmbeddedKafka(
      Optional<Path> kafkaDataDir, Consumer<SimulatorConfig.Builder> simulatorOptions) {
    return builder().embeddedKafka(kafkaDataDir).simulator(simulatorOptions).start();
  }

  /**
   * Starts the system on the Kafka at {@code bootstrapServers}: creates the stream topics, starts
   * the simulator with {@code simulatorOptions} (traffic paused until
   * {@code simulator().startTraffic()}, and a random x-token so that authentication is exercised)
   * and the gateway.
   *
   * @param ownedBroker closed with the system, or null when the caller owns the broker
   */
  public static EmbeddedSystem start(
      String bootstrapServers, AutoCloseable ownedBroker, Consumer<SimulatorConfig.Builder> simulatorOptions) {
    return builder().kafka(bootstrapServers, ownedBroker).simulator(simulatorOptions).start();
  }

  /** As {@link #start(String, AutoCloseable, Consumer)}, with gateway settings on top of the defaults. */
  public static EmbeddedSystem start(
      String bootstrapServers, AutoCloseable ownedBroker, Consumer<SimulatorConfig.Builder> simulatorOptions,
      Consumer<GatewayConfig.Builder> gatewayOptions) {
    return builder().kafka(bootstrapServers, ownedBroker).simulator(simulatorOptions).gateway(gatewayOptions)
        .start();
  }

  /**
   * What the system runs on and with: Kafka (a cluster given, or an in-process broker it starts),
   * the simulator's and the gateway's options, the gateway id, and, when asked for, the metrics
   * aggregator. Not thread-safe; {@link #start()} may be called once per configuration.
   */
  public static final class Builder {
    private String bootstrapServers;
    private AutoCloseable ownedBroker;
    private boolean embeddedKafka;
    private Optional<Path> kafkaDataDir = Optional.empty();
    private Consumer<SimulatorConfig.Builder> simulatorOptions = sim -> { };
    private Consumer<GatewayConfig.Builder> gatewayOptions = gateway -> { };
    private String gatewayId = "embedded-" + ProcessHandle.current().pid();
    private ApiConfig aggregatorApi;
    private Consumer<AggregatorConfig.Builder> aggregatorOptions = aggregator -> { };

    private Builder() {}

    /**
     * Runs on the Kafka at {@code bootstrapServers}.
     *
     * @param ownedBroker closed with the system, or null when the caller owns the broker
     */
    public Builder kafka(String bootstrapServers, AutoCloseable ownedBroker) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      this.ownedBroker = ownedBroker;
      this.embeddedKafka = false;
      return this;
    }

    /**
     * Runs on an in-process broker the system starts on {@code dataDir}, or on a temporary
     * directory when empty, and closes with it.
     */
    public Builder embeddedKafka(Optional<Path> dataDir) {
      this.kafkaDataDir = Objects.requireNonNull(dataDir, "dataDir");
      this.embeddedKafka = true;
      this.bootstrapServers = null;
      this.ownedBroker = null;
      return this;
    }

    /** Simulator options on top of the system's (traffic paused, a random x-token). */
    public Builder simulator(Consumer<SimulatorConfig.Builder> options) {
      this.simulatorOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Gateway settings on top of the defaults, for the first gateway and every restarted one. */
    public Builder gateway(Consumer<GatewayConfig.Builder> options) {
      this.gatewayOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The gateway id (default {@code embedded-<pid>}): tests on a shared broker give each system
     * its own, so the aggregator never mixes their pool events.
     */
    public Builder gatewayId(String id) {
      this.gatewayId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Runs the metrics aggregator too, with its HTTP API on {@code api}: started after the gateway,
     * on a fresh application id, its state in the system's temporary directory.
     */
    public Builder aggregator(ApiConfig api) {
      return aggregator(api, options -> { });
    }

    /** As {@link #aggregator(ApiConfig)}, with aggregator settings on top of the system's. */
    public Builder aggregator(ApiConfig api, Consumer<AggregatorConfig.Builder> options) {
      this.aggregatorApi = Objects.requireNonNull(api, "api");
      this.aggregatorOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Starts the broker when the system owns one, the simulator, the gateway and, when asked for,
     * the aggregator (returning once its job runs); whatever started is closed again when a later
     * part fails.
     *
     * @throws IllegalStateException when no Kafka was given, or a part cannot start (the cause says why)
     */
    public EmbeddedSystem start() {
      if (!embeddedKafka && bootstrapServers == null) {
        throw new IllegalStateException("no Kafka for the embedded system: call kafka(bootstrapServers, owner)"
            + " or embeddedKafka(dataDir) before start()");
      }
      Starting starting = new Starting();
      try {
        return starting.run(this);
      } catch (RuntimeException e) {
        starting.abandon(e);
        throw e;
      }
    }
  }

  /** The parts of a system being started, so a failure closes exactly those in reverse order. */
  private static final class Starting {
    private Path temporaryDir;
    private EmbeddedKafkaBroker broker;
    private YellowstoneSimulator simulator;
    private GatewayServer gateway;
    private AggregatorService aggregator;
    private AggregatorConfig aggregatorConfig;

    EmbeddedSystem run(Builder b) {
      boolean temporaryKafka = b.embeddedKafka && b.kafkaDataDir.isEmpty();
      if (temporaryKafka || b.aggregatorApi != null) {
        try {
          temporaryDir = Files.createTempDirectory("geyserpool-embedded-");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create a temporary data dir for the embedded system: "
              + e.getMessage(), e);
        }
      }
      String bootstrapServers = b.bootstrapServers;
      if (b.embeddedKafka) {
        Path dataDir = b.kafkaDataDir.orElseGet(() -> temporaryDir.resolve("kafka"));
        broker = EmbeddedKafkaBroker.start(dataDir);
        bootstrapServers = broker.bootstrapServers();
      }
      String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      SimulatorConfig.Builder sim = SimulatorConfig.builder().xToken(token).trafficPaused(true);
      b.simulatorOptions.accept(sim);
      try {
        simulator = YellowstoneSimulator.start(sim.build());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the Yellowstone simulator: " + e.getMessage(), e);
      }
      gateway = GatewayServer.start(
          gatewaySettings(simulator.target(), token, bootstrapServers, b.gatewayId, 0), b.gatewayOptions);
      if (b.aggregatorApi != null) {
        AggregatorConfig.Builder config = AggregatorConfig.builder()
            .bootstrapServers(bootstrapServers)
            .applicationId("embedded-aggregator-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)))
            .stateDir(temporaryDir.resolve("aggregator-state"));
        b.aggregatorOptions.accept(config);
        aggregatorConfig = config.build();
        aggregator = AggregatorService.start(aggregatorConfig, b.aggregatorApi);
        awaitRunning(aggregator, AGGREGATOR_START_TIMEOUT);
      }
      Aggregator running = aggregator == null ? null : new Aggregator(aggregator, true, aggregatorConfig,
          b.aggregatorApi.toBuilder().port(aggregator.apiPort()).build());
      return new EmbeddedSystem(b, bootstrapServers, broker, temporaryDir, simulator, token, gateway, running);
    }

    /** Closes what started, newest first; failures to close are suppressed into {@code failure}. */
    void abandon(RuntimeException failure) {
      List<AutoCloseable> parts = new ArrayList<>();
      if (aggregator != null) {
        parts.add(aggregator);
      }
      if (gateway != null) {
        parts.add(gateway);
      }
      if (simulator != null) {
        parts.add(simulator);
      }
      if (broker != null) {
        parts.add(broker);
      }
      for (AutoCloseable part : parts) {
        try {
          part.close();
        } catch (Exception suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
      if (temporaryDir != null) {
        try {
          deleteRecursively(temporaryDir);
        } catch (UncheckedIOException suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
    }
  }

  /**
   * Waits until the aggregator's Kafka Streams job runs (it has its partitions and its stores
   * answer), so its API answers from the first request.
   *
   * @throws IllegalStateException naming the state when it does not run within {@code timeout}
   */
  private static void awaitRunning(AggregatorService aggregator, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    KafkaStreams streams = aggregator.aggregator().streams();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
          || System.nanoTime() > deadline) {
        throw new IllegalStateException("the metrics aggregator did not start running within " + timeout.toSeconds()
            + " s (Kafka Streams state " + state + "; its log says why)");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the metrics aggregator to run", e);
      }
    }
  }

  /**
   * The gateway as it runs in production (ledger, pool events, subscriptions, admin HTTP), with
   * the simulator's token handed over in its own environment.
   */
  private static GatewaySettings gatewaySettings(String target, String token, String bootstrapServers,
      String gatewayId, int adminPort) {
    return GatewaySettings.builder()
        .upstreamTarget(target)
        .upstreamTokenEnv(TOKEN_VARIABLE)
        .environment(Map.of(TOKEN_VARIABLE, token))
        .kafkaBootstrapServers(bootstrapServers)
        .adminPort(adminPort)
        .gatewayId(gatewayId)
        .build();
  }

  /**
   * Starts a monitor on the SDK: it declares its filters on {@code geyser.subscriptions} and
   * returns once the gateway accepted them.
   */
  public Monitor addMonitor(String id, MonitorGroup group, SubscribeRequest filters, UpdateHandler handler) {
    return addMonitor(id, group, filters, handler, options -> { });
  }

  /** As {@link #addMonitor(String, MonitorGroup, SubscribeRequest, UpdateHandler)}, with SDK options on top. */
  public Monitor addMonitor(String id, MonitorGroup group, SubscribeRequest filters, UpdateHandler handler,
      Consumer<Monitor.Builder> options) {
    Monitor.Builder builder = Monitor.builder()
        .id(id)
        .group(group)
        .filters(filters)
        .bootstrapServers(bootstrapServers)
        .handler(handler);
    options.accept(builder);
    Monitor monitor = builder.build().start();
    monitors.add(monitor);
    return monitor;
  }

  /**
   * Starts the seven reference monitors on the SDK, events to {@code sink}, each handler passed
   * through {@code wrap}; returns once the gateway accepted all of them and their consumers hold
   * positions, so nothing generated after this returns is missed.
   */
  public ReferenceMonitors.Running startReferenceMonitors(EventSink sink,
      BiFunction<ReferenceMonitor, UpdateHandler, UpdateHandler> wrap) {
    ReferenceMonitors.Running running = ReferenceMonitors.start(bootstrapServers, ReferenceMonitors.all(), sink,
        StartPosition.latest(), wrap);
    referenceMonitors.add(running);
    return running;
  }

  /**
   * Waits until the gateway told each monitor it is served (its filters are on an open stream),
   * so traffic generated from now on reaches it.
   *
   * @throws IllegalStateException naming the monitors still waiting after {@code timeout}
   */
  public void awaitActive(Collection<Monitor> monitors, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> waiting = monitors.stream()
          .filter(m -> m.status() == null || m.status().getState() != SubscriptionState.SUBSCRIPTION_ACTIVE)
          .map(m -> m.id() + "=" + (m.status() == null ? "no status" : m.status().getState()))
          .toList();
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("monitors not served by the gateway within " + timeout.toSeconds() + " s: "
            + waiting + "; " + audit());
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public YellowstoneSimulator simulator() {
    return simulator;
  }

  /**
   * The current gateway: the one started last, which is halted between {@link #haltGateway()}
   * and the next {@link #startGateway()}.
   */
  public IngestGateway gateway() {
    return gateways.current().gateway();
  }

  /** The totals of every gateway of this run, the halted ones included. */
  public GatewayTotals gatewayTotals() {
    Gateways g = gateways;
    return g.halted() ? g.retired() : g.retired().plus(GatewayTotals.of(g.current().gateway()));
  }

  /** The gateway's admin HTTP port: stats, health and metrics; restarted gateways keep it when they can. */
  public int adminPort() {
    return gateways.current().adminPort();
  }

  public ConnectionAudit audit() {
    return simulator.audit();
  }

  /**
   * The current metrics aggregator and its API: the one started last, which is stopped between
   * {@link #stopAggregator()} and the next {@link #startAggregator()}.
   *
   * @throws IllegalStateException when the system was built without it ({@link Builder#aggregator})
   */
  public AggregatorService aggregator() {
    return requireAggregator().service();
  }

  /** The gateway id every gateway of this system publishes its pool events under. */
  public String gatewayId() {
    return gatewayId;
  }

  /** The identities of every generated update that {@code filters} match. */
  public List<String> generatedIdentities(SubscribeRequest filters) {
    return simulator.generated().matching(filters).stream()
        .map(UpdateIdentity::of)
        .flatMap(Optional::stream)
        .toList();
  }

  /** The identities of every generated update of slots {@code fromSlot..untilSlot} that {@code filters} match. */
  public List<String> generatedIdentities(SubscribeRequest filters, long fromSlot, long untilSlot) {
    return simulator.generated().matching(filters).stream()
        .filter(u -> UpdateIdentity.slotOf(u) >= fromSlot && UpdateIdentity.slotOf(u) <= untilSlot)
        .map(UpdateIdentity::of)
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * Stops the gateway at once, as a crash would ({@link GatewayServer#halt()}): nothing buffered
   * is sent and no last checkpoint written. Its counts go to {@link #gatewayTotals()}.
   *
   * @throws IllegalStateException when the gateway is halted already
   */
  @Override
  public void haltGateway() {
    Gateways g = gateways;
    if (g.halted()) {
      throw new IllegalStateException("the gateway is halted already; startGateway() first");
    }
    g.current().halt();
    gateways = new Gateways(g.current(), true, g.retired().plus(GatewayTotals.of(g.current().gateway())));
    log.info("Gateway {} halted as a crash ({})", gatewayId, gatewayTotals());
  }

  /**
   * Starts a new gateway from the same settings and gateway id, so the connection ledger and the
   * stream checkpoints carry over, on the same admin port when it is free; returns once it runs.
   *
   * @throws IllegalStateException when the gateway runs (halt it first)
   */
  @Override
  public void startGateway() {
    Gateways g = gateways;
    if (!g.halted()) {
      throw new IllegalStateException("the gateway " + gatewayId + " runs; haltGateway() first");
    }
    int port = g.current().adminPort();
    GatewayServer started = GatewayServer.start(
        gatewaySettings(simulator.target(), token, bootstrapServers, gatewayId, freeOrAny(port)), gatewayOptions);
    gateways = new Gateways(started, false, g.retired());
    log.info("Gateway {} started again; admin on port {}", gatewayId, started.adminPort());
  }

  /**
   * Stops the in-process broker; clients keep their address and reconnect when it is back.
   *
   * @throws IllegalStateException when the system does not own an in-process broker, or it is stopped
   */
  @Override
  public void stopBroker() {
    Broker b = requireBroker();
    if (!b.running()) {
      throw new IllegalStateException("the broker " + b.broker() + " is stopped already; startBroker() first");
    }
    b.broker().close();
    broker = new Broker(b.broker(), false);
  }

  /**
   * Starts the stopped broker again on its ports and data dir, with its topics, records and
   * offsets; returns once it accepts requests.
   *
   * @throws IllegalStateException when the system does not own an in-process broker, or it runs
   */
  @Override
  public void startBroker() {
    Broker b = requireBroker();
    if (b.running()) {
      throw new IllegalStateException("the broker " + b.broker() + " runs; stopBroker() first");
    }
    broker = new Broker(b.broker().restartedOnSamePorts(), true);
  }

  /**
   * Stops the metrics aggregator as a restart would: its API stops listening (live sessions are
   * closed with 1001, going away) and its job commits, closes its stores and leaves the group. Its
   * state dir stays for {@link #startAggregator()}.
   *
   * @throws IllegalStateException when the system runs without the aggregator, or it is stopped
   */
  public void stopAggregator() {
    Aggregator a = requireAggregator();
    if (!a.running()) {
      throw new IllegalStateException("the metrics aggregator is stopped already; startAggregator() first");
    }
    a.service().close();
    aggregator = new Aggregator(a.service(), false, a.config(), a.api());
    log.info("Metrics aggregator {} stopped", a.config().applicationId());
  }

  /**
   * Starts a new metrics aggregator with the stopped one's configuration: its API on the same port
   * (Jetty binds with SO_REUSEADDR, so the old connections in TIME_WAIT do not hold it), the same
   * application id and state dir; returns once its job runs.
   *
   * @throws IllegalStateException when the system runs without the aggregator, it runs (stop it
   *     first), the port is taken, or the job does not run in time (the cause says why)
   */
  public void startAggregator() {
    Aggregator a = requireAggregator();
    if (a.running()) {
      throw new IllegalStateException("the metrics aggregator " + a.config().applicationId()
          + " runs; stopAggregator() first");
    }
    AggregatorService started = AggregatorService.start(a.config(), a.api());
    try {
      awaitRunning(started, AGGREGATOR_START_TIMEOUT);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    aggregator = new Aggregator(started, true, a.config(), a.api());
    log.info("Metrics aggregator {} started again; API on port {}", a.config().applicationId(), started.apiPort());
  }

  private Aggregator requireAggregator() {
    Aggregator a = aggregator;
    if (a == null) {
      throw new IllegalStateException("this system runs without the metrics aggregator; build it with"
          + " EmbeddedSystem.builder().aggregator(apiConfig) to run one");
    }
    return a;
  }

  private Broker requireBroker() {
    Broker b = broker;
    if (b == null) {
      throw new IllegalStateException("this system runs on Kafka at " + bootstrapServers + ", which it did not start;"
          + " stopping the broker needs the in-process one (startWithEmbeddedKafka)");
    }
    return b;
  }

  /** {@code port} when nothing listens on it now, else 0 (any): a taken port must not fail a restart half-way. */
  private static int freeOrAny(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress("127.0.0.1", port));
      return port;
    } catch (IOException e) {
      log.warn("admin port {} is taken ({}); the restarted gateway listens on another one", port, e.getMessage());
      return 0;
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    Aggregator a = aggregator;
    if (a != null && a.running()) {
      // The reader first: it stops answering before the parts it reports on go away.
      try {
        a.service().close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    for (ReferenceMonitors.Running running : referenceMonitors) {
      try {
        running.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    for (Monitor monitor : monitors) {
      try {
        monitor.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    Gateways g = gateways;
    if (!g.halted()) {
      try {
        g.current().close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    try {
      simulator.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    Broker b = broker;
    if (b != null) {
      try {
        if (b.running()) {
          b.broker().close();
        }
      } catch (RuntimeException e) {
        failure = new IllegalStateException("closing the Kafka broker failed", e);
      }
    }
    if (temporaryDir != null) {
      try {
        deleteRecursively(temporaryDir);
      } catch (UncheckedIOException e) {
        failure = e;
      }
    }
    if (ownedBroker != null) {
      try {
        ownedBroker.close();
      } catch (Exception e) {
        failure = new IllegalStateException("closing the Kafka broker failed", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the embedded system's temporary data dir " + dir + ": " + e.getMessage(), e);
    }
  }
}
