package dev.geyserpool.bench.jmh;

import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.gateway.publish.UpdateRouter;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The gateway's routing hot path, {@link UpdateRouter#onUpdate}, for a transaction tagged with
 * {@code filters} filter names of as many declared monitors (one stream carries one group, so
 * all are {@code high}): identity, dedup, matching each name to its monitor, and the hand-off to
 * the publisher thread.
 *
 * <p>Everything but Kafka is real: the publisher thread runs the real {@link KafkaPublisher}
 * (record key, headers, one record per group topic) into a producer that completes each send at
 * once. As in the gateway, a window of 1,024 unreleased updates (the stream's flow control)
 * bounds the queue: the caller blocks when the publisher thread falls behind, so the score is the
 * per-update cost of the slower of the two threads. On two cores each thread has one.
 *
 * <p>Each call routes a distinct update (4,096 variants of the fixture, 16 per slot); when the
 * variants come round again the router's dedup forgets them, as after a restart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UpdateRouterBench {
  static final int VARIANTS = 4096;
  static final int PER_SLOT = 16;
  static final int WINDOW = 1024;
  static final int DEDUP_SLOTS = 300;

  @Param({"1", "7", "25"})
  int filters;

  private RawUpdate[] updates;
  private UpdateRouter router;
  private Semaphore window;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Map<String, MonitorDeclaration> declared = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < filters; i++) {
      String monitor = "monitor-" + i;
      declared.put(monitor, MonitorDeclaration.newBuilder()
          .setMonitorId(monitor)
          .setGroup(MonitorGroup.HIGH.id())
          .setFilters(SubscribeRequest.getDefaultInstance())
          .build());
      names.add(FilterNames.qualify(monitor, "trades"));
    }
    Map<String, MonitorDeclaration> snapshot = Map.copyOf(declared);
    SubscribeUpdate base = Fixtures.pumpCreateAndBuy();
    updates = new RawUpdate[VARIANTS];
    long receivedAt = System.currentTimeMillis() * 1_000L;
    for (int i = 0; i < VARIANTS; i++) {
      SubscribeUpdate u = Fixtures.variant(base, i, 350_000_000L + i / PER_SLOT, names);
      updates[i] = new RawUpdate(u.toByteArray(), u, receivedAt);
    }
    window = new Semaphore(WINDOW);
    router = new UpdateRouter(new KafkaPublisher(instantProducer(), "bench:0"), () -> snapshot, DEDUP_SLOTS, WINDOW);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    router.shutdown();
    if (router.duplicates() != 0 || router.unrouted() != 0 || router.failed() != 0) {
      throw new IllegalStateException("wrong path measured: duplicates=" + router.duplicates()
          + " unrouted=" + router.unrouted() + " failed=" + router.failed());
    }
  }

  @Benchmark
  public void onUpdate() {
    window.acquireUninterruptibly();
    RawUpdate update = updates[next];
    if (++next == VARIANTS) {
      next = 0;
      router.forgetPublished();
    }
    router.onUpdate(update, new WindowReceipt(window));
  }

  /** A receipt that gives its window permit back once, like a stream's. */
  private static final class WindowReceipt implements Receipt {
    private final Semaphore window;
    private boolean released;

    WindowReceipt(Semaphore window) {
      this.window = window;
    }

    @Override
    public long slot() {
      return 0;
    }

    @Override
    public synchronized void release() {
      if (!released) {
        released = true;
        window.release();
      }
    }

    @Override
    public void settled() {
      release();
    }

    @Override
    public void failed(Exception cause) {
      release();
    }
  }

  /**
   * A producer that acknowledges every send at once and keeps nothing (Kafka's MockProducer keeps
   * every record, which would fill the heap within an iteration).
   */
  @SuppressWarnings("unchecked")
  static Producer<String, byte[]> instantProducer() {
    return (Producer<String, byte[]>) Proxy.newProxyInstance(
        UpdateRouterBench.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "send":
              if (args.length > 1 && args[1] != null) {
                ((Callback) args[1]).onCompletion(null, null);
              }
              return CompletableFuture.completedFuture(null);
            case "toString":
              return "instantProducer";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              return null;
          }
        });
  }
}
