package dev.geyserpool.gateway.publish;

import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.UpdateIdentity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path from upstream to Kafka: drops the overlap a resumed stream replays, finds the
 * monitors each update matched, and hands it to one publisher thread, so the gRPC reader never
 * waits on Kafka. The queue cannot overflow: each stream reads ahead at most its flow-control
 * window of unreleased updates, and an update is released only once Kafka acknowledged it.
 *
 * <p>Threading: {@link #onUpdate} is called from gRPC threads; one thread
 * ({@code geyser-publisher}) calls the producer. Whoever starts the router shuts it down.
 */
public final class UpdateRouter {
  private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);

  private record Task(RawUpdate update, Set<String> monitors, List<String> filters, Set<MonitorGroup> groups, Runnable release) {}

  private final KafkaPublisher publisher;
  private final Supplier<Map<String, MonitorDeclaration>> monitors;
  private final BlockingQueue<Task> queue;
  private final Thread thread;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param capacity at least the sum of every stream's window
   */
  public UpdateRouter(KafkaPublisher publisher, Supplier<Map<String, MonitorDeclaration>> monitors, int capacity) {
    this.publisher = publisher;
    this.monitors = monitors;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::drain, "geyser-publisher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Routes one update read on a stream slot. {@code release} is run exactly once, when the update
   * is published, dropped as a duplicate, or matched no monitor.
   */
  public void onUpdate(Deduplicator dedup, RawUpdate update, Runnable release) {
    received.incrementAndGet();
    Optional<String> identity = UpdateIdentity.of(update.message());
    if (identity.isPresent() && !dedup.firstTime(UpdateIdentity.slotOf(update.message()), identity.get())) {
      duplicates.incrementAndGet();
      release.run();
      return;
    }
    Map<String, MonitorDeclaration> declared = monitors.get();
    Set<String> matched = new LinkedHashSet<>();
    List<String> filters = new ArrayList<>();
    Set<MonitorGroup> groups = EnumSet.noneOf(MonitorGroup.class);
    for (String filter : update.message().getFiltersList()) {
      Optional<String> monitor = FilterNames.monitorOf(filter);
      MonitorDeclaration d = monitor.map(declared::get).orElse(null);
      if (d != null) {
        matched.add(d.getMonitorId());
        filters.add(filter);
        groups.add(MonitorGroup.parse(d.getGroup()));
      }
    }
    if (matched.isEmpty()) {
      unrouted.incrementAndGet();
      release.run();
      return;
    }
    if (!queue.offer(new Task(update, matched, filters, groups, release))) {
      // Cannot happen while windows bound the queue; publish inline rather than drop.
      log.error("publish queue full ({} tasks): a stream read past its window", queue.size());
      publish(new Task(update, matched, filters, groups, release));
    }
  }

  private void drain() {
    while (running || !queue.isEmpty()) {
      try {
        Task task = queue.poll(100, TimeUnit.MILLISECONDS);
        if (task != null) {
          publish(task);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("publisher thread caught {}; it keeps running", e.toString(), e);
      }
    }
  }

  private void publish(Task task) {
    publisher.publish(task.update(), task.monitors(), task.filters(), task.groups(), (ok, failure) -> {
      if (ok) {
        published.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      task.release().run();
    });
  }

  public long received() {
    return received.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long unrouted() {
    return unrouted.get();
  }

  public long published() {
    return published.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Publishes what is queued, then stops the thread. */
  public void shutdown() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(30));
    publisher.flush();
  }
}
