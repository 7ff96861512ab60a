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

/**
 * The whole system in one JVM, on embedded defaults: an in-process Kafka broker, the Yellowstone
 * simulator on loopback, the ingest gateway between them, and monitors on the SDK. Used by
 * {@code bin/geyser-pool demo} and by the end-to-end tests, so both run the same wiring.
 *
 * <p>Not thread-safe: one owner builds it, adds monitors and closes it. Closing stops the
 * monitors, the gateway, the simulator and (when it owns one) the broker, in that order.
 */
public final class EmbeddedSystem implements AutoCloseable {
  private static final String TOKEN_VARIABLE = "EMBEDDED_X_TOKEN";
  private final String bootstrapServers;
  private final AutoCloseable ownedBroker;
  private final YellowstoneSimulator simulator;
  private final GatewayServer server;
  private final IngestGateway gateway;
  private final List<Monitor> monitors = new ArrayList<>();
  private final List<ReferenceMonitors.Running> referenceMonitors = new ArrayList<>();

  private EmbeddedSystem(
      String bootstrapServers, AutoCloseable ownedBroker, YellowstoneSimulator simulator, GatewayServer server) {
    this.bootstrapServers = bootstrapServers;
    this.ownedBroker = ownedBroker;
    this.simulator = simulator;
    this.server = server;
    this.gateway = server.gateway();
  }

  /**
   * Starts an in-process broker (on {@code kafkaDataDir}, or a temporary directory when empty)
   * and the system on it; closing the system closes the broker.
   */
  public static EmbeddedSystem startWithEmbeddedKafka(
      Optional<Path> kafkaDataDir, Consumer<SimulatorConfig.Builder> simulatorOptions) {
    EmbeddedKafkaBroker broker = kafkaDataDir.map(EmbeddedKafkaBroker::start).orElseGet(EmbeddedKafkaBroker::start);
    try {
      return start(broker.bootstrapServers(), broker, simulatorOptions);
    } catch (RuntimeException e) {
      broker.close();
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
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    SimulatorConfig.Builder sim = SimulatorConfig.builder().xToken(token).trafficPaused(true);
    simulatorOptions.accept(sim);
    YellowstoneSimulator simulator;
    try {
      simulator = YellowstoneSimulator.start(sim.build());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot start the Yellowstone simulator: " + e.getMessage(), e);
    }
    try {
      // The gateway as it runs in production (ledger, pool events, subscriptions, admin HTTP), with
      // the simulator's token handed over in its own environment.
      GatewaySettings settings = GatewaySettings.builder()
          .upstreamTarget(simulator.target())
          .upstreamTokenEnv(TOKEN_VARIABLE)
          .environment(Map.of(TOKEN_VARIABLE, token))
          .kafkaBootstrapServers(bootstrapServers)
          .adminPort(0)
          .gatewayId("embedded-" + ProcessHandle.current().pid())
          .build();
      GatewayServer server = GatewayServer.start(settings, gatewayOptions);
      return new EmbeddedSystem(bootstrapServers, ownedBroker, simulator, server);
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
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

  public IngestGateway gateway() {
    return gateway;
  }

  /** The gateway's admin HTTP port: stats, health and metrics. */
  public int adminPort() {
    return server.adminPort();
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
    try {
      server.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      simulator.close();
    } catch (RuntimeException e) {
      failure = e;
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
}
