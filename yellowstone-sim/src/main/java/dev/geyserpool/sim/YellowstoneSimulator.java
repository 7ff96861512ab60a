package dev.geyserpool.sim;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sim.SimEvent.AccountUpdate;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import dev.geyserpool.sim.internal.AuthInterceptor;
import dev.geyserpool.sim.internal.ConnectionLimiter;
import dev.geyserpool.sim.internal.EventHub;
import dev.geyserpool.sim.internal.GeyserService;
import dev.geyserpool.sim.internal.NamedThreadFactory;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yellowstone gRPC ({@code geyser.Geyser}) server on real HTTP/2 (Netty) for local runs and
 * tests: Yellowstone's filter semantics, commitment levels, pings, x-token auth, the provider's
 * new-connection limit with an exact audit, and byte-accurate Pump.fun traffic.
 *
 * <p>Start with {@link #start(SimulatorConfig)}; dial {@link #target()}. In manual mode
 * ({@link SimulatorConfig#manual()}) tests drive the chain: {@link #emitTransaction},
 * {@link #emitAccount}, {@link #generateTraffic(int)} put events in the open slot and
 * {@link #advanceSlot()} closes it. In automatic mode a scheduler does both.
 *
 * <p>Threads: gRPC transport threads (the server runs with a direct executor; nothing blocks on
 * them), {@code ysim-drain-N} (2 daemon threads writing to streams under flow control) and
 * {@code ysim-clock-1} (slots, traffic and pings; each task catches everything so the schedule
 * never dies). All chain mutations are serialized by the event hub; the generator is guarded by
 * its own lock. Thread-safe.
 *
 * <p>Ownership: whoever calls {@code start} owns the simulator and must {@link #close()} it (or
 * {@code shutdown} + {@code awaitTermination}); that stops the server, ends open streams with
 * UNAVAILABLE and stops both executors.
 */
public final class YellowstoneSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(YellowstoneSimulator.class);

  private final SimulatorConfig config;
  private final EventHub hub;
  private final ConnectionLimiter limiter;
  private final Server server;
  private final ExecutorService drainExecutor;
  private final ScheduledExecutorService clock;
  private final PumpTrafficGenerator generator;
  private final Object generatorLock = new Object();
  private long trafficCarryNanos;
  private volatile boolean trafficOn;

  private YellowstoneSimulator(SimulatorConfig config) {
    this.config = config;
    this.trafficOn = !config.trafficPaused();
    this.hub = new EventHub(config);
    this.limiter = new ConnectionLimiter(config.connectionLimit(), config.connectionWindow(),
        config.ticker(), hub::streamsOpened, hub::streamsOpen);
    // At most one drain task per stream is ever queued, so the queue is bounded by open streams.
    this.drainExecutor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new NamedThreadFactory("ysim-drain"));
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("ysim-clock"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.clock = scheduler;
    this.generator = new PumpTrafficGenerator(config.seed(), () -> config.wallClock().instant().getEpochSecond());
    GeyserService service = new GeyserService(hub, drainExecutor, config);
    // The last interceptor runs first: refuse over-limit connections before checking the token.
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .directExecutor()
        .addTransportFilter(limiter)
        .addService(ServerInterceptors.intercept(service, new AuthInterceptor(config.xToken()), limiter))
        .maxInboundMessageSize(64 * 1024 * 1024)
        .permitKeepAliveTime(1, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
  }

  /**
   * Binds and starts a simulator.
   *
   * @throws IOException when the port cannot be bound
   */
  public static YellowstoneSimulator start(SimulatorConfig config) throws IOException {
    YellowstoneSimulator sim = new YellowstoneSimulator(config);
    try {
      sim.server.start();
    } catch (IOException | RuntimeException e) {
      sim.drainExecutor.shutdownNow();
      sim.clock.shutdownNow();
      throw e;
    }
    sim.schedule();
    log.info("yellowstone simulator listening on {} ({})", sim.target(), config);
    return sim;
  }

  private void schedule() {
    long pingNanos = config.pingInterval().toNanos();
    clock.scheduleAtFixedRate(guarded("ping", hub::sendPings), pingNanos, pingNanos, TimeUnit.NANOSECONDS);
    if (config.manual()) {
      return;
    }
    long slotNanos = config.slotInterval().toNanos();
    clock.scheduleAtFixedRate(guarded("slot", hub::advanceSlot), slotNanos, slotNanos, TimeUnit.NANOSECONDS);
    if (config.trafficRate() > 0) {
      long tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), slotNanos / 4);
      clock.scheduleAtFixedRate(guarded("traffic", () -> trafficTick(tickNanos)),
          tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Generates rate × tick transactions, carrying the fraction to the next tick (integer math).
   * Runs under the generator lock, so once {@link #stopTraffic()} returns no tick generates.
   */
  private void trafficTick(long tickNanos) {
    synchronized (generatorLock) {
      if (!trafficOn) {
        return;
      }
      trafficCarryNanos += config.trafficRate() * tickNanos;
      long due = trafficCarryNanos / 1_000_000_000L;
      trafficCarryNanos %= 1_000_000_000L;
      if (due > 0) {
        generateTraffic((int) due);
      }
    }
  }

  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        log.warn("simulator {} task failed; it keeps its schedule", what, t);
      }
    };
  }

  /** Starts (or resumes) automatic traffic; slots keep their pace either way. */
  public void startTraffic() {
    trafficOn = true;
  }

  /**
   * Stops automatic traffic: no transaction is generated after this returns, so a caller can
   * compare what was generated with what arrived downstream.
   */
  public void stopTraffic() {
    synchronized (generatorLock) {
      trafficOn = false;
      trafficCarryNanos = 0;
    }
  }

  public SimulatorConfig config() {
    return config;
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** {@code host:port} to dial, e.g. "127.0.0.1:40123". */
  public String target() {
    return config.host() + ":" + port();
  }

  /** The open slot: events emitted now land in it. */
  public long currentSlot() {
    return hub.view().openSlot();
  }

  /** Closes the open slot (block meta, block, statuses) and opens the next; returns the closed slot. */
  public long advanceSlot() {
    return hub.advanceSlot();
  }

  /** Puts {@code info} in the open slot and offers it to every stream; returns the event. */
  public TransactionUpdate emitTransaction(SubscribeUpdateTransactionInfo info) {
    return hub.emitTransaction(info);
  }

  /** Puts an account write in the open slot and offers it to every stream; returns the event. */
  public AccountUpdate emitAccount(SubscribeUpdateAccountInfo info) {
    return hub.emitAccount(info);
  }

  /** Emits a generated transaction: its account writes, then the transaction. */
  public List<SimEvent> emit(GeneratedTransaction tx) {
    List<SimEvent> events = new ArrayList<>(tx.accountWrites().size() + 1);
    for (SubscribeUpdateAccountInfo a : tx.accountWrites()) {
      events.add(hub.emitAccount(a));
    }
    events.add(hub.emitTransaction(tx.transaction()));
    return events;
  }

  /** Generates {@code pumpTransactions} Pump.fun transactions (plus extras) into the open slot. */
  public List<GeneratedTransaction> generateTraffic(int pumpTransactions) {
    List<GeneratedTransaction> out = new ArrayList<>();
    synchronized (generatorLock) {
      for (int i = 0; i < pumpTransactions; i++) {
        for (GeneratedTransaction tx : generator.next()) {
          emit(tx);
          out.add(tx);
        }
      }
    }
    return out;
  }

  /**
   * Runs {@code action} against the generator under its lock, e.g. {@code g -> g.create()} to
   * build one specific kind of transaction (not emitted: pass it to {@link #emit}).
   */
  public <T> T withGenerator(java.util.function.Function<PumpTrafficGenerator, T> action) {
    synchronized (generatorLock) {
      return action.apply(generator);
    }
  }

  /** Queues a server ping on every open stream now (besides the pingInterval schedule). */
  public void sendPings() {
    hub.sendPings();
  }

  /** A snapshot of the connection-limit audit. */
  public ConnectionAudit audit() {
    return limiter.audit();
  }

  /** Every generated or emitted event, for end-to-end accounting. */
  public GeneratedLog generated() {
    return hub.log();
  }

  /** The held events of {@code slot} (the replay ring), oldest first; empty when not held. */
  public List<SimEvent> history(long slot) {
    return hub.history(slot);
  }

  /** Stops accepting calls, ends open streams with UNAVAILABLE and stops the scheduler. */
  public YellowstoneSimulator shutdown() {
    clock.shutdownNow();
    server.shutdown();
    hub.closeAll(Status.UNAVAILABLE.withDescription("simulator shutting down"));
    return this;
  }

  /** As {@link #shutdown()}, and also cancels in-flight calls. */
  public YellowstoneSimulator shutdownNow() {
    shutdown();
    server.shutdownNow();
    return this;
  }

  /** Waits for the server and executors to stop; true when they did in time. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    drainExecutor.shutdown();
    done &= drainExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    done &= clock.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    return done;
  }

  public boolean isTerminated() {
    return server.isTerminated() && drainExecutor.isTerminated() && clock.isTerminated();
  }

  /** {@link #shutdownNow()} and wait up to 5 s; restores the interrupt flag if interrupted. */
  @Override
  public void close() {
    shutdownNow();
    try {
      if (!awaitTermination(Duration.ofSeconds(5))) {
        log.warn("yellowstone simulator did not stop within 5s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
