package dev.geyserpool.gateway;

import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.UpstreamChannels;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: holds the upstream Yellowstone connection and its Subscribe streams, and
 * publishes every update to the stream topics of the monitors it matched.
 *
 * <p>Monitors sharing a {@link StreamKey} share one stream whose request merges their filters;
 * declaring or removing a monitor re-sends that request on the open stream (no new connection).
 *
 * <p>Threading: all bookkeeping (declarations, streams, reconnects) runs on one serialized
 * control thread; readers see an immutable snapshot of the declarations. Updates flow from gRPC
 * threads straight to the Kafka producer; each stream reads ahead at most
 * {@link GatewayConfig#streamWindow()} unpublished updates. Whoever starts the gateway shuts it
 * down.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestGateway.class);

  private final GatewayConfig config;
  private final KafkaPublisher publisher;
  private final ScheduledExecutorService control;

  // Owned by the control thread.
  private final Map<String, MonitorDeclaration> declarations = new HashMap<>();
  private final Map<StreamKey, SubscribeStream> streams = new HashMap<>();
  private final Map<StreamKey, Integer> reconnectAttempts = new HashMap<>();
  private ManagedChannel channel;
  private Channel authenticated;
  private boolean shutdown;

  // Read by gRPC threads.
  private volatile Map<String, MonitorDeclaration> snapshot = Map.of();

  private final AtomicLong upstreamConnections = new AtomicLong();
  private final AtomicLong streamsOpened = new AtomicLong();
  private final AtomicLong streamFailures = new AtomicLong();
  private final AtomicLong updatesReceived = new AtomicLong();
  private final AtomicLong updatesPublished = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();

  private IngestGateway(GatewayConfig config, KafkaPublisher publisher) {
    this.config = config;
    this.publisher = publisher;
    this.control = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "geyser-gateway-control");
      t.setDaemon(true);
      return t;
    });
    long pingMillis = config.pingInterval().toMillis();
    control.scheduleWithFixedDelay(this::pingStreams, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
  }

  /** Starts a gateway; it opens upstream streams as monitors are declared. */
  public static IngestGateway start(GatewayConfig config) {
    log.info("Starting ingest gateway: {}", config);
    return new IngestGateway(
        config, KafkaPublisher.create(config.kafkaBootstrapServers(), config.clientId(), config.producerOverrides()));
  }

  /**
   * Adds or replaces a monitor's declaration and applies it to its stream: the stream is opened
   * if it is the first of its kind, otherwise its merged request is re-sent.
   */
  public void declare(MonitorDeclaration declaration) {
    if (FilterNames.monitorIdProblem(declaration.getMonitorId()).isPresent()) {
      throw new IllegalArgumentException(FilterNames.monitorIdProblem(declaration.getMonitorId()).get());
    }
    MonitorGroup.parse(declaration.getGroup());
    onControl(() -> {
      MonitorDeclaration previous = declarations.put(declaration.getMonitorId(), declaration);
      publishSnapshot();
      if (previous != null && !StreamKey.of(previous).equals(StreamKey.of(declaration))) {
        applyStream(StreamKey.of(previous));
      }
      applyStream(StreamKey.of(declaration));
    });
  }

  /** Removes a monitor; its filters leave their stream, and a stream left empty is closed. */
  public void remove(String monitorId) {
    onControl(() -> {
      MonitorDeclaration previous = declarations.remove(monitorId);
      publishSnapshot();
      if (previous != null) {
        applyStream(StreamKey.of(previous));
      }
    });
  }

  public GatewayStats stats() {
    Map<String, Integer> byStream = new TreeMap<>();
    int open;
    try {
      open = control.submit(() -> {
        for (Map.Entry<StreamKey, SubscribeStream> e : streams.entrySet()) {
          int n = (int) declarations.values().stream().filter(d -> StreamKey.of(d).equals(e.getKey())).count();
          byStream.put(e.getValue().id(), n);
        }
        return streams.size();
      }).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      open = -1;
    } catch (ExecutionException | TimeoutException e) {
      open = -1;
    }
    return new GatewayStats(
        upstreamConnections.get(), open, streamsOpened.get(), streamFailures.get(), updatesReceived.get(),
        updatesPublished.get(), publisher.recordsPublished(), publisher.failures(), unrouted.get(), byStream);
  }

  /** Closes the streams and the connection, then flushes and closes the producer. */
  public void shutdown() {
    onControl(() -> {
      shutdown = true;
      for (SubscribeStream stream : streams.values()) {
        stream.cancel("gateway shutting down");
      }
      streams.clear();
      if (channel != null) {
        channel.shutdown();
      }
    });
    control.shutdown();
  }

  /** Waits for the connection to close and the producer to deliver what it holds. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = control.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (channel != null) {
      done &= channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    publisher.close();
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

  private void applyStream(StreamKey key) {
    if (shutdown) {
      return;
    }
    List<MonitorDeclaration> members = new ArrayList<>();
    for (MonitorDeclaration d : declarations.values()) {
      if (StreamKey.of(d).equals(key)) {
        members.add(d);
      }
    }
    SubscribeStream stream = streams.get(key);
    if (members.isEmpty()) {
      if (stream != null) {
        streams.remove(key);
        stream.cancel("no monitor left on stream " + stream.id());
      }
      return;
    }
    if (stream == null) {
      openStream(key, members);
    } else {
      stream.send(SubscriptionMerger.merge(members));
    }
  }

  private void openStream(StreamKey key, List<MonitorDeclaration> members) {
    if (channel == null) {
      channel = UpstreamChannels.open(config.upstream());
      authenticated = UpstreamChannels.authenticated(channel, config.upstream());
      upstreamConnections.incrementAndGet();
      log.info("Opened upstream connection to {}", config.upstream().target());
    }
    SubscribeStream stream =
        new SubscribeStream("stream-" + key.label(), authenticated, config.streamWindow(), config.clock(), new Router());
    streams.put(key, stream);
    streamsOpened.incrementAndGet();
    stream.start(SubscriptionMerger.merge(members));
    log.info("Opened {} for {} monitor(s)", stream.id(), members.size());
  }

  private void onStreamClosed(SubscribeStream stream, Status status) {
    StreamKey key = null;
    for (Map.Entry<StreamKey, SubscribeStream> e : streams.entrySet()) {
      if (e.getValue() == stream) {
        key = e.getKey();
      }
    }
    if (key == null || shutdown) {
      return;
    }
    streams.remove(key);
    if (status.isOk()) {
      log.info("{} ended by the server; reopening", stream.id());
    } else {
      streamFailures.incrementAndGet();
      log.warn("{} failed: {} {}", stream.id(), status.getCode(), status.getDescription());
    }
    int attempt = reconnectAttempts.merge(key, 1, Integer::sum);
    if (stream.updatesReceived() > 0) {
      reconnectAttempts.put(key, 1);
      attempt = 1;
    }
    long delay = backoffMillis(attempt);
    StreamKey reopen = key;
    control.schedule(() -> applyStream(reopen), delay, TimeUnit.MILLISECONDS);
  }

  private long backoffMillis(int attempt) {
    long min = config.reconnectBackoffMin().toMillis();
    long max = config.reconnectBackoffMax().toMillis();
    long exp = Math.min(max, min << Math.min(20, attempt - 1));
    return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
  }

  private void pingStreams() {
    for (SubscribeStream stream : streams.values()) {
      stream.ping();
    }
  }

  private void publishSnapshot() {
    snapshot = Map.copyOf(declarations);
  }

  private void onControl(Runnable action) {
    try {
      control.submit(() -> {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.error("Gateway control action failed", e);
          throw e;
        }
      }).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the gateway control thread", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the gateway control thread did not answer in 30s", e);
    }
  }

  // ---- gRPC threads --------------------------------------------------------------------------

  /** Routes each update to the topics of the monitors it matched. */
  private final class Router implements SubscribeStream.Listener {
    @Override
    public void onUpdate(SubscribeStream stream, RawUpdate update, Runnable release) {
      updatesReceived.incrementAndGet();
      Map<String, MonitorDeclaration> monitors = snapshot;
      Set<String> matched = new LinkedHashSet<>();
      List<String> filters = new ArrayList<>();
      Set<MonitorGroup> groups = EnumSet.noneOf(MonitorGroup.class);
      for (String filter : update.message().getFiltersList()) {
        FilterNames.monitorOf(filter).map(monitors::get).ifPresent(d -> {
          matched.add(d.getMonitorId());
          filters.add(filter);
          groups.add(MonitorGroup.parse(d.getGroup()));
        });
      }
      if (matched.isEmpty()) {
        unrouted.incrementAndGet();
        release.run();
        return;
      }
      publisher.publish(update, matched, filters, groups, (published, failure) -> {
        if (published) {
          updatesPublished.incrementAndGet();
        }
        release.run();
      });
    }

    @Override
    public void onClosed(SubscribeStream stream, Status status) {
      if (!control.isShutdown()) {
        control.execute(() -> onStreamClosed(stream, status));
      }
    }
  }
}
