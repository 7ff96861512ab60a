package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.internal.ControlTopics;
import dev.geyserpool.sdk.internal.DeclarationLog;
import dev.geyserpool.sdk.internal.InstanceGuard;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.LiveInstances;
import dev.geyserpool.sdk.internal.MonitorCounters;
import dev.geyserpool.sdk.internal.StatusWatch;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor: declares what it wants from the stream, waits for the gateway to accept it, then
 * consumes its group's topics and hands its handler only the updates its own filters matched.
 * It never talks to Yellowstone.
 *
 * <p>Lifecycle ({@link MonitorState}): {@link #start()} checks that no live instance with other
 * filters holds the id, writes the declaration (with this object's fresh instance id) to
 * {@code geyser.subscriptions}, waits for the gateway's answer on
 * {@code geyser.subscription-status}, then consumes and sends heartbeats. {@link #close()} stops
 * consuming after the record in hand, commits, sends a last heartbeat and removes the
 * declaration unless {@link Builder#keepDeclarationOnClose} was set or another instance of the
 * monitor is still live. Several instances with the same id and filters share the work as the
 * consumer group {@code geyser-monitor.<id>}.
 *
 * <p>Threading: one consumer thread per monitor ({@code geyser-monitor-<id>}) calls the handler
 * and owns the Kafka consumers; one heartbeat thread ({@code geyser-heartbeat-<id>}) sends
 * heartbeats. {@link #start()} runs on the caller's thread (once: a compare-and-set on the state
 * admits one caller); {@link #close()} may be called from any thread, waits for a start in
 * progress, and is idempotent. No lock is held during Kafka I/O; accessors never block. Ownership:
 * whoever starts a monitor closes it; the monitor owns its Kafka clients and threads.
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);

  /** How long {@link #start()} waits for the gateway's answer unless told otherwise. */
  public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(30);
  /** How often a running monitor sends a heartbeat unless told otherwise. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  /** An instance whose last heartbeat is older than this many intervals counts as gone. */
  public static final int LIVE_HEARTBEAT_INTERVALS = 3;
  /** Bound of each control operation on Kafka (create topics, read a declaration, write one). */
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private final MonitorDeclaration declaration;
  private final MonitorGroup group;
  private final String digest;
  private final MonitorSettings settings;
  private final MonitorCounters counters = new MonitorCounters();
  private final AtomicReference<MonitorState> state = new AtomicReference<>(MonitorState.NEW);
  private volatile SubscriptionStatus status;
  /** Counted down when start() returns or throws; close() waits for a start in progress. */
  private final CountDownLatch startFinished = new CountDownLatch(1);
  /** Counted down when close() has released everything; a second close() waits for the first. */
  private final CountDownLatch closed = new CountDownLatch(1);
  /** Written by the starting thread before RUNNING (or FAILED), read by close() after it. */
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile MonitorRuntime runtime;

  private Monitor(MonitorDeclaration declaration, MonitorSettings settings) {
    this.declaration = declaration;
    this.group = MonitorGroup.parse(declaration.getGroup());
    this.digest = Declarations.filtersDigest(declaration.getFilters());
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String id() {
    return declaration.getMonitorId();
  }

  public MonitorGroup group() {
    return group;
  }

  /** This instance's id, fresh for every {@code Monitor} object; the gateway echoes it in its statuses. */
  public String instanceId() {
    return declaration.getInstanceId();
  }

  /** What this monitor declares to the gateway. */
  public MonitorDeclaration declaration() {
    return declaration;
  }

  /** {@link Declarations#filtersDigest} of this monitor's filters. */
  public String filtersDigest() {
    return digest;
  }

  /** The stream topics this monitor reads: its group's topics of the kinds its filters ask for. */
  public List<String> topics() {
    return Declarations.topics(group, Declarations.kinds(declaration.getFilters()));
  }

  public MonitorState state() {
    return state.get();
  }

  /** The latest status the gateway sent about this monitor, or null before the first. */
  public SubscriptionStatus status() {
    return status;
  }

  /** Updates the handler took and returned from, so far. */
  public long delivered() {
    return counters.delivered.get();
  }

  /** Records sent to the dead-letter topic (handler threw, or unreadable), so far. */
  public long deadLettered() {
    return counters.deadLettered.get();
  }

  /** Records not yet consumed on this instance's partitions, as of the last computation (about every half heartbeat). */
  public long lag() {
    return counters.lag();
  }

  /** The partitions this instance reads now. */
  public Set<TopicPartition> assignment() {
    MonitorRuntime r = runtime;
    return r == null ? Set.of() : r.assignment();
  }

  /**
   * Declares the monitor and starts consuming once the gateway accepted it.
   *
   * @return this monitor, running
   * @throws MonitorIdInUseException when a live instance with other filters holds the id (nothing was sent)
   * @throws SubscriptionRejectedException when the gateway rejects the declaration (nothing else is written)
   * @throws StatusTimeoutException when no gateway answers within the status timeout (the
   *     declaration is withdrawn unless another instance of the monitor is live)
   * @throws IllegalStateException when the monitor was started before, or Kafka cannot be reached
   */
  public Monitor start() {
    require(MonitorState.STARTING);
    try {
      ControlTopics.ensure(settings.bootstrapServers(), KAFKA_TIMEOUT);
      producer = KafkaClients.producer(settings.bootstrapServers(), clientId());
      DeclarationLog declarations = declarations();
      InstanceGuard.refuseConflict(declarations, liveInstances(), declaration);
      StatusWatch watch = StatusWatch.openAtEnd(settings.bootstrapServers(), id(), KAFKA_TIMEOUT);
      boolean handedOver = false;
      try {
        declarations.write(declaration);
        SubscriptionStatus answer = watch.awaitAnswer(instanceId(), digest, settings.statusTimeout())
            .orElseThrow(() -> timedOut(declarations));
        if (answer.getState() == SubscriptionState.SUBSCRIPTION_REJECTED) {
          throw new SubscriptionRejectedException(answer);
        }
        status = answer;
        // From here the runtime owns the watch, and closes it on every path.
        handedOver = true;
        runtime = MonitorRuntime.start(this, watch, producer);
      } finally {
        if (!handedOver) {
          watch.close();
        }
      }
      require(MonitorState.RUNNING);
      runtime.startHeartbeats();
      log.info("Monitor {} ({}, instance {}) accepted ({}), consuming {} from {}", id(), group.id(), instanceId(),
          status.getState(), topics(), settings.startPosition());
      return this;
    } catch (RuntimeException e) {
      releaseAfterFailedStart();
      throw e;
    } finally {
      startFinished.countDown();
    }
  }

  private void releaseAfterFailedStart() {
    if (runtime != null) {
      runtime.stop();
      runtime = null;
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
    moveTo(MonitorState.FAILED);
  }

  private StatusTimeoutException timedOut(DeclarationLog declarations) {
    String outcome = InstanceGuard.withdraw(declarations, liveInstances(), declaration);
    return new StatusTimeoutException("no gateway answered monitor '" + id() + "' (instance " + instanceId() + ") on "
        + Topics.SUBSCRIPTION_STATUS + " within " + settings.statusTimeout().toMillis() + " ms; " + outcome
        + ". Check that a gateway runs against the same Kafka cluster (" + settings.bootstrapServers()
        + "), or raise statusTimeout");
  }

  private DeclarationLog declarations() {
    return new DeclarationLog(settings.bootstrapServers(), producer, KAFKA_TIMEOUT);
  }

  private LiveInstances liveInstances() {
    return new LiveInstances(settings.bootstrapServers(), settings.clock(),
        settings.heartbeatInterval().multipliedBy(LIVE_HEARTBEAT_INTERVALS), KAFKA_TIMEOUT);
  }

  /**
   * Stops consuming after the record in hand, commits what was handled, leaves the consumer
   * group, sends a last heartbeat ({@code stopping}) and removes the declaration (a tombstone on
   * {@code geyser.subscriptions}) unless configured to keep it or another instance of this
   * monitor is live. Idempotent; a close during {@link #start()} waits for it to finish, and a
   * second close waits for the first. An interrupt while waiting returns at once, flag set.
   *
   * @throws IllegalStateException when the tombstone could not be written (everything else was released)
   */
  @Override
  public void close() {
    while (true) {
      switch (state.get()) {
        case NEW:
          if (moveTo(MonitorState.STOPPED)) {
            return;
          }
          break;
        case STARTING:
          if (!awaitQuietly(startFinished)) {
            return;
          }
          break;
        case RUNNING:
        case FAILED:
          if (runtime == null) {
            // start() failed and released everything already.
            if (moveTo(MonitorState.STOPPED)) {
              return;
            }
          } else if (moveTo(MonitorState.STOPPING)) {
            shutdown();
            return;
          }
          break;
        case STOPPING:
          awaitQuietly(closed);
          return;
        default:
          return;
      }
    }
  }

  private void shutdown() {
    RuntimeException failure = null;
    try {
      runtime.stop();
      runtime.finalHeartbeat();
      if (!settings.keepDeclarationOnClose()) {
        log.info("Monitor {} closing: {}", id(), InstanceGuard.withdraw(declarations(), liveInstances(), declaration));
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      producer.close(Duration.ofSeconds(5));
      producer = null;
      runtime = null;
      moveTo(MonitorState.STOPPED);
      closed.countDown();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- for MonitorRuntime ----

  MonitorSettings settings() {
    return settings;
  }

  String clientId() {
    return "geyser-monitor." + id() + "." + instanceId().substring(0, 8);
  }

  MonitorCounters counters() {
    return counters;
  }


  void statusArrived(SubscriptionStatus latest) {
    status = latest;
  }

  /**
   * The one guarded state transition: moves to {@code to} when {@link MonitorState#canMoveTo}
   * allows it from the current state. Safe from any thread (the consumer thread reports failures).
   *
   * @return whether the state changed
   */
  boolean moveTo(MonitorState to) {
    while (true) {
      MonitorState from = state.get();
      if (!from.canMoveTo(to)) {
        return false;
      }
      if (state.compareAndSet(from, to)) {
        return true;
      }
    }
  }

  private void require(MonitorState to) {
    MonitorState from = state.get();
    if (!moveTo(to)) {
      throw new IllegalStateException("monitor " + id() + " is " + from + ", so it cannot become " + to
          + (to == MonitorState.STARTING ? "; a Monitor starts once: build a new one to start again" : ""));
    }
  }

  /**
   * Builds a {@link Monitor}. {@link #build()} checks everything at once, with the same
   * {@code FilterValidator} the gateway applies, and lists every problem. Not thread-safe.
   */
  public static final class Builder {
    private String id;
    private String group;
    private int priority;
    private final SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    private String bootstrapServers;
    private UpdateHandler handler;
    private StartPosition startPosition = StartPosition.earliest();
    private Duration statusTimeout = DEFAULT_STATUS_TIMEOUT;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private boolean keepDeclarationOnClose;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** 1-64 characters of a-z, 0-9, '.', '_' or '-'; names the consumer group and the declaration. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder group(MonitorGroup group) {
      this.group = group == null ? null : group.id();
      return this;
    }

    /** The group by name ({@code high}, {@code medium}, {@code low}); checked by {@link #build()}. */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /** Higher first when the pool queues connection requests; 0 is normal. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** The commitment level of every update this monitor gets. */
    public Builder commitment(CommitmentLevel commitment) {
      filters.setCommitment(Objects.requireNonNull(commitment, "commitment"));
      return this;
    }

    /** Only this byte range of account data is sent (for every accounts filter of the monitor). */
    public Builder accountsDataSlice(long offset, long length) {
      Filter.notNegative("accounts_data_slice offset", offset);
      Filter.notNegative("accounts_data_slice length", length);
      filters.addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(offset).setLength(length));
      return this;
    }

    /** Adds a filter (copied now). */
    public Builder filter(Filter filter) {
      if (filter.isIn(filters)) {
        throw new IllegalArgumentException(filter.kind() + " filter '" + filter.name()
            + "' is declared twice; give each filter of a kind its own name");
      }
      filter.addTo(filters);
      return this;
    }

    /** Adds every filter, the commitment and the data slices of a raw Yellowstone request. */
    public Builder filters(SubscribeRequest request) {
      filters.mergeFrom(request);
      return this;
    }

    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    public Builder handler(UpdateHandler handler) {
      this.handler = handler;
      return this;
    }

    /** Where to start reading; see {@link StartPosition}. Default: earliest (for a group without offsets). */
    public Builder startFrom(StartPosition position) {
      this.startPosition = Objects.requireNonNull(position, "position");
      return this;
    }

    /** How long {@link Monitor#start()} waits for the gateway's answer. Default 30 s. */
    public Builder statusTimeout(Duration timeout) {
      this.statusTimeout = timeout;
      return this;
    }

    /** How often heartbeats are sent. Default 5 s; an instance silent for three intervals counts as gone. */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /** Whether {@link Monitor#close()} leaves the declaration in place (the gateway keeps publishing). */
    public Builder keepDeclarationOnClose(boolean keep) {
      this.keepDeclarationOnClose = keep;
      return this;
    }

    /** The wall clock of heartbeats and liveness checks (tests). */
    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @throws InvalidDeclarationException listing every problem, each naming the field and the fix
     */
    public Monitor build() {
      MonitorDeclaration declaration = MonitorDeclaration.newBuilder()
          .setMonitorId(id == null ? "" : id)
          .setGroup(group == null ? "" : group)
          .setPriority(priority)
          .setFilters(SortedFilters.of(filters.build()))
          .setInstanceId(UUID.randomUUID().toString())
          .build();
      List<String> problems = new ArrayList<>(FilterValidator.problems(declaration));
      if (handler == null) {
        problems.add("handler is not set; call handler(UpdateHandler) with what the monitor does with its updates");
      }
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        problems.add("bootstrapServers is '" + bootstrapServers + "', but must be host:port[,host:port]");
      }
      positive("statusTimeout", statusTimeout, problems);
      positive("heartbeatInterval", heartbeatInterval, problems);
      if (!problems.isEmpty()) {
        throw new InvalidDeclarationException(id, problems);
      }
      return new Monitor(declaration, new MonitorSettings(bootstrapServers, handler, startPosition, statusTimeout,
          heartbeatInterval, keepDeclarationOnClose, clock));
    }

    private static void positive(String key, Duration value, List<String> problems) {
      if (value == null || value.isNegative() || value.isZero()) {
        problems.add(key + " is " + value + ", but must be positive");
      }
    }
  }
}
