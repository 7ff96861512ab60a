package dev.geyserpool.cli;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, on embedded defaults: an in-process Kafka broker, the Yellowstone
 * simulator on loopback, the ingest gateway between them, and monitors on the SDK. Used by
 * {@code bin/geyser-pool demo} and by the end-to-end tests, so both run the same wiring.
 *
 * <p>Faults ({@link FaultSchedule.Target}): the gateway can be halted as a crash and a new one
 * started from the same settings and gateway id ({@link #haltGateway()}, {@link #startGateway()}),
 * and the in-process broker this system started can be stopped and started again on the same
 * ports and data dir ({@link #stopBroker()}, {@link #startBroker()}).
 *
 * <p>Threading: one owner builds it, adds monitors and closes it. The fault methods may run on
 * another thread (the demo's fault schedule), one at a time and never during {@link #close()};
 * the accessors read the current parts from volatile fields and may be called from any thread.
 * The system owns every part it started, and closing stops the monitors, the gateway, the
 * simulator and (when it owns one) the broker, in that order, then deletes the broker's
 * temporary data dir.
 */
public final class EmbeddedSystem implements AutoCloseable, FaultSchedule.Target {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSystem.class);
  private static final String TOKEN_VARIABLE = "EMBEDDED_X_TOKEN";

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

  private final String bootstrapServers;
  private final AutoCloseable ownedBroker;
  /** A data dir this system created for its broker, deleted on close; null otherwise. */
  private final Path temporaryDataDir;
  private final YellowstoneSimulator simulator;
  private final String token;
  private final String gatewayId;
  private final Consumer<GatewayConfig.Builder> gatewayOptions;
  private volatile Gateways gateways;
  /** Null when the caller owns Kafka. */
  private volatile Broker broker;
  private final List<Monitor> monitors = new ArrayList<>();
  private final List<ReferenceMonitors.Running> referenceMonitors = new ArrayList<>();

  private EmbeddedSystem(String bootstrapServers, AutoCloseable ownedBroker, EmbeddedKafkaBroker embeddedBroker,
      Path temporaryDataDir, YellowstoneSimulator simulator, String token, String gatewayId,
      Consumer<GatewayConfig.Builder> gatewayOptions, GatewayServer server) {
    this.bootstrapServers = bootstrapServers;
    this.ownedBroker = ownedBroker;
    this.broker = embeddedBroker == null ? null : new Broker(embeddedBroker, true);
    this.temporaryDataDir = temporaryDataDir;
    this.simulator = simulator;
    this.token = token;
    this.gatewayId = gatewayId;
    this.gatewayOptions = gatewayOptions;
    this.gateways = new Gateways(server, false, GatewayTotals.NONE);
  }

  /**
   * Starts an in-process broker on {@code kafkaDataDir}, or on a temporary directory when empty
   * (deleted when the system closes), and the system on it; closing the system closes the broker.
   * Either way the broker runs on a data dir, so {@link #stopBroker()} and {@link #startBroker()}
   * can bring it back with its topics, records and offsets.
   */
  public static EmbeddedSystem startWithEmbeddedKafka(
      Optional<Path> kafkaDataDir, Consumer<SimulatorConfig.Builder> simulatorOptions) {
    Path temporary = null;
    EmbeddedKafkaBroker broker = null;
    try {
      if (kafkaDataDir.isEmpty()) {
        temporary = Files.createTempDirectory("geyserpool-kafka-");
      }
      broker = EmbeddedKafkaBroker.start(kafkaDataDir.orElse(temporary));
      return start(broker.bootstrapServers(), null, broker, temporary, simulatorOptions, gateway -> { });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary Kafka data dir: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      if (temporary != null) {
        try {
          deleteRecursively(temporary);
        } catch (UncheckedIOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
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
    return start(bootstrapServers, ownedBroker, simulatorOptions, gateway -> { });
  }

  /** As {@link #start(String, AutoCloseable, Consumer)}, with gateway settings on top of the defaults. */
  public static EmbeddedSystem start(
      String bootstrapServers, AutoCloseable ownedBroker, Consumer<SimulatorConfig.Builder> simulatorOptions,
      Consumer<GatewayConfig.Builder> gatewayOptions) {
    return start(bootstrapServers, ownedBroker, null, null, simulatorOptions, gatewayOptions);
  }

  private static EmbeddedSystem start(String bootstrapServers, AutoCloseable ownedBroker,
      EmbeddedKafkaBroker embeddedBroker, Path temporaryDataDir, Consumer<SimulatorConfig.Builder> simulatorOptions,
      Consumer<GatewayConfig.Builder> gatewayOptions) {
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    SimulatorConfig.Builder sim = SimulatorConfig.builder().xToken(token).trafficPaused(true);
    simulatorOptions.accept(sim);
    YellowstoneSimulator simulator;
    try {
      simulator = YellowstoneSimulator.start(sim.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Yellowstone simulator: " + e.getMessage(), e);
    }
    try {
      String gatewayId = "embedded-" + ProcessHandle.current().pid();
      GatewayServer server = GatewayServer.start(
          gatewaySettings(simulator.target(), token, bootstrapServers, gatewayId, 0), gatewayOptions);
      return new EmbeddedSystem(bootstrapServers, ownedBroker, embeddedBroker, temporaryDataDir, simulator, token,
          gatewayId, gatewayOptions, server);
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
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
    Monitor monitor = Monitor.builder()
        .id(id)
        .group(group)
        .filters(filters)
        .bootstrapServers(bootstrapServers)
        .handler(handler)
        .build()
        .start();
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
      if (temporaryDataDir != null) {
        try {
          deleteRecursively(temporaryDataDir);
        } catch (UncheckedIOException e) {
          failure = e;
        }
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
      throw new UncheckedIOException("cannot delete the temporary Kafka data dir " + dir + ": " + e.getMessage(), e);
    }
  }
}
