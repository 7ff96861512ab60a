package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.MonitorSpec;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.PoolConnection;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.publish.Deduplicator;
import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.gateway.upstream.GatedDialer;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.UpstreamConnection;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoResponse;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import dev.geyserpool.wire.UpdateIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>Threading: all bookkeeping runs on one serialized control thread
 * ({@code geyser-gateway-control}); gRPC threads only read updates and hand them to the
 * {@link UpdateRouter}; readers of {@link #stats()} get a snapshot. Whoever starts the gateway
 * shuts it down.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestGateway.class);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Pattern NAMED_FILTER = Pattern.compile("([a-z0-9][a-z0-9._-]{0,63})/[A-Za-z0-9._-]+");

  private final GatewayConfig config;
  private final KafkaPublisher publisher;
  private final DialLedger ledger;
  private final GatedDialer dialer = new GatedDialer(2);
  private final ScheduledExecutorService control;
  private final UpdateRouter router;
  private final Consumer<PoolEvent> events;
  private final MonitorStatusListener statuses;

  // Owned by the control thread.
  private final ConnectionPool pool;
  private final Map<String, MonitorDeclaration> declarations = new HashMap<>();
  private final Map<String, UpstreamConnection> upstream = new HashMap<>();
  private final Map<String, Map<Integer, SubscribeStream>> calls = new HashMap<>();
  private final Map<String, String> monitorStates = new TreeMap<>();
  /** Per slot, the last slot already published in a gap record: a later gap starts after it. */
  private final Map<String, Long> gapReportedThrough = new HashMap<>();
  private ScheduledFuture<?> nextTick;
  private boolean shutdown;

  // Shared with gRPC threads.
  private volatile Map<String, MonitorDeclaration> snapshot = Map.of();
  private final Map<String, Deduplicator> dedups = new ConcurrentHashMap<>();
  private final AtomicLong gaps = new AtomicLong();
  /** The highest slot any call has seen: the baseline of new live calls. */
  private final AtomicLong highestSlotSeen = new AtomicLong();
  private final AtomicLong ledgerFailures = new AtomicLong();

  private IngestGateway(GatewayConfig config, KafkaPublisher publisher, DialLedger ledger, Consumer<PoolEvent> events,
      MonitorStatusListener statuses) {
    this.config = config;
    this.statuses = statuses;
    this.publisher = publisher;
    this.ledger = ledger;
    this.events = events;
    this.control = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "geyser-gateway-control");
      t.setDaemon(true);
      return t;
    });
    ConnectionBudget budget = new ConnectionBudget(config.poolRules().budgetLimit(), config.poolRules().budgetWindow());
    long nowNanos = config.ticker().getAsLong();
    long nowMillis = config.clock().millis();
    for (long at : ledger.recentAttemptsEpochMillis()) {
      budget.restore(dev.geyserpool.gateway.ledger.ConnectionLedger.toMonotonicNanos(at, nowMillis, nowNanos));
    }
    this.pool = new ConnectionPool(config.poolRules(), budget, bound -> ThreadLocalRandom.current().nextLong(bound));
    int capacity = config.streamWindow() * config.poolRules().maxConnections() * config.poolRules().maxStreamsPerConnection();
    this.router = new UpdateRouter(publisher, () -> snapshot, Math.min(capacity, 1 << 20));
  }

  /** Starts a gateway with no ledger and no event sink (tests and single runs). */
  public static IngestGateway start(GatewayConfig config) {
    return start(config, DialLedger.none(), event -> { }, MonitorStatusListener.none());
  }

  /**
   * Starts a gateway: restores the connection budget from the ledger's last window first, so a
   * restart cannot exceed the provider's limit. It opens upstream streams as monitors are declared.
   */
  public static IngestGateway start(
      GatewayConfig config, DialLedger ledger, Consumer<PoolEvent> events, MonitorStatusListener statuses) {
    log.info("Starting ingest gateway: {}", config);
    IngestGateway gateway = new IngestGateway(
        config, KafkaPublisher.create(config.kafkaBootstrapServers(), config.clientId(), config.producerOverrides()),
        ledger, events, statuses);
    gateway.control.execute(gateway::tick);
    return gateway;
  }

  // ---- public API ----------------------------------------------------------------------------

  /**
   * Adds or replaces a monitor's declaration. It is checked first: a bad one is rejected with
   * every problem named, and nothing reaches the provider.
   *
   * @throws IllegalArgumentException naming what is wrong with the declaration
   */
  public void declare(MonitorDeclaration declaration) {
    Optional<String> rejection = rejection(declaration, config.providerMaxAccountsPerFilter());
    if (rejection.isPresent()) {
      throw new IllegalArgumentException(rejection.get());
    }
    onControl(() -> {
      declarations.put(declaration.getMonitorId(), declaration);
      snapshot = Map.copyOf(declarations);
      monitorStates.putIfAbsent(declaration.getMonitorId(), "waiting");
      pool.declare(new MonitorSpec(declaration.getMonitorId(), StreamKey.of(declaration), declaration.getPriority()),
          now());
      afterInput();
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

  /** Removes a monitor; its filters leave their stream (after the debounce). */
  public void remove(String monitorId) {
    onControl(() -> {
      declarations.remove(monitorId);
      snapshot = Map.copyOf(declarations);
      monitorStates.remove(monitorId);
      pool.remove(monitorId, now());
      afterInput();
    });
  }

  /** The seed's getStats(), and the rest of the pool's numbers, as one snapshot. */
  public PoolStats poolStats() {
    try {
      return control.submit(this::buildPoolStats).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading pool stats", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the gateway control thread did not answer for stats: " + e, e);
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
    for (dev.geyserpool.wire.MonitorGroup g : dev.geyserpool.wire.MonitorGroup.values()) {
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
        router.received(), router.published(), router.duplicates(), gaps.get(), router.failed(),
        counters.connectionsCreated(), counters.connectionsFailed(), counters.connectionsExpired(),
        counters.connectionsRecycled(), counters.streamsOpened(), counters.streamsFailed(), counters.streamsResumed(),
        counters.avgConnectTimeMillis(), counters.avgQueueWaitMillis(), config.clock().instant());
  }

  /** Updates dropped because a resumed or moved stream delivered them again. */
  public long duplicatesDropped() {
    return router.duplicates();
  }

  /** Gap records published. */
  public long gaps() {
    return gaps.get();
  }

  /** The pool's state in one line. */
  public String describe() {
    try {
      return control.submit(() -> pool.describe(now())).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException | TimeoutException e) {
      return "unavailable: " + e;
    }
  }

  /** Closes the streams and connections, then publishes what is in flight and closes the producer. */
  public void shutdown() {
    try {
      onControl(() -> {
        shutdown = true;
        if (nextTick != null) {
          nextTick.cancel(false);
        }
        calls.values().forEach(byGen -> byGen.values().forEach(c -> c.cancel("gateway shutting down")));
        calls.clear();
        upstream.values().forEach(UpstreamConnection::close);
      });
    } finally {
      control.shutdown();
    }
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    boolean done = control.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (UpstreamConnection c : upstream.values()) {
      done &= c.awaitTermination(5, TimeUnit.SECONDS);
    }
    router.shutdown();
    publisher.close();
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
          pool.observe(e.getKey(), call.getKey(), s.lastDataAtNanos(), s.lastPongAtNanos(), s.resumeSlot(), now);
        }
      }
      delay = Math.min(delay, pool.runOnce(now));
      execute(pool.drainActions());
    } catch (RuntimeException e) {
      // The housekeeper never dies: log and run again at the next tick.
      log.error("pool housekeeping failed; retrying at the next tick", e);
    }
    nextTick = control.schedule(this::tick, Math.max(1_000_000L, delay), TimeUnit.NANOSECONDS);
  }

  /** After an input (declare, failure): apply what the pool decided, and run the housekeeper soon. */
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
      UpstreamConnection conn = upstream.remove(c.connectionId());
      if (conn != null) {
        log.info("Closing {}: {}", c.connectionId(), c.reason());
        conn.close();
      }
    } else if (action instanceof PoolAction.OpenStream o) {
      openStream(o);
    } else if (action instanceof PoolAction.UpdateFilters u) {
      SubscribeRequest request = mergedRequest(u.monitors());
      calls.getOrDefault(u.slotId(), Map.of()).values().forEach(call -> call.send(request));
    } else if (action instanceof PoolAction.CloseStream c) {
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
      if (!pool.slots().containsKey(slotId)) {
        dedups.remove(slotId);
      }
    }
  }

  private void dial(String connectionId, String reason) {
    try {
      ledger.record(connectionId, reason, config.clock().millis());
    } catch (RuntimeException e) {
      ledgerFailures.incrementAndGet();
      log.error("not dialing {}: the connection ledger is unavailable: {}", connectionId, e.getMessage());
      pool.connectionFailed(connectionId, "ledger unavailable: " + e.getMessage(), now());
      return;
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
            onControlAsync(() -> pool.connectionFailed(c.id(), why, now()));
          }
        });
    upstream.put(connectionId, conn);
    log.info("Dialing {} to {} ({}; {} of {} attempts used in the window)", connectionId, config.upstream().target(),
        reason, pool.budget().used(now()), pool.budget().limit());
    conn.connect();
  }

  private void openStream(PoolAction.OpenStream o) {
    UpstreamConnection conn = upstream.get(o.connectionId());
    if (conn == null) {
      pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE, "connection " + o.connectionId() + " is gone", now());
      return;
    }
    dedups.computeIfAbsent(o.slotId(), s -> new Deduplicator(config.dedupSlots()));
    if (o.budgeted()) {
      // The provider counts streams: this one is in the ledger before it is opened.
      try {
        ledger.record(o.slotId() + "#" + o.generation(), "stream", config.clock().millis());
      } catch (RuntimeException e) {
        ledgerFailures.incrementAndGet();
        log.error("not opening {}: the connection ledger is unavailable: {}", o.slotId(), e.getMessage());
        pool.streamFailed(o.slotId(), o.generation(), StreamFailure.RETRYABLE, "ledger unavailable", now());
        return;
      }
    }
    if (o.fromSlot() <= 0) {
      startLive(o, conn);
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
            // A provider without replay info: ask for from_slot and let OUT_OF_RANGE tell.
            onControlAsync(() -> startCall(o, conn, o.fromSlot(), 0));
          }

          @Override
          public void onCompleted() {
            onControlAsync(() -> {
              // Slots already reported missing are not reported again when a resume is retried.
              long from = Math.max(o.fromSlot(), gapReportedThrough.getOrDefault(o.slotId(), 0L) + 1);
              if (!response.hasFirstAvailable()) {
                // It keeps no replay buffer: start live and report the gap at the first update.
                startCall(o, conn, 0, from);
              } else if (from < response.getFirstAvailable()) {
                publishGap(o, from, response.getFirstAvailable() - 1, "provider keeps slots from "
                    + response.getFirstAvailable() + " only");
                startCall(o, conn, response.getFirstAvailable(), 0);
              } else {
                startCall(o, conn, from, 0);
              }
            });
          }
        });
  }

  /**
   * Starts a live call with a baseline: the highest slot seen so far, or, before any stream has
   * seen one, the provider's current slot. A call that fails before its first update then
   * resumes from there instead of losing its first moments.
   */
  private void startLive(PoolAction.OpenStream o, UpstreamConnection conn) {
    long known = highestSlotSeen.get();
    if (known > 0) {
      startCall(o, conn, 0, 0).ifPresent(call -> call.baselineSlot(Math.max(1, known - 1)));
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
            onControlAsync(() -> startCall(o, conn, 0, 0));
          }

          @Override
          public void onCompleted() {
            onControlAsync(() -> startCall(o, conn, 0, 0).ifPresent(call -> call.baselineSlot(slot)));
          }
        });
  }

  /**
   * @param fromSlot 0 for live
   * @param gapFrom when positive, the first update's slot closes a gap that starts here
   */
  private Optional<SubscribeStream> startCall(PoolAction.OpenStream o, UpstreamConnection conn, long fromSlot, long gapFrom) {
    StreamSlot slot = pool.slots().get(o.slotId());
    if (shutdown || slot == null || upstream.get(conn.id()) != conn) {
      return Optional.empty();
    }
    Set<String> monitors = pool.monitorsOf(o.slotId());
    SubscribeRequest.Builder request = mergedRequest(monitors).toBuilder();
    if (fromSlot > 0) {
      request.setFromSlot(fromSlot);
    }
    Deduplicator dedup = dedups.computeIfAbsent(o.slotId(), s -> new Deduplicator(config.dedupSlots()));
    String slotId = o.slotId();
    int generation = o.generation();
    AtomicLong pendingGap = new AtomicLong(gapFrom);
    SubscribeStream call = new SubscribeStream(slotId + "#" + generation, conn.channel(), config.streamWindow(),
        config.clock(), config.ticker(), new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream stream, RawUpdate update, Runnable release) {
            long from = pendingGap.getAndSet(0);
            if (from > 0) {
              long first = UpdateIdentity.slotOf(update.message());
              if (first > from) {
                onControlAsync(() -> publishGap(o, from, first - 1, "provider keeps no replay buffer"));
              }
            }
            router.onUpdate(dedup, update, release);
          }

          @Override
          public void onSlotsSkipped(SubscribeStream stream, long lastContiguous, long parentSeen) {
            // The call lost updates (a stalled or lossy path): replace it, resuming from the
            // last complete slot; the replayed overlap is deduplicated.
            onControlAsync(() -> {
              log.warn("{} skipped slots {}..{}; resuming from slot {}", stream.id(), lastContiguous + 1, parentSeen,
                  lastContiguous);
              Map<Integer, SubscribeStream> byGen = calls.get(slotId);
              if (byGen != null && byGen.get(generation) == stream) {
                byGen.remove(generation);
                stream.cancel("skipped slots");
                pool.observe(slotId, generation, stream.lastDataAtNanos(), stream.lastPongAtNanos(), lastContiguous, now());
                pool.streamFailed(slotId, generation, StreamFailure.RETRYABLE, "skipped slots " + (lastContiguous + 1)
                    + ".." + parentSeen, now());
              }
            });
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
    } else if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      pool.streamFailed(slotId, generation, StreamFailure.FATAL, reason, now);
    } else {
      pool.streamFailed(slotId, generation, StreamFailure.RETRYABLE, reason, now);
    }
    log.warn("Stream {} ended: {}", stream.id(), reason);
    afterInput();
  }

  private void publishGap(PoolAction.OpenStream o, long from, long to, String reason) {
    if (to <= gapReportedThrough.getOrDefault(o.slotId(), 0L)) {
      return;
    }
    from = Math.max(from, gapReportedThrough.getOrDefault(o.slotId(), 0L) + 1);
    gapReportedThrough.put(o.slotId(), to);
    Set<String> monitors = pool.monitorsOf(o.slotId());
    SubscribeRequest merged = mergedRequest(monitors);
    List<String> topics = new ArrayList<>();
    for (UpdateKind kind : dev.geyserpool.wire.Filters.kinds(merged)) {
      topics.add(Topics.stream(o.key().group(), kind));
    }
    GapRecord gap = GapRecord.newBuilder()
        .setFromSlot(from)
        .setToSlot(to)
        .setReason(reason)
        .addAllMonitorIds(monitors)
        .setStreamId(o.slotId())
        .setDetectedAtEpochMicros(config.clock().millis() * 1000)
        .build();
    publisher.publishGap(gap, topics, monitors);
    gaps.incrementAndGet();
    for (String monitor : monitors) {
      statuses.onStatus(monitor, "gap", "slots " + from + ".." + to + " were not delivered: " + reason);
    }
    events.accept(PoolEvent.newBuilder()
        .setType(dev.geyserpool.proto.pool.PoolEventType.GAP)
        .setGatewayId(config.gatewayId())
        .setConnectionId(o.connectionId())
        .setStreamId(o.slotId())
        .addAllMonitorIds(monitors)
        .setReason(reason)
        .setFromSlot(from)
        .setToSlot(to)
        .build());
    log.warn("Gap on {}: slots {}..{} not delivered ({})", o.slotId(), from, to, reason);
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

  private void onControlAsync(Runnable action) {
    if (control.isShutdown()) {
      return;
    }
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
    });
  }

  private void onControl(Runnable action) {
    try {
      control.submit(action).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the gateway control thread", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the gateway control thread did not answer in 30s (" + pool.describe(now()) + ")", e);
    }
  }
}
