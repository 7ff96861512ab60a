package dev.geyserpool.gateway;

import dev.geyserpool.gateway.checkpoint.CheckpointStore;
import dev.geyserpool.gateway.checkpoint.PublishedTail;
import dev.geyserpool.gateway.pool.CallProgress;
import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.MonitorSpec;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.PoolConnection;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.gateway.upstream.GatedDialer;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.SubscribeStream.ResumePoint;
import dev.geyserpool.gateway.upstream.UpstreamConnection;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoResponse;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.wire.Filters;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: the one process that holds the Yellowstone connections. It runs the pool
 * core ({@link ConnectionPool}) on one control thread and carries out its decisions: dials
 * through the connection budget and the ledger, opens, moves and resumes Subscribe streams, and
 * routes every update to the stream topics of the monitors it matched, once.
 *
 * <p>Nothing lost: each stream's resume point is the last slot whose updates Kafka acknowledged
 * (not the last received); it is written per monitor to {@code geyser.stream-checkpoints}, and a
 * starting gateway resumes from there after rebuilding its dedup from the stream topics' tails.
 * When Kafka refuses records, the streams stop (their reads wait behind unacknowledged updates,
 * and failed ones end and resume from their acknowledged slot once Kafka is back).
 *
 * <p>Threading: all bookkeeping runs on one serialized control thread
 * ({@code geyser-gateway-control}), which never waits on Kafka or the network: ledger writes run
 * on {@code geyser-ledger-writer} and post their outcome back; gap records and probes on
 * {@code geyser-gateway-io}. gRPC threads only read updates and hand them to the
 * {@link UpdateRouter}. Readers of {@link #poolStats()} get the snapshot published after each
 * tick. Whoever starts the gateway shuts it down.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestGateway.class);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Producer timestamps and the gateway's clock may differ a little; the dedup seed reads this much earlier. */
  private static final long SEED_MARGIN_MILLIS = 10_000;
  private static final Pattern NAMED_FILTER = Pattern.compile("([a-z0-9][a-z0-9._-]{0,63})/[A-Za-z0-9._-]+");

  private final GatewayConfig config;
  private final KafkaPublisher publisher;
  private final DialLedger ledger;
  private final CheckpointStore checkpoints;
  private final GatedDialer dialer = new GatedDialer(2);
  private final ScheduledExecutorService control;
  private final ExecutorService ledgerWriter;
  private final ScheduledExecutorService io;
  private final UpdateRouter router;
  private final GapReporter gapReporter;
  private final Consumer<PoolEvent> events;
  private final MonitorStatusListener statuses;

  // Owned by the control thread.
  private final ConnectionPool pool;
  private final Map<String, MonitorDeclaration> declarations = new HashMap<>();
  private final Map<String, UpstreamConnection> upstream = new HashMap<>();
  /** Connections whose ledger record is being written: the streams placed on them wait here. */
  private final Map<String, List<PoolAction.OpenStream>> dialing = new HashMap<>();
  private final Map<String, Map<Integer, SubscribeStream>> calls = new HashMap<>();
  private final Map<String, String> monitorStates = new TreeMap<>();
  /** Each monitor's resume point as this run knows it (restored ones until its stream serves it). */
  private final Map<String, StreamCheckpoint> checkpointByMonitor = new HashMap<>();
  /** Monitors whose checkpoint this run has written: a restored one no longer applies to them. */
  private final Set<String> checkpointedThisRun = new HashSet<>();
  private ScheduledFuture<?> nextTick;
  private boolean shutdown;
  private long lastProbeAtNanos;

  // Shared with other threads.
  private volatile Map<String, MonitorDeclaration> snapshot = Map.of();
  private volatile PoolStats stats;
  private volatile String description = "starting";
  /** The highest slot any call has seen: the baseline of new live calls. */
  private final AtomicLong highestSlotSeen = new AtomicLong();
  private final AtomicLong ledgerFailures = new AtomicLong();

  private IngestGateway(GatewayConfig config, KafkaPublisher publisher, DialLedger ledger, CheckpointStore checkpoints,
      Consumer<PoolEvent> events, MonitorStatusListener statuses) {
    this.config = config;
    this.statuses = statuses;
    this.publisher = publisher;
    this.ledger = ledger;
    this.checkpoints = checkpoints;
    this.events = events;
    this.control = Executors.newSingleThreadScheduledExecutor(daemon("geyser-gateway-control"));
    // One dial at a time is written; at most the budget's attempts are ever queued.
    this.ledgerWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(4096), daemon("geyser-ledger-writer"));
    this.io = Executors.newSingleThreadScheduledExecutor(daemon("geyser-gateway-io"));
    ConnectionBudget budget = new ConnectionBudget(config.poolRules().budgetLimit(), config.poolRules().budgetWindow());
    long nowNanos = config.ticker().getAsLong();
    long nowMillis = config.clock().millis();
    for (long at : ledger.recentAttemptsEpochMillis()) {
      budget.restore(dev.geyserpool.gateway.ledger.ConnectionLedger.toMonotonicNanos(at, nowMillis, nowNanos));
    }
    this.pool = new ConnectionPool(config.poolRules(), budget, bound -> ThreadLocalRandom.current().nextLong(bound));
    int capacity = config.streamWindow() * config.poolRules().maxConnections() * config.poolRules().maxStreamsPerConnection();
    this.router = new UpdateRouter(publisher, () -> snapshot, config.dedupSlots(), Math.min(capacity, 1 << 20),
        config.timings()::publishLatency, config.clock());
    this.gapReporter = new GapReporter(publisher, this::onControlAsync, io, config.clock(), config.gatewayId(), events,
        statuses, GapReporter.FIRST_RETRY);
    Map<String, StreamCheckpoint> restored = usable(checkpoints.restored(), config.upstream().target());
    checkpointByMonitor.putAll(restored);
    seedDedup(restored);
    this.stats = buildPoolStats();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The checkpoints written against {@code target}; the others are logged and left alone. */
  private static Map<String, StreamCheckpoint> usable(Map<String, StreamCheckpoint> restored, String target) {
    Map<String, StreamCheckpoint> out = new HashMap<>();
    restored.forEach((monitor, c) -> {
      if (target.equals(c.getUpstreamTarget())) {
        out.put(monitor, c);
      } else {
        log.info("Not resuming monitor {} from its checkpoint (slot {}): it was written against upstream '{}', this "
            + "gateway reads '{}'", monitor, c.getResumeFromSlot(), c.getUpstreamTarget(), target);
      }
    });
    return out;
  }

  /**
   * Marks what the stream topics already hold of the slots the checkpoints resume from, so the
   * replay after a restart publishes only what the previous run did not.
   */
  private void seedDedup(Map<String, StreamCheckpoint> restored) {
    if (restored.isEmpty()) {
      return;
    }
    long fromSlot = Long.MAX_VALUE;
    long fromMillis = Long.MAX_VALUE;
    for (StreamCheckpoint c : restored.values()) {
      fromSlot = Math.min(fromSlot, c.getResumeFromSlot());
      long seen = c.getFirstSeenAtEpochMillis() > 0 ? c.getFirstSeenAtEpochMillis()
          : c.getWrittenAtEpochMillis() - TimeUnit.MINUTES.toMillis(1);
      fromMillis = Math.min(fromMillis, seen);
    }
    PublishedTail.seed(config.kafkaBootstrapServers(), fromMillis - SEED_MARGIN_MILLIS, fromSlot, router::dedup,
        Duration.ofSeconds(120));
  }

  /** Starts a gateway with no ledger, no checkpoints and no event sink (tests and single runs). */
  public static IngestGateway start(GatewayConfig config) {
    return start(config, DialLedger.none(), CheckpointStore.none(), event -> { }, MonitorStatusListener.none());
  }

  /** Starts a gateway without checkpoints: every stream starts live after a restart. */
  public static IngestGateway start(
      GatewayConfig config, DialLedger ledger, Consumer<PoolEvent> events, MonitorStatusListener statuses) {
    return start(config, ledger, CheckpointStore.none(), events, statuses);
  }

  /**
   * Starts a gateway: restores the connection budget from the ledger's last window first, so a
   * restart cannot exceed the provider's limit, and the dedup from what the stream topics hold
   * past the checkpoints. It opens upstream streams as monitors are declared, each resuming from
   * its monitors' checkpoints.
   */
  public static IngestGateway start(GatewayConfig config, DialLedger ledger, CheckpointStore checkpoints,
      Consumer<PoolEvent> events, MonitorStatusListener statuses) {
    log.info("Starting ingest gateway: {}", config);
    IngestGateway gateway = new IngestGateway(
        config, KafkaPublisher.create(config.kafkaBootstrapServers(), config.clientId(),
            config.upstream().maxInboundMessageBytes(), config.producerOverrides()),
        ledger, checkpoints, events, statuses);
    gateway.control.execute(gateway::tick);
    return gateway;
  }

  // ---- public API ----------------------------------------------------------------------------

  /**
   * Adds or replaces a monitor's declaration. It is checked first: a bad one is rejected with
   * every problem named, and nothing reaches the provider. The rest happens on the control
   * thread; this never waits for it.
   *
   * @throws IllegalArgumentException naming what is wrong with the declaration
   */
  public void declare(MonitorDeclaration declaration) {
    Optional<String> rejection = rejection(declaration, config.providerMaxAccountsPerFilter());
    if (rejection.isPresent()) {
      throw new IllegalArgumentException(rejection.get());
    }
    onControlAsync(() -> {
      String id = declaration.getMonitorId();
      declarations.put(id, declaration);
      snapshot = Map.copyOf(declarations);
      monitorStates.putIfAbsent(id, "waiting");
      StreamCheckpoint restored = checkpointedThisRun.contains(id) ? null : checkpointByMonitor.get(id);
      pool.declare(new MonitorSpec(id, StreamKey.of(declaration), declaration.getPriority(),
          restored == null ? 0 : restored.getResumeFromSlot()), now());
    });
  }

  /** Why this gateway refuses a declaration (every problem named), or empty when it takes it. */
  public Optional<String> rejection(MonitorDeclaration declaration) {
    return rejection(declaration, config.providerMaxAccountsPerFilter());
  }

  /**
   * Why a declaration is refused: the protocol's rules, then the provider's own limits when
   * known (0 = unknown).
   */
  static Optional<String> rejection(MonitorDeclaration declaration, int maxAccountsPerFilter) {
    List<String> problems = new ArrayList<>(FilterValidator.problems(declaration));
    if (maxAccountsPerFilter > 0) {
      declaration.getFilters().getAccountsMap().forEach((name, f) -> {
        if (f.getAccountCount() > maxAccountsPerFilter) {
          problems.add("monitor " + declaration.getMonitorId() + ": accounts." + name + " lists " + f.getAccountCount()
              + " accounts; the provider allows at most " + maxAccountsPerFilter
              + " per filter: split it into several filters or filter by owner");
        }
      });
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of("declaration of monitor '" + declaration.getMonitorId()
        + "' rejected: " + String.join("; ", problems));
  }

  /** Removes a monitor; its filters leave their stream (after the debounce) and its checkpoint goes. */
  public void remove(String monitorId) {
    onControlAsync(() -> {
      declarations.remove(monitorId);
      snapshot = Map.copyOf(declarations);
      monitorStates.remove(monitorId);
      pool.remove(monitorId, now());
      checkpointByMonitor.remove(monitorId);
      checkpointedThisRun.remove(monitorId);
      checkpoints.remove(monitorId);
    });
  }

  /** The seed's getStats(), and the rest of the pool's numbers: the snapshot of the last tick. */
  public PoolStats poolStats() {
    return stats;
  }

  /** Updates dropped because the topic already held them for their monitors. */
  public long duplicatesDropped() {
    return router.duplicates();
  }

  /** Gap records published. */
  public long gaps() {
    return gapReporter.gaps();
  }

  /** The pool's state in one line, as of the last tick. */
  public String describe() {
    return description;
  }

  /** Closes the streams and connections, then publishes what is in flight and closes the producer. */
  public void shutdown() {
    onControlAsync(this::closeUpstream);
    control.shutdown();
  }

  private void closeUpstream() {
    shutdown = true;
    if (nextTick != null) {
      nextTick.cancel(false);
    }
    calls.values().forEach(byGen -> byGen.values().forEach(c -> c.cancel("gateway shutting down")));
    calls.clear();
    upstream.values().forEach(UpstreamConnection::close);
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    boolean done = control.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (UpstreamConnection c : upstream.values()) {
      done &= c.awaitTermination(5, TimeUnit.SECONDS);
    }
    router.shutdown();
    ledgerWriter.shutdownNow();
    io.shutdown();
    publisher.close();
    checkpoints.close();
    dialer.shutdown();
    ledger.close();
    return done;
  }

  @Override
  public void close() {
    shutdown();
    try {
      awaitTermination(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops at once, as a crash would: streams and connections cut, what the producer holds is
   * dropped, no last checkpoint is written. For fault drills; a restart must lose nothing anyway.
   */
  public void halt() {
    control.shutdownNow();
    for (Map<Integer, SubscribeStream> byGen : calls.values()) {
      byGen.values().forEach(c -> c.cancel("gateway halted"));
    }
    upstream.values().forEach(UpstreamConnection::close);
    router.shutdownNow();
    ledgerWriter.shutdownNow();
    io.shutdownNow();
    checkpoints.closeNow();
    publisher.closeNow();
    dialer.shutdown();
    ledger.close();
  }

  // ---- control thread ------------------------------------------------------------------------

  private long now() {
    return config.ticker().getAsLong();
  }

  private void tick() {
    if (shutdown) {
      return;
    }
    long delay = MAX_TICK_NANOS;
    try {
      long now = now();
      for (Map.Entry<String, Map<Integer, SubscribeStream>> e : calls.entrySet()) {
        for (Map.Entry<Integer, SubscribeStream> call : e.getValue().entrySet()) {
          SubscribeStream s = call.getValue();
          highestSlotSeen.accumulateAndGet(s.lastSlot(), Math::max);
          pool.observe(e.getKey(), call.getKey(), progress(s), now);
        }
      }
      pool.sinkAvailable(sinkAvailable(), now);
      delay = Math.min(delay, pool.runOnce(now));
      execute(pool.drainActions());
      writeCheckpoints();
    } catch (RuntimeException e) {
      // The housekeeper never dies: log and run again at the next tick.
      log.error("pool housekeeping failed; retrying at the next tick", e);
    }
    publishStats();
    nextTick = control.schedule(this::tick, Math.max(1_000_000L, delay), TimeUnit.NANOSECONDS);
  }

  private static CallProgress progress(SubscribeStream s) {
    return new CallProgress(s.lastDataAtNanos(), s.lastPongAtNanos(), s.resumePoint().slot(), s.lastContiguousSlot(),
        s.backpressured());
  }

  /**
   * Whether Kafka takes records: its last answer (to a record, a checkpoint or a probe) was an
   * acknowledgement. While it is not, a probe goes out every second.
   */
  private boolean sinkAvailable() {
    long acknowledged = Math.max(publisher.lastSuccessNanos(), checkpoints.lastAcknowledgedNanos());
    long refused = Math.max(publisher.lastFailureNanos(), checkpoints.lastRefusedNanos());
    boolean available = refused == 0 || acknowledged - refused > 0;
    long now = System.nanoTime();
    if (!available && now - lastProbeAtNanos > PROBE_INTERVAL_NANOS) {
      lastProbeAtNanos = now;
      io.execute(publisher::probe);
    }
    return available;
  }

  /**
   * Each served monitor's checkpoint follows the acknowledged resume point of its stream's
   * primary call, held back by any gap whose record Kafka does not hold yet.
   */
  private void writeCheckpoints() {
    long nowMillis = config.clock().millis();
    boolean changed = false;
    for (StreamSlot slot : pool.slots().values()) {
      if (!slot.state().isOpen()) {
        continue;
      }
      int primary = slot.movingToConnectionId() != null ? slot.generation() - 1 : slot.generation();
      SubscribeStream call = calls.getOrDefault(slot.id(), Map.of()).get(primary);
      if (call == null) {
        continue;
      }
      ResumePoint point = call.resumePoint();
      long resume = Math.min(point.slot(), gapReporter.floor(slot.id()));
      if (resume <= 0 || resume == Long.MAX_VALUE) {
        continue;
      }
      for (String monitor : slot.servedMonitors()) {
        StreamCheckpoint previous = checkpointByMonitor.get(monitor);
        if (previous != null && previous.getResumeFromSlot() == resume && checkpointedThisRun.contains(monitor)) {
          continue;
        }
        checkpointByMonitor.put(monitor, StreamCheckpoint.newBuilder()
            .setMonitorId(monitor)
            .setResumeFromSlot(resume)
            .setFirstSeenAtEpochMillis(point.firstSeenAtEpochMillis() > 0 ? point.firstSeenAtEpochMillis() : nowMillis)
            .setStreamId(slot.id())
            .setGatewayId(config.gatewayId())
            .setUpstreamTarget(config.upstream().target())
            .build());
        checkpointedThisRun.add(monitor);
        changed = true;
      }
    }
    if (changed) {
      Map<String, StreamCheckpoint> served = new HashMap<>();
      for (String monitor : checkpointedThisRun) {
        StreamCheckpoint c = checkpointByMonitor.get(monitor);
        if (c != null) {
          served.put(monitor, c);
        }
      }
      checkpoints.offer(served);
    }
  }

  private void publishStats() {
    try {
      stats = buildPoolStats();
      description = pool.describe(now());
    } catch (RuntimeException e) {
      log.error("cannot build the pool stats snapshot; readers keep the previous one", e);
    }
  }

  private PoolStats buildPoolStats() {
    long now = now();
    int active = 0;
    int idle = 0;
    int creating = 0;
    Map<String, Integer> streamsPerConnection = new TreeMap<>();
    for (PoolConnection c : pool.connections().values()) {
      switch (c.state()) {
        case ACTIVE -> active++;
        case IDLE -> idle++;
        case CREATED -> creating++;
        default -> { }
      }
      streamsPerConnection.put(c.id(), c.streams().size());
    }
    Map<String, Integer> connectionsPerMonitor = new TreeMap<>();
    Map<String, Integer> monitorsByGroup = new TreeMap<>();
    for (MonitorGroup g : MonitorGroup.values()) {
      monitorsByGroup.put(g.id(), 0);
    }
    int openStreams = 0;
    for (StreamSlot slot : pool.slots().values()) {
      if (slot.state().isOpen()) {
        openStreams++;
      }
      int onConnections = (slot.connectionId() == null ? 0 : 1) + (slot.movingToConnectionId() == null ? 0 : 1);
      for (String monitor : slot.monitors()) {
        connectionsPerMonitor.merge(monitor, onConnections, Integer::sum);
        monitorsByGroup.merge(slot.key().group().id(), 1, Integer::sum);
      }
    }
    var counters = pool.counters();
    ConnectionBudget budget = pool.budget();
    return new PoolStats(
        pool.connections().size(), active, idle, creating, counters.failuresLast5m(now),
        pool.queuedRequests(), budget.remaining(now), budget.used(now), config.poolRules().providerLimit(),
        budget.limit(), budget.nanosUntilAvailable(now) / 1_000_000, openStreams,
        connectionsPerMonitor, streamsPerConnection, monitorsByGroup, new TreeMap<>(monitorStates),
        router.received(), router.published(), router.duplicates(), gapReporter.gaps(), router.failed(),
        counters.connectionsCreated(), counters.connectionsFailed(), counters.connectionsExpired(),
        counters.connectionsRecycled(), counters.streamsOpened(), counters.streamsFailed(), counters.streamsResumed(),
        counters.avgConnectTimeMillis(), counters.avgQueueWaitMillis(), config.clock().instant());
  }

  /** After an input: apply what the pool decided, and run the housekeeper soon. */
  private void afterInput() {
    execute(pool.drainActions());
    if (nextTick != null && nextTick.getDelay(TimeUnit.NANOSECONDS) > 1_000_000L) {
      nextTick.cancel(false);
      nextTick = control.schedule(this::tick, 1, TimeUnit.MILLISECONDS);
    }
  }

  private void execute(List<PoolAction> actions) {
    for (PoolAction action : actions) {
      try {
        apply(action);
      } catch (RuntimeException e) {
        log.error("cannot carry out {}: {}", action, e.toString(), e);
      }
    }
  }

  private void apply(PoolAction action) {
    if (action instanceof PoolAction.Dial d) {
      dial(d.connectionId(), d.reason());
    } else if (action instanceof PoolAction.CloseConnection c) {
      dialing.remove(c.connectionId());
      UpstreamConnection conn = upstream.remove(c.connectionId());
      if (conn != null) {
        log.info("Closing {}: {}", c.connectionId(), c.reason());
        conn.close();
      }
    } else if (action instanceof PoolAction.OpenStream o) {
      List<PoolAction.OpenStream> waiting = dialing.get(o.connectionId());
      if (waiting != null) {
        waiting.add(o);
      } else {
        openStream(o);
      }
    } else if (action instanceof PoolAction.UpdateFilters u) {
      SubscribeRequest request = mergedRequest(u.monitors());
      calls.getOrDefault(u.slotId(), Map.of()).values().forEach(call -> call.send(request));
    } else if (action instanceof PoolAction.CloseStream c) {
      dialing.values().forEach(w -> w.removeIf(o -> o.slotId().equals(c.slotId()) && o.generation() == c.generation()));
      closeCall(c.slotId(), c.generation(), c.reason());
    } else if (action instanceof PoolAction.Ping p) {
      calls.getOrDefault(p.slotId(), Map.of()).values().forEach(SubscribeStream::ping);
    } else if (action instanceof PoolAction.MonitorStatus m) {
      if (declarations.containsKey(m.monitorId()) || "rejected".equals(m.state())) {
        monitorStates.put(m.monitorId(), m.state());
        statuses.onStatus(m.monitorId(), m.state(), m.message());
      }
      if ("active".equals(m.state())) {
        log.debug("monitor {}: {}", m.monitorId(), m.message());
      } else {
        log.warn("monitor {} {}: {}", m.monitorId(), m.state(), m.message());
      }
    } else if (action instanceof PoolAction.Measured m) {
      Duration took = Duration.ofNanos(m.nanos());
      switch (m.measure()) {
        case CONNECT -> config.timings().connectTime(took);
        case QUEUE_WAIT -> config.timings().queueWait(took);
        default -> { }
      }
    } else if (action instanceof PoolAction.Event e) {
      events.accept(PoolEvent.newBuilder()
          .setType(e.type())
          .setGatewayId(config.gatewayId())
          .setConnectionId(e.connectionId() == null ? "" : e.connectionId())
          .setStreamId(e.slotId() == null ? "" : e.slotId())
          .addAllMonitorIds(e.monitors())
          .setReason(e.reason() == null ? "" : e.reason())
          .setValue(e.value())
          .build());
    }
  }

  private void closeCall(String slotId, int generation, String reason) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    SubscribeStream call = byGen == null ? null : byGen.remove(generation);
    if (call != null) {
      call.cancel(reason);
    }
    if (byGen != null && byGen.isEmpty()) {
      calls.remove(slotId);
    }
    if (!pool.slots().containsKey(slotId)) {
      gapReporter.forget(slotId);
    }
  }

  /**
   * Writes the attempt to the ledger off the control thread; the dial follows its
   * acknowledgement. Streams placed on the connection meanwhile wait for it.
   */
  private void dial(String connectionId, String reason) {
    dialing.put(connectionId, new ArrayList<>());
    long at = config.clock().millis();
    ledgerWriter.execute(() -> {
      try {
        ledger.record(connectionId, reason, at);
        onControlAsync(() -> dialRecorded(connectionId, reason));
      } catch (RuntimeException e) {
        ledgerFailures.incrementAndGet();
        log.error("not dialing {}: the connection ledger is unavailable: {}", connectionId, e.getMessage());
        onControlAsync(() -> {
          dialing.remove(connectionId);
          pool.connectionFailed(connectionId, "ledger unavailable: " + e.getMessage(), now());
        });
      }
    });
  }

  private void dialRecorded(String connectionId, String reason) {
    List<PoolAction.OpenStream> waiting = dialing.remove(connectionId);
    if (waiting == null) {
      return; // closed meanwhile
    }
    if (!pool.confirmDial(connectionId, now())) {
      log.warn("not dialing {}: the connection budget filled up while its ledger record was written", connectionId);
      return;
    }
    UpstreamConnection conn = new UpstreamConnection(connectionId, config.upstream(), dialer,
        new UpstreamConnection.Listener() {
          @Override
          public void onReady(UpstreamConnection c) {
            onControlAsync(() -> pool.connectionReady(c.id(), now()));
          }

          @Override
          public void onFailed(UpstreamConnection c, String why) {
            onControlAsync(() -> {
              if (upstream.get(c.id()) == c) {
                // gRPC would retry on its own (and be refused by the gate): release it now.
                upstream.remove(c.id());
                c.close();
              }
              pool.connectionFailed(c.id(), why, now());
            });
          }
        });
    upstream.put(connectionId, conn);
    log.info("Dialing {} to {} ({}; {} of {} attempts used in the window)", connectionId, config.upstream().target(),
        reason, pool.budget().used(now()), pool.budget().limit());
    conn.connect();
    waiting.forEach(this::openStream);
  }

  private void openStream(PoolAction.OpenStream o) {
    UpstreamConnection conn = upstream.get(o.connectionId());
    if (conn == null) {
      pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE, "connection " + o.connectionId() + " is gone", now());
      return;
    }
    if (o.budgeted()) {
      // The provider counts streams: this one is in the ledger before it is opened.
      long at = config.clock().millis();
      ledgerWriter.execute(() -> {
        try {
          ledger.record(o.slotId() + "#" + o.generation(), "stream", at);
          onControlAsync(() -> openRecordedStream(o, conn));
        } catch (RuntimeException e) {
          ledgerFailures.incrementAndGet();
          log.error("not opening {}: the connection ledger is unavailable: {}", o.slotId(), e.getMessage());
          onControlAsync(() -> pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE,
              "ledger unavailable", now()));
        }
      });
      return;
    }
    openRecordedStream(o, conn);
  }

  private void openRecordedStream(PoolAction.OpenStream o, UpstreamConnection conn) {
    if (!isCurrent(o, conn)) {
      return;
    }
    if (o.fromSlot() <= 0) {
      startLive(o, conn, o.gapFromSlot());
      return;
    }
    // Resuming: check what the provider still holds before asking for from_slot.
    GeyserGrpc.newStub(conn.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance(), new StreamObserver<>() {
          private SubscribeReplayInfoResponse response;

          @Override
          public void onNext(SubscribeReplayInfoResponse value) {
            response = value;
          }

          @Override
          public void onError(Throwable t) {
            // A provider without replay info: ask for from_slot; a refusal (OUT_OF_RANGE) or a
            // first slot past it reports the gap.
            onControlAsync(() -> startCall(o, conn, o.fromSlot(), 0));
          }

          @Override
          public void onCompleted() {
            onControlAsync(() -> {
              if (response == null || !response.hasFirstAvailable()) {
                // It keeps no replay buffer: start live and report the gap at the first update.
                startCall(o, conn, 0, o.fromSlot());
              } else if (o.fromSlot() < response.getFirstAvailable()) {
                reportGap(o, o.fromSlot(), response.getFirstAvailable() - 1,
                    "provider keeps slots from " + response.getFirstAvailable() + " only");
                startCall(o, conn, response.getFirstAvailable(), 0);
              } else {
                startCall(o, conn, o.fromSlot(), 0);
              }
            });
          }
        });
  }

  private boolean isCurrent(PoolAction.OpenStream o, UpstreamConnection conn) {
    StreamSlot slot = pool.slots().get(o.slotId());
    return !shutdown && slot != null && slot.generation() == o.generation() && upstream.get(conn.id()) == conn;
  }

  /**
   * Starts a live call with a baseline: the highest slot seen so far, or, before any stream has
   * seen one, the provider's current slot. A call that fails before its first update then
   * resumes from there instead of losing its first moments.
   */
  private void startLive(PoolAction.OpenStream o, UpstreamConnection conn, long gapFrom) {
    long known = highestSlotSeen.get();
    if (known > 0) {
      startCall(o, conn, 0, gapFrom).ifPresent(call -> call.baselineSlot(Math.max(1, known - 1)));
      return;
    }
    GeyserGrpc.newStub(conn.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getSlot(dev.geyserpool.proto.geyser.GetSlotRequest.getDefaultInstance(), new StreamObserver<>() {
          private long slot;

          @Override
          public void onNext(dev.geyserpool.proto.geyser.GetSlotResponse value) {
            slot = value.getSlot();
          }

          @Override
          public void onError(Throwable t) {
            onControlAsync(() -> startCall(o, conn, 0, gapFrom));
          }

          @Override
          public void onCompleted() {
            onControlAsync(() -> startCall(o, conn, 0, gapFrom).ifPresent(call -> call.baselineSlot(slot)));
          }
        });
  }

  /**
   * @param fromSlot 0 for live
   * @param gapFrom when positive, the first update's slot closes a gap that starts here
   */
  private Optional<SubscribeStream> startCall(PoolAction.OpenStream o, UpstreamConnection conn, long fromSlot, long gapFrom) {
    if (!isCurrent(o, conn)) {
      return Optional.empty();
    }
    Set<String> monitors = pool.monitorsOf(o.slotId());
    SubscribeRequest.Builder request = mergedRequest(monitors).toBuilder();
    if (fromSlot > 0) {
      request.setFromSlot(fromSlot);
    }
    String slotId = o.slotId();
    int generation = o.generation();
    AtomicLong pendingGap = new AtomicLong(gapFrom);
    SubscribeStream call = new SubscribeStream(slotId + "#" + generation, conn.channel(), config.streamWindow(),
        config.streamWindowBytes(), config.clock(), config.ticker(), new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream stream, RawUpdate update, Receipt receipt) {
            long from = pendingGap.get();
            if (from > 0 && pendingGap.compareAndSet(from, 0)) {
              long first = UpdateIdentity.slotOf(update.message());
              if (first > from) {
                onControlAsync(() -> reportGap(o, from, first - 1, "provider keeps no replay buffer"));
              }
            }
            router.onUpdate(update, receipt);
          }

          @Override
          public void onSlotsSkipped(SubscribeStream stream, long lastContiguous, long parentSeen) {
            // The call lost updates (a stalled or lossy path): replace it, resuming from the
            // last complete slot; the replayed overlap is deduplicated.
            onControlAsync(() -> endCall(slotId, generation, stream, StreamFailure.RETRYABLE,
                "skipped slots " + (lastContiguous + 1) + ".." + parentSeen));
          }

          @Override
          public void onResumedPastFromSlot(SubscribeStream stream, long requested, long parentSeen) {
            onControlAsync(() -> reportGap(o, requested, parentSeen,
                "provider started past from_slot " + requested + " (first slot's parent " + parentSeen + ")"));
          }

          @Override
          public void onPublishFailed(SubscribeStream stream, Exception cause) {
            onControlAsync(() -> endCall(slotId, generation, stream, StreamFailure.RETRYABLE,
                "Kafka refused an update: " + cause));
          }

          @Override
          public void onClosed(SubscribeStream stream, Status status) {
            onControlAsync(() -> callClosed(slotId, generation, stream, status));
          }
        });
    calls.computeIfAbsent(slotId, s -> new HashMap<>()).put(generation, call);
    call.start(request.build());
    log.info("Opened {} on {} for {} ({})", call.id(), conn.id(), monitors,
        fromSlot > 0 ? "from slot " + fromSlot : "live");
    return Optional.of(call);
  }

  /** Ends one of our calls for a reason of ours; the slot resumes from the call's resume point. */
  private void endCall(String slotId, int generation, SubscribeStream stream, StreamFailure kind, String reason) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    if (byGen == null || byGen.get(generation) != stream) {
      return;
    }
    log.warn("{}: {}; resuming from slot {}", stream.id(), reason, stream.resumePoint().slot());
    byGen.remove(generation);
    if (byGen.isEmpty()) {
      calls.remove(slotId);
    }
    stream.cancel(reason);
    long now = now();
    pool.observe(slotId, generation, progress(stream), now);
    pool.streamFailed(slotId, generation, kind, reason, now);
  }

  private void callClosed(String slotId, int generation, SubscribeStream stream, Status status) {
    Map<Integer, SubscribeStream> byGen = calls.get(slotId);
    if (byGen == null || byGen.get(generation) != stream) {
      return; // We closed it ourselves.
    }
    byGen.remove(generation);
    if (byGen.isEmpty()) {
      calls.remove(slotId);
    }
    String reason = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    long now = now();
    pool.observe(slotId, generation, progress(stream), now);
    Status.Code code = status.getCode();
    if (code == Status.Code.INVALID_ARGUMENT) {
      Optional<String> named = Optional.empty();
      if (status.getDescription() != null) {
        Matcher m = NAMED_FILTER.matcher(status.getDescription());
        if (m.find()) {
          named = Optional.of(m.group(1));
        }
      }
      pool.rejectOffendingMonitor(slotId, named, reason, now).ifPresent(monitor -> {
        declarations.remove(monitor);
        snapshot = Map.copyOf(declarations);
        monitorStates.put(monitor, "rejected");
      });
      pool.streamFailed(slotId, generation, StreamFailure.RETRYABLE, reason, now);
    } else if (code == Status.Code.OUT_OF_RANGE) {
      // The provider no longer holds from_slot: the next open starts live and reports the gap.
      pool.streamFailed(slotId, generation, StreamFailure.OUT_OF_RANGE, reason, now);
    } else if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      pool.streamFailed(slotId, generation, StreamFailure.FATAL, reason, now);
    } else {
      pool.streamFailed(slotId, generation, StreamFailure.RETRYABLE, reason, now);
    }
    log.warn("Stream {} ended: {}", stream.id(), reason);
  }

  private void reportGap(PoolAction.OpenStream o, long from, long to, String reason) {
    Set<String> monitors = pool.monitorsOf(o.slotId());
    List<String> topics = new ArrayList<>();
    for (UpdateKind kind : Filters.kinds(mergedRequest(monitors))) {
      topics.add(Topics.stream(o.key().group(), kind));
    }
    gapReporter.report(o.slotId(), o.connectionId(), topics, monitors, from, to, reason);
  }

  private SubscribeRequest mergedRequest(Set<String> monitors) {
    List<MonitorDeclaration> members = new ArrayList<>();
    for (String id : monitors) {
      MonitorDeclaration d = declarations.get(id);
      if (d != null) {
        members.add(d);
      }
    }
    return SubscriptionMerger.merge(members);
  }

  /** Runs {@code action} on the control thread, then applies what the pool decided. Never blocks. */
  private void onControlAsync(Runnable action) {
    try {
      control.execute(() -> {
        if (shutdown) {
          return;
        }
        try {
          action.run();
          afterInput();
        } catch (RuntimeException e) {
          log.error("gateway control action failed", e);
        }
        publishStats();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("gateway stopped; dropping a control action");
    }
  }
}
