package dev.geyserpool.gateway;

import dev.geyserpool.gateway.checkpoint.CheckpointStore;
import dev.geyserpool.gateway.checkpoint.PublishedTail;
import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.FailureKind;
import dev.geyserpool.gateway.pool.MonitorSpec;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.gateway.upstream.GatedDialer;
import dev.geyserpool.gateway.upstream.UpstreamConnection;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.wire.Filters;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * tick. Pool events ({@link PoolEventLog}: numbered per incarnation, a {@code POOL_SNAPSHOT} every
 * {@link GatewayConfig#poolSnapshotInterval()}) are emitted on the control thread and only queued by
 * the sink, never waited for. Whoever starts the gateway shuts it down.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestGateway.class);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * How much earlier than the checkpoints' first-seen times the dedup seed reads: producer
   * timestamps and the gateway's clock may differ a little (10 s), and a finalized stream's slot is
   * first seen about 13 s (32 slots, more when slots slow down) after a processed stream of the
   * group stored the same updates, whose bytes the finalized replay must find to point at them.
   */
  private static final long SEED_MARGIN_MILLIS = 30_000;
  /**
   * The dedup seed marks no slot further than this past the newest checkpoint (about 11 hours of
   * slots): an earlier run wrote nothing that far ahead of what it checkpointed, and a record that
   * far ahead (another cluster on the same topics) would push the dedup horizon past every slot
   * about to be replayed.
   */
  private static final long SEED_SLOTS_PAST_CHECKPOINTS = 100_000;

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
  private final PoolEventLog events;
  private final MonitorStatusListener statuses;
  /** Attempts of the last window the connection ledger held at start. */
  private final int restoredAttempts;

  // Owned by the control thread.
  private final ConnectionPool pool;
  private final Map<String, MonitorDeclaration> declarations = new HashMap<>();
  private final Map<String, UpstreamConnection> upstream = new HashMap<>();
  /** Connections whose ledger record is being written: the streams placed on them wait here. */
  private final Map<String, List<PoolAction.OpenStream>> dialing = new HashMap<>();
  private final StreamCalls calls;
  private final Map<String, String> monitorStates = new TreeMap<>();
  private static final int REJECTED_KEPT = 1_000;
  private final java.util.LinkedHashSet<String> rejectedOrder = new java.util.LinkedHashSet<>();
  private final CheckpointTracker checkpointTracker;
  private ScheduledFuture<?> nextTick;
  private boolean shutdown;
  private long lastProbeAtNanos;
  /** The dedup is being re-read from the topics after refused sends: no stream opens meanwhile. */
  private boolean rereading;
  /** When the next POOL_SNAPSHOT event is due (monotonic). */
  private long nextSnapshotAtNanos;

  // Shared with other threads.
  private volatile Map<String, MonitorDeclaration> snapshot = Map.of();
  private volatile PoolStats stats;
  private volatile String description = "starting";
  private final AtomicLong ledgerFailures = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();

  private IngestGateway(GatewayConfig config, KafkaPublisher publisher, DialLedger ledger, CheckpointStore checkpoints,
      Consumer<PoolEvent> events, MonitorStatusListener statuses) {
    this.config = config;
    this.statuses = statuses;
    this.publisher = publisher;
    this.ledger = ledger;
    this.checkpoints = checkpoints;
    this.events = new PoolEventLog(events, config.gatewayId(), config.clock());
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
    this.restoredAttempts = budget.used(nowNanos);
    this.nextSnapshotAtNanos = nowNanos;
    this.pool = new ConnectionPool(config.poolRules(), budget, bound -> ThreadLocalRandom.current().nextLong(bound));
    int capacity = config.streamWindow() * config.poolRules().maxConnections() * config.poolRules().maxStreamsPerConnection();
    this.router = new UpdateRouter(publisher, () -> snapshot, config.dedupSlots(), Math.min(capacity, 1 << 20),
        config.timings()::publishLatency, config.clock(),
        this::refusedForGood);
    this.gapReporter = new GapReporter(publisher, this::onControlAsync, io, config.clock(), config.gatewayId(),
        this.events::emit, statuses, GapReporter.FIRST_RETRY);
    this.calls = new StreamCalls(config, router, new StreamCalls.Host() {
      @Override
      public ConnectionPool pool() {
        return pool;
      }

      @Override
      public SubscribeRequest mergedRequest(Set<String> monitors) {
        return IngestGateway.this.mergedRequest(monitors);
      }

      @Override
      public void onControl(Runnable action) {
        onControlAsync(action);
      }

      @Override
      public void reportGap(PoolAction.OpenStream o, long from, long to, String reason) {
        IngestGateway.this.reportGap(o, from, to, reason);
      }

      @Override
      public void monitorRejected(String monitorId) {
        checkpointTracker.remove(monitorId);
        declarations.remove(monitorId);
        snapshot = Map.copyOf(declarations);
        rejected(monitorId);
      }

      @Override
      public boolean isCurrent(UpstreamConnection conn) {
        return upstream.get(conn.id()) == conn;
      }

      @Override
      public boolean stopping() {
        return shutdown;
      }
    });
    this.checkpointTracker = new CheckpointTracker(checkpoints, config.clock(), config.gatewayId(),
        config.upstream().target());
    checkpointTracker.restoredCoveredUntil(seedDedup(checkpointTracker.restored()));
    this.stats = PoolSnapshot.take(pool, config, router, gapReporter.gaps(), monitorStates);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Marks what the stream topics already hold of the slots the checkpoints resume from, so the
   * replay after a restart publishes only what the previous run did not; returns the highest slot
   * found (0 when nothing was read).
   */
  private long seedDedup(Map<String, StreamCheckpoint> restored) {
    if (restored.isEmpty()) {
      return 0;
    }
    long fromSlot = Long.MAX_VALUE;
    long fromMillis = Long.MAX_VALUE;
    for (StreamCheckpoint c : restored.values()) {
      fromSlot = Math.min(fromSlot, c.getResumeFromSlot());
      long seen = c.getFirstSeenAtEpochMillis() > 0 ? c.getFirstSeenAtEpochMillis()
          : c.getWrittenAtEpochMillis() - TimeUnit.MINUTES.toMillis(1);
      fromMillis = Math.min(fromMillis, seen);
    }
    long toSlot = 0;
    for (StreamCheckpoint c : restored.values()) {
      toSlot = Math.max(toSlot, c.getResumeFromSlot());
    }
    return PublishedTail.seed(config.kafkaBootstrapServers(), fromMillis - SEED_MARGIN_MILLIS, fromSlot,
        toSlot + SEED_SLOTS_PAST_CHECKPOINTS, router::dedup, Duration.ofSeconds(120)).highestSlot();
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
    // GATEWAY_STARTED is the incarnation's first event: it runs before any other control action.
    gateway.control.execute(gateway::announceStart);
    gateway.control.execute(gateway::tick);
    return gateway;
  }

  private void announceStart() {
    log.info("Gateway {} started as incarnation {}", config.gatewayId(), events.incarnationId());
    events.started("upstream " + config.upstream().target());
    events.tokensRestored(restoredAttempts);
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
      pool.declare(new MonitorSpec(id, StreamKey.of(declaration).kind(), declaration.getPriority(),
          checkpointTracker.restoredResumeSlot(id)), now());
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

  /**
   * The declarations the subscriptions topic held at start are all in: checkpoints of an earlier
   * run for monitors not among {@code declared} belong to monitors that are gone, and are deleted
   * (they would only widen every later start's dedup seed).
   */
  public void declarationsLoaded(Set<String> declared) {
    onControlAsync(() -> checkpointTracker.forgetRestoredExcept(declared));
  }

  /** Removes a monitor; its filters leave their stream (after the debounce) and its checkpoint goes. */
  public void remove(String monitorId) {
    onControlAsync(() -> {
      declarations.remove(monitorId);
      snapshot = Map.copyOf(declarations);
      monitorStates.remove(monitorId);
      pool.remove(monitorId, now());
      checkpointTracker.remove(monitorId);
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

  /**
   * This start's id on {@code geyser.pool-events}: random per start, so a stream processor tells a
   * restarted gateway (whose connection ids begin at {@code conn-1} again) from the one before.
   */
  public String incarnationId() {
    return events.incarnationId();
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
    calls.cancelAll("gateway shutting down");
    upstream.values().forEach(UpstreamConnection::close);
    // The last event of the incarnation: no control action runs after this one.
    events.stopped("shut down in order");
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
    calls.cancelAll("gateway halted");
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
      calls.observeAll(now);
      retainReplayable();
      pool.sinkAvailable(sinkAvailable(), now);
      delay = Math.min(delay, pool.runOnce(now));
      execute(pool.drainActions());
      checkpointTracker.update(pool, calls, gapReporter);
    } catch (RuntimeException e) {
      // The housekeeper never dies: log and run again at the next tick.
      log.error("pool housekeeping failed; retrying at the next tick", e);
    }
    publishStats();
    // Wake up for the next POOL_SNAPSHOT too (publishStats just sent one if it was due).
    delay = Math.min(delay, Math.max(0, nextSnapshotAtNanos - now()));
    nextTick = control.schedule(this::tick, Math.max(1_000_000L, delay), TimeUnit.NANOSECONDS);
  }

  /**
   * A monitor whose declaration was refused stays listed as rejected until it is removed or
   * declared again, but only the latest {@value #REJECTED_KEPT} of them: ids that never come back
   * must not pile up.
   */
  private void rejected(String monitorId) {
    monitorStates.put(monitorId, "rejected");
    rejectedOrder.remove(monitorId);
    rejectedOrder.add(monitorId);
    while (rejectedOrder.size() > REJECTED_KEPT) {
      String oldest = rejectedOrder.iterator().next();
      rejectedOrder.remove(oldest);
      if ("rejected".equals(monitorStates.get(oldest))) {
        monitorStates.remove(oldest);
      }
    }
  }

  /** An update Kafka refuses for good is a hole in its monitors' data: a gap record, retried until held. */
  private void refusedForGood(String topic, Set<String> monitors, long slot, Exception cause) {
    onControlAsync(() -> gapReporter.report("refused:" + topic, null, groupOfTopic(topic), List.of(topic), monitors,
        slot, slot, "Kafka refused an update of this slot for good: " + cause));
  }

  /** The group of a stream topic {@code geyser.<group>.<kind>}, or null. */
  private static MonitorGroup groupOfTopic(String topic) {
    for (MonitorGroup group : MonitorGroup.values()) {
      if (topic.startsWith("geyser." + group.id() + ".")) {
        return group;
      }
    }
    return null;
  }

  /** Each group's dedup keeps what the group's lowest resume point may still replay. */
  private void retainReplayable() {
    Map<MonitorGroup, Long> lowest = new java.util.EnumMap<>(MonitorGroup.class);
    for (StreamSlot slot : pool.slots().values()) {
      if (slot.lastSlot() > 0) {
        lowest.merge(slot.kind().group(), slot.lastSlot(), Math::min);
      }
    }
    for (MonitorGroup group : MonitorGroup.values()) {
      router.dedup(group).retainFrom(lowest.getOrDefault(group, Long.MAX_VALUE));
    }
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
    if (!available && now - lastProbeAtNanos > PROBE_INTERVAL_NANOS && probing.compareAndSet(false, true)) {
      // One probe at a time: each may take its whole timeout while the broker is away.
      lastProbeAtNanos = now;
      io.execute(() -> {
        try {
          publisher.probe();
        } finally {
          probing.set(false);
        }
      });
    }
    if (available && !rereading) {
      router.takeUncertain().ifPresent(this::reread);
    }
    return available && !rereading;
  }

  /**
   * Kafka takes records again after refusing some: the refused sends may have been written
   * anyway (a timeout is no answer), so the dedup re-reads the topics from there before any stream
   * replays them; streams open only after.
   */
  private void reread(UpdateRouter.UncertainSince since) {
    rereading = true;
    log.info("Kafka takes records again; re-reading the stream topics from slot {} before replaying", since.slot());
    io.execute(() -> {
      boolean done = false;
      try {
        PublishedTail.seed(config.kafkaBootstrapServers(), since.epochMillis() - SEED_MARGIN_MILLIS, since.slot(),
            router::dedup, Duration.ofSeconds(60));
        done = true;
      } catch (RuntimeException e) {
        log.warn("cannot re-read the stream topics yet ({}); trying again", e.toString());
        router.restoreUncertain(since);
      }
      boolean reread = done;
      onControlAsync(() -> {
        rereading = false;
        if (!reread) {
          lastProbeAtNanos = 0;
        }
      });
    });
  }

  /**
   * Publishes the stats snapshot for readers and, when one is due, the POOL_SNAPSHOT event built
   * in the same pass (so both say the same); the event is only queued, never waited for.
   */
  private void publishStats() {
    try {
      long now = now();
      java.time.Instant takenAt = config.clock().instant();
      PoolStats taken = PoolSnapshot.take(pool, config, router, gapReporter.gaps(), monitorStates, now, takenAt);
      stats = taken;
      description = pool.describe(now);
      if (!shutdown && now - nextSnapshotAtNanos >= 0) {
        nextSnapshotAtNanos = now + config.poolSnapshotInterval().toNanos();
        events.snapshot(PoolSnapshotEvent.of(pool, config.poolRules(), taken, declarations, now,
            PoolEventLog.epochMicros(takenAt)), takenAt);
      }
    } catch (RuntimeException e) {
      log.error("cannot build the pool stats snapshot; readers keep the previous one", e);
    }
  }

  /** After an input: apply what the pool decided, and run the housekeeper soon. */
  private void afterInput() {
    execute(pool.drainActions());
    if (nextTick != null && !control.isShutdown() && nextTick.getDelay(TimeUnit.NANOSECONDS) > 1_000_000L) {
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
      calls.send(u.slotId(), mergedRequest(u.monitors()));
    } else if (action instanceof PoolAction.CloseStream c) {
      dialing.values().forEach(w -> w.removeIf(o -> o.slotId().equals(c.slotId()) && o.generation() == c.generation()));
      calls.close(c.slotId(), c.generation(), c.reason());
      if (!pool.slots().containsKey(c.slotId())) {
        gapReporter.forget(c.slotId());
      }
    } else if (action instanceof PoolAction.Ping p) {
      calls.ping(p.slotId());
    } else if (action instanceof PoolAction.MonitorStatus m) {
      if (declarations.containsKey(m.monitorId()) || "rejected".equals(m.state())) {
        if ("rejected".equals(m.state())) {
          rejected(m.monitorId());
        } else {
          monitorStates.put(m.monitorId(), m.state());
        }
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
      events.pool(e);
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
          pool.connectionFailed(connectionId, FailureKind.OTHER, "ledger unavailable: " + e.getMessage(), now());
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
              // The channel reports no status: it could not connect, or its transport closed.
              pool.connectionFailed(c.id(), FailureKind.UNAVAILABLE, why, now());
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
      pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE, FailureKind.UNAVAILABLE,
          "connection " + o.connectionId() + " is gone", now());
      return;
    }
    if (o.budgeted()) {
      // The provider counts streams: this one is in the ledger before it is opened.
      long at = config.clock().millis();
      ledgerWriter.execute(() -> {
        try {
          ledger.record(o.slotId() + "#" + o.generation(), "stream", at);
          onControlAsync(() -> calls.open(o, conn));
        } catch (RuntimeException e) {
          ledgerFailures.incrementAndGet();
          log.error("not opening {}: the connection ledger is unavailable: {}", o.slotId(), e.getMessage());
          onControlAsync(() -> pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE,
              FailureKind.OTHER, "ledger unavailable", now()));
        }
      });
      return;
    }
    calls.open(o, conn);
  }

  private void reportGap(PoolAction.OpenStream o, long from, long to, String reason) {
    Set<String> monitors = pool.monitorsOf(o.slotId());
    List<String> topics = new ArrayList<>();
    for (UpdateKind kind : Filters.kinds(mergedRequest(monitors))) {
      topics.add(Topics.stream(o.kind().group(), kind));
    }
    gapReporter.report(o.slotId(), o.connectionId(), o.kind().group(), topics, monitors, from, to, reason);
    pool.gapReported(o.slotId());
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
