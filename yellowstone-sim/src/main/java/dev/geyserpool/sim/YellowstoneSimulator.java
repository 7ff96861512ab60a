package dev.geyserpool.sim;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sim.SimEvent.AccountUpdate;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import dev.geyserpool.sim.internal.AuthInterceptor;
import dev.geyserpool.sim.internal.ConnectionGate;
import dev.geyserpool.sim.internal.ConnectionLimiter;
import dev.geyserpool.sim.internal.EventHub;
import dev.geyserpool.sim.internal.FaultController;
import dev.geyserpool.sim.internal.GeyserService;
import dev.geyserpool.sim.internal.NamedThreadFactory;
import dev.geyserpool.sim.internal.StreamFaults;
import dev.geyserpool.sim.traffic.FillerTransactions;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
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
 * new-connection limit with an exact audit, and byte-accurate launchpad traffic (Pump.fun curves
 * with graduations and migrations, PumpSwap, Raydium LaunchLab) whose ground truth
 * ({@link GeneratedLog#facts()}) tests compare monitor output with.
 *
 * <p>Start with {@link #start(SimulatorConfig)}; dial {@link #target()}. In manual mode
 * ({@link SimulatorConfig#manual()}) tests drive the chain: {@link #emitTransaction},
 * {@link #emitAccount}, {@link #emitFiller(long)} (a big block), {@link #generateTraffic(int)} put
 * events in the open slot and {@link #advanceSlot()} closes it. In automatic mode a scheduler does
 * both.
 *
 * <p>Replay: a {@code SubscribeRequest} with {@code from_slot} gets the held events of slots ≥
 * from_slot (the last {@link SimulatorConfig#historySlots()} slots) under its filters and
 * commitment, in emission order, then live ones with no gap and no duplicate; an older from_slot
 * ends the stream with OUT_OF_RANGE, a future one means live from now.
 *
 * <p>Faults (see {@link Fault}): {@link #dropConnections()}, {@link #stallStreams()} /
 * {@link #resumeStreams()}, {@link #rejectNewConnections(boolean)}, {@link #lagStreams(Duration)},
 * {@link #applyFault(Fault)} at any time, and {@link SimulatorConfig#faults()} on a schedule in
 * automatic mode; {@link #faultReport()} counts them. Connection faults act on the server's own
 * Netty sockets (no proxy): {@link #target()} is the gRPC port.
 *
 * <p>Threads: Netty's {@code ysim-netty-boss} (accepts) and {@code ysim-netty-worker} (transport;
 * the server runs with a direct executor, so nothing blocks on them), {@code ysim-drain-N}
 * (2 daemon threads writing to streams under flow control) and {@code ysim-clock-1} (slots,
 * traffic, pings, fault schedules and lag timers; each task catches everything so the schedule
 * never dies). All chain mutations are serialized by the event hub; the generator is guarded by
 * its own lock. Thread-safe.
 *
 * <p>Ownership: whoever calls {@code start} owns the simulator and must {@link #close()} it (or
 * {@code shutdown} + {@code awaitTermination}); that stops the server, ends open streams with
 * UNAVAILABLE and stops the executors and event loops.
 */
public final class YellowstoneSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(YellowstoneSimulator.class);

  private final SimulatorConfig config;
  private final EventHub hub;
  private final ConnectionLimiter limiter;
  private final Server server;
  private final ExecutorService drainExecutor;
  private final ScheduledExecutorService clock;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final ConnectionGate connectionGate;
  private final FaultController faults;
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
    StreamFaults streamFaults = new StreamFaults(System::nanoTime,
        (task, delayNanos) -> scheduler.schedule(guarded("lagged drain", task), delayNanos, TimeUnit.NANOSECONDS));
    this.connectionGate = new ConnectionGate();
    this.faults = new FaultController(hub, connectionGate, streamFaults, scheduler);
    // Our own NIO event loops, because a custom listening channel (the connection gate) needs them.
    this.bossGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("ysim-netty-boss", true), NioIoHandler.newFactory());
    this.workerGroup = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory("ysim-netty-worker", true), NioIoHandler.newFactory());
    GeyserService service = new GeyserService(hub, drainExecutor, config, streamFaults);
    // The last interceptor runs first: refuse over-limit connections before checking the token.
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .channelFactory(connectionGate::newServerChannel)
        .bossEventLoopGroup(bossGroup)
        .workerEventLoopGroup(workerGroup)
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
      sim.bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      sim.workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
    config.faults().forEach(faults::apply);
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

  private static Runnable guarded(String what, Runnable task) {
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

  /**
   * Puts filler transactions holding at least {@code bytes} (wire size) in the open slot, so the
   * block the next {@link #advanceSlot()} closes is at least that big, as mainnet blocks reach
   * 24 MB. Each filler carries 1 KiB of random data (see {@link FillerTransactions}), random from
   * the seed and the open slot; streams whose filters match them get them as transactions too.
   * Returns the events in block order.
   */
  public List<TransactionUpdate> emitFiller(long bytes) {
    List<SubscribeUpdateTransactionInfo> filler =
        FillerTransactions.atLeast(bytes, config.seed() * 31 + hub.view().openSlot());
    List<TransactionUpdate> events = new ArrayList<>(filler.size());
    for (SubscribeUpdateTransactionInfo info : filler) {
      events.add(hub.emitTransaction(info));
    }
    return events;
  }

  /**
   * Emits a generated transaction: its account writes, then the transaction; its
   * {@link GeneratedTransaction#facts()} are logged with the transaction's slot and signature
   * ({@link GeneratedLog#facts()}).
   */
  public List<SimEvent> emit(GeneratedTransaction tx) {
    List<SimEvent> events = new ArrayList<>(tx.accountWrites().size() + 1);
    for (SubscribeUpdateAccountInfo a : tx.accountWrites()) {
      events.add(hub.emitAccount(a));
    }
    events.add(hub.emitTransaction(tx.transaction(), tx.facts()));
    return events;
  }

  /**
   * Runs the generator {@code calls} times into the open slot: each call yields the
   * migrations due, one launchpad transaction (Pump.fun, PumpSwap or LaunchLab) and sometimes a
   * vote or other transaction (see {@link PumpTrafficGenerator}). Returns everything emitted.
   */
  public List<GeneratedTransaction> generateTraffic(int calls) {
    List<GeneratedTransaction> out = new ArrayList<>();
    synchronized (generatorLock) {
      for (int i = 0; i < calls; i++) {
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

  /**
   * Resets every open client TCP connection now (RST): open calls fail with UNAVAILABLE and each
   * client's channel reconnects over a new connection, which the audit counts. Returns how many.
   */
  public int dropConnections() {
    return faults.dropConnections();
  }

  /**
   * Stalls every open Subscribe stream until {@link #resumeStreams()}: no updates, pings, pongs or
   * close reach them while the connection stays up. What they miss is skipped for good (counted
   * in {@link FaultReport#updatesSkipped()}); the replay ring still holds it for from_slot.
   * Streams opened later are not stalled. Returns how many streams it stalled.
   */
  public int stallStreams() {
    return faults.stallStreams();
  }

  /** As {@link #stallStreams()}, resuming by itself after {@code duration}. */
  public int stallStreams(Duration duration) {
    return faults.stallStreams(duration);
  }

  /** Ends a stall: stalled streams get what is still queued, then live updates. Returns how many. */
  public int resumeStreams() {
    return faults.resumeStreams();
  }

  /**
   * While {@code true}, every new TCP connection is reset at accept (clients see UNAVAILABLE and
   * the connection audit never sees it; {@link FaultReport#rejectedWhileDown()} counts it); open
   * connections and streams carry on.
   */
  public void rejectNewConnections(boolean reject) {
    faults.rejectNewConnections(reject);
  }

  /** Delays every message to every stream by {@code lag}, as over a slow path; zero turns it off. */
  public void lagStreams(Duration lag) {
    faults.lagStreams(lag);
  }

  /**
   * Applies {@code fault} from now, in either mode: periodic ones start their schedule (first
   * firing one period from now), a rejection starts now for its duration, a lag holds until
   * {@link #clearFaults()}.
   */
  public void applyFault(Fault fault) {
    faults.apply(fault);
  }

  /** Stops every fault: cancels schedules, resumes streams, accepts connections, removes the lag. */
  public void clearFaults() {
    faults.clear();
  }

  /** What faults were injected so far. */
  public FaultReport faultReport() {
    return faults.report();
  }

  /** A snapshot of the connection-limit audit. */
  public ConnectionAudit audit() {
    return limiter.audit();
  }

  /** Every generated or emitted event and the facts of generated transactions, for end-to-end accounting. */
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
    hub.resumeAll(); // a stalled stream could not deliver its end
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
    // The server does not own these groups (they were handed to its builder): stop them last.
    bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    done &= bossGroup.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    done &= workerGroup.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    return done;
  }

  public boolean isTerminated() {
    return server.isTerminated() && drainExecutor.isTerminated() && clock.isTerminated()
        && bossGroup.isTerminated() && workerGroup.isTerminated();
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
