package dev.geyserpool.gateway.publish;

import dev.geyserpool.gateway.publish.Deduplicator.Claim;
import dev.geyserpool.gateway.publish.Deduplicator.Publication;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateContent;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path from upstream to Kafka: finds the monitors each update matched, per group, drops
 * what each group's topic already holds for those monitors ({@link Deduplicator}, one per group),
 * and hands the rest to one publisher thread, so the gRPC reader never waits on Kafka. An update
 * whose bytes the topic already holds for other monitors (a second stream of the group, another
 * commitment) is published as a {@code same} record pointing at them, once that record is
 * acknowledged: each update's bytes are stored once per topic.
 *
 * <p>An update's {@link Receipt} is settled only when Kafka holds it for every monitor it
 * matched: its own records acknowledged, and any copy it waited on acknowledged too. Any refusal
 * fails the receipt, which keeps the stream's resume point at the update's slot. The queue cannot
 * overflow while the streams' windows bound it; if it ever does, the update fails (and is
 * replayed) rather than being published from the reader's thread.
 *
 * <p>Threading: {@link #onUpdate} is called from gRPC threads; one thread
 * ({@code geyser-publisher}) calls the producer. Whoever starts the router shuts it down.
 */
public final class UpdateRouter {
  private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);

  /**
   * One record to write: the update for some monitors of one group; a {@code same} record when
   * its publication has a base stored at a known place.
   */
  private record Part(String topic, Set<String> monitors, List<String> filters, Deduplicator dedup,
      Publication publication) {
    /** The stored publication to point at, or null to write the bytes. */
    Publication storedBase() {
      Publication base = publication == null ? null : publication.base();
      return base != null && base.offset() >= 0 ? base : null;
    }
  }

  private record Task(RawUpdate update, long slot, String identity, List<Part> parts, Outcome outcome) {}

  private final KafkaPublisher publisher;
  private final Supplier<Map<String, MonitorDeclaration>> monitors;
  private final int dedupSlots;
  private final java.util.function.Consumer<java.time.Duration> publishLatency;
  private final java.time.Clock clock;
  private final RefusalListener refusals;
  private final Map<MonitorGroup, Deduplicator> dedups = new java.util.concurrent.ConcurrentHashMap<>();
  private final BlockingQueue<Task> queue;
  private final Thread thread;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong sameRecords = new AtomicLong();
  /**
   * Per stream and record key, the updates held behind a pointer that waits for its base, oldest
   * first; a key is here only while one waits. Guarded by itself.
   */
  private final Map<LineKey, ArrayDeque<Held>> lines = new java.util.HashMap<>();
  /** How many keys {@link #lines} holds: 0 lets the common update skip the lock. */
  private volatile int heldKeys;
  private final Uncertain uncertain = new Uncertain();
  private volatile boolean running = true;

  /**
   * @param dedupSlots how many recent slots each group's dedup remembers
   * @param capacity at least the sum of every stream's window
   */
  public UpdateRouter(KafkaPublisher publisher, Supplier<Map<String, MonitorDeclaration>> monitors, int dedupSlots,
      int capacity) {
    this(publisher, monitors, dedupSlots, capacity, latency -> { }, java.time.Clock.systemUTC(), null);
  }

  /** Hears of an update Kafka refused for good, so its monitors get a gap record. */
  public interface RefusalListener {
    /** Called on the producer's thread: must not block. */
    void refused(String topic, Set<String> monitors, long slot, Exception cause);
  }

  /**
   * @param publishLatency hears, for each update Kafka holds, the time from its receipt (on
   *     {@code clock}, the clock that stamped it) to the acknowledgement; called on the producer's
   *     thread, must not block
   */
  public UpdateRouter(KafkaPublisher publisher, Supplier<Map<String, MonitorDeclaration>> monitors, int dedupSlots,
      int capacity, java.util.function.Consumer<java.time.Duration> publishLatency, java.time.Clock clock,
      RefusalListener refusals) {
    this.refusals = refusals != null ? refusals : this::gapForRefused;
    this.publishLatency = publishLatency;
    this.clock = clock;
    this.publisher = publisher;
    this.monitors = monitors;
    this.dedupSlots = dedupSlots;
    for (MonitorGroup group : MonitorGroup.values()) {
      dedups.put(group, new Deduplicator(dedupSlots));
    }
    // An unreleased update has at most one task with its bytes and one pointer task per group
    // queued; an update is released only once nothing of it is left to queue: the windows bound
    // the sum.
    this.queue = new ArrayBlockingQueue<>(capacity * (MonitorGroup.values().length + 1));
    this.thread = new Thread(this::drain, "geyser-publisher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Forgets what every group's topics hold (benchmarks: the same updates routed again). */
  public void forgetPublished() {
    for (MonitorGroup group : MonitorGroup.values()) {
      dedups.put(group, new Deduplicator(dedupSlots));
    }
  }

  /** The dedup of a group's topics, to seed from what they hold at start. */
  public Deduplicator dedup(MonitorGroup group) {
    return dedups.get(group);
  }

  /** Routes one update read on a stream; settles or fails its receipt exactly once. */
  public void onUpdate(RawUpdate update, Receipt receipt) {
    received.incrementAndGet();
    Map<String, MonitorDeclaration> declared = monitors.get();
    Map<MonitorGroup, Map<String, List<String>>> byGroup = new EnumMap<>(MonitorGroup.class);
    for (String filter : update.message().getFiltersList()) {
      Optional<String> monitor = FilterNames.monitorOf(filter);
      MonitorDeclaration d = monitor.map(declared::get).orElse(null);
      if (d != null) {
        byGroup.computeIfAbsent(MonitorGroup.parse(d.getGroup()), g -> new LinkedHashMap<>())
            .computeIfAbsent(d.getMonitorId(), m -> new ArrayList<>(1)).add(filter);
      }
    }
    Optional<UpdateKind> kind = UpdateKind.of(update.message());
    if (byGroup.isEmpty() || kind.isEmpty()) {
      unrouted.incrementAndGet();
      receipt.settled();
      return;
    }
    long slot = UpdateIdentity.slotOf(update.message());
    String identity = UpdateIdentity.of(update.message()).orElse(null);
    long content = identity == null ? 0 : UpdateContent.fingerprint(update.wire());
    List<Part> parts = new ArrayList<>(byGroup.size());
    List<Part> pointing = new ArrayList<>(0);
    List<Map.Entry<Deduplicator, Publication>> awaited = new ArrayList<>(0);
    byGroup.forEach((group, matched) -> {
      String topic = Topics.stream(group, kind.get());
      Deduplicator dedup = dedups.get(group);
      if (identity == null) {
        parts.add(new Part(topic, matched.keySet(), flatten(matched, matched.keySet()), null, null));
        return;
      }
      long beyond = dedup.beyondHorizon();
      Claim claim = dedup.claim(slot, identity, matched.keySet(), content);
      if (dedup.beyondHorizon() > beyond && beyond % 1000 == 0) {
        log.warn("update {} of slot {} for {} is older than the {} slots the dedup remembers: published unchecked "
            + "({} so far)", identity, slot, matched.keySet(), dedupSlots, beyond + 1);
      }
      Publication publication = claim.publication();
      if (publication != null) {
        Set<String> fresh = publication.monitors();
        Part part = new Part(topic, fresh, flatten(matched, fresh), dedup, publication);
        (publication.base() == null ? parts : pointing).add(part);
      }
      claim.awaited().forEach(p -> awaited.add(Map.entry(dedup, p)));
    });
    if (parts.isEmpty() && pointing.isEmpty() && awaited.isEmpty()) {
      duplicates.incrementAndGet();
      receipt.settled();
      return;
    }
    Outcome outcome = new Outcome(parts.size() + pointing.size() + awaited.size(), receipt, () -> {
      long micros = clock.millis() * 1000 - update.receivedAtMicros();
      publishLatency.accept(java.time.Duration.ofNanos(Math.max(0, micros) * 1000));
    });
    // Pointers whose base Kafka answered go out with the bytes; the others wait for that answer.
    List<Part> waiting = new ArrayList<>(0);
    for (Part part : pointing) {
      (part.dedup().pending(part.publication().base()) ? waiting : parts).add(part);
    }
    if (parts.stream().allMatch(p -> p.publication() != null && p.publication().base() != null)) {
      // The topics hold (or are writing) this content already: no bytes of this copy are written.
      duplicates.incrementAndGet();
    }
    if (parts.isEmpty() && waiting.isEmpty()) {
      // Nothing of this copy is queued, now or later: its read-ahead permit is free.
      receipt.release();
    }
    for (Map.Entry<Deduplicator, Publication> a : awaited) {
      a.getKey().await(a.getValue(), ok -> outcome.one(ok, ok ? null : new IllegalStateException(
          "the copy of " + identity + " this update waited on was refused by Kafka")));
    }
    Task task = parts.isEmpty() ? null : new Task(update, slot, identity, parts, outcome);
    if (waiting.isEmpty() && heldKeys == 0) {
      if (task != null) {
        enqueue(task);
      }
      return;
    }
    LineKey key = new LineKey(receipt.source(), UpdateIdentity.recordKey(update.message()).orElse(identity));
    inKeyOrder(key, task, waiting, update, slot, identity, outcome);
  }

  /**
   * Queues an update's tasks in the order its stream delivered it among that stream's updates of
   * the same record key: behind any of them whose pointer still waits for its base, and, if this
   * one waits, holding the stream's later ones of the key until its base is answered. So a monitor
   * reads one account's updates in its stream's order even when one of them is a {@code same}
   * record. Lines are per stream: a base, always another stream's or an earlier update of this
   * one, is never held behind the pointer waiting for it.
   */
  private void inKeyOrder(LineKey key, Task task, List<Part> waiting, RawUpdate update, long slot, String identity,
      Outcome outcome) {
    Held held = new Held();
    synchronized (lines) {
      ArrayDeque<Held> line = lines.get(key);
      if (line == null && waiting.isEmpty()) {
        if (task != null) {
          enqueue(task);
        }
        return;
      }
      if (task != null) {
        held.tasks.add(task);
      }
      held.pending = waiting.size();
      if (line == null) {
        line = new ArrayDeque<>();
        lines.put(key, line);
        heldKeys = lines.size();
      }
      line.add(held);
    }
    for (Part part : waiting) {
      // Point at the base's record once Kafka placed it; if it was refused, so is this.
      part.dedup().await(part.publication().base(), ok -> {
        synchronized (lines) {
          if (ok) {
            held.tasks.add(new Task(update, slot, identity, List.of(part), outcome));
          } else {
            resolve(part, slot, identity, false, -1, -1);
            outcome.one(false, new IllegalStateException("the record of " + identity + " this one points at was "
                + "refused by Kafka"));
          }
          held.pending--;
          drain(key);
        }
      });
    }
    synchronized (lines) {
      drain(key);
    }
  }

  /** Queues the updates of {@code key} that wait for nothing any more, in order. Holds {@code lines}. */
  private void drain(LineKey key) {
    ArrayDeque<Held> line = lines.get(key);
    while (line != null && !line.isEmpty() && line.peekFirst().pending == 0) {
      line.pollFirst().tasks.forEach(this::enqueue);
    }
    if (line != null && line.isEmpty()) {
      lines.remove(key);
      heldKeys = lines.size();
    }
  }

  /** A stream and a record key: the updates whose order is kept. */
  private record LineKey(Object source, String recordKey) {}

  /** One update's tasks held in its key's line until its pointers' bases are answered. */
  private static final class Held {
    final List<Task> tasks = new ArrayList<>(2);
    int pending;
  }

  /** Queues a task for the publisher thread; never blocks (it may run on Kafka's I/O thread). */
  private void enqueue(Task task) {
    if (!queue.offer(task)) {
      // Cannot happen while windows bound the queue; never publish from the reader's thread.
      log.error("publish queue full ({} tasks): a stream read past its window; failing the update", queue.size());
      IllegalStateException full = new IllegalStateException("publish queue full");
      for (Part part : task.parts()) {
        resolve(part, task.slot(), task.identity(), false, -1, -1);
        task.outcome().one(false, full);
      }
    }
  }

  private static List<String> flatten(Map<String, List<String>> filtersByMonitor, Set<String> monitors) {
    List<String> out = new ArrayList<>();
    for (String m : monitors) {
      out.addAll(filtersByMonitor.getOrDefault(m, List.of()));
    }
    return out;
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
    for (Part part : task.parts()) {
      Publication base = part.storedBase();
      KafkaPublisher.Stored stored = (ok, failure, partition, offset) -> {
        if (!ok && failure != null && KafkaPublisher.isPermanent(failure)) {
          // Sending it again cannot help, and a replay would loop on it: say so loudly, go on.
          refused.incrementAndGet();
          log.error("Kafka refuses update {} of slot {} ({} bytes) for topic {} for good: {}. Raise the topic's "
              + "max.message.bytes (and the broker's message.max.bytes) to at least the upstream message limit",
              task.identity(), task.slot(), task.update().wire().length, part.topic(), failure.toString());
          resolve(part, task.slot(), task.identity(), true, -1, -1);
          refusals.refused(part.topic(), part.monitors(), task.slot(), failure);
          task.outcome().one(true, null);
          return;
        }
        if (!ok) {
          // A send that timed out may still have been written: remember where, so the dedup is
          // re-read from the topics before the replay (see takeUncertain).
          uncertain.add(task.slot(), task.update().receivedAtMicros() / 1000);
        }
        if (base != null) {
          // A same record holds no bytes: later copies point at the base's, as this one does.
          resolve(part, task.slot(), task.identity(), ok, base.partition(), base.offset());
          if (ok) {
            sameRecords.incrementAndGet();
          }
        } else {
          resolve(part, task.slot(), task.identity(), ok, partition, offset);
        }
        task.outcome().one(ok, failure);
      };
      if (base != null) {
        publisher.publishSame(task.update(), part.topic(), part.monitors(), part.filters(), base.partition(),
            base.offset(), stored);
      } else {
        publisher.publish(task.update(), part.topic(), part.monitors(), part.filters(), stored);
      }
    }
  }

  /** Without a listener: one gap record on the topic, so the monitors see the hole. */
  private void gapForRefused(String topic, Set<String> monitors, long slot, Exception cause) {
    dev.geyserpool.proto.pool.GapRecord gap = dev.geyserpool.proto.pool.GapRecord.newBuilder()
        .setFromSlot(slot).setToSlot(slot).addAllMonitorIds(monitors).setStreamId("refused:" + topic)
        .setReason("Kafka refused an update of this slot for good: " + cause)
        .setDetectedAtEpochMicros(clock.millis() * 1000).build();
    publisher.publishGap(gap, topic, monitors, (ok, failure) -> {
      if (!ok) {
        log.error("the gap record for the refused update of slot {} on {} was refused too: {}", slot, topic,
            failure == null ? "?" : failure.toString());
      }
    });
  }

  private void resolve(Part part, long slot, String identity, boolean ok, int partition, long offset) {
    if (part.dedup() != null) {
      part.dedup().resolve(part.publication(), slot, identity, ok, partition, offset);
    }
    if (ok) {
      published.incrementAndGet();
    } else {
      failed.incrementAndGet();
    }
  }

  /** Counts the parts of one update down; settles or fails its receipt when the last answers. */
  private static final class Outcome {
    private final AtomicInteger remaining;
    private final AtomicBoolean anyFailed = new AtomicBoolean();
    private final AtomicReference<Exception> cause = new AtomicReference<>();
    private final Receipt receipt;
    private final Runnable onPublished;

    Outcome(int parts, Receipt receipt, Runnable onPublished) {
      this.remaining = new AtomicInteger(parts);
      this.receipt = receipt;
      this.onPublished = onPublished;
    }

    void one(boolean ok, Exception failure) {
      if (!ok) {
        anyFailed.set(true);
        cause.compareAndSet(null, failure == null ? new IllegalStateException("not published") : failure);
      }
      if (remaining.decrementAndGet() == 0) {
        if (anyFailed.get()) {
          receipt.failed(cause.get());
        } else {
          receipt.settled();
          onPublished.run();
        }
      }
    }
  }

  public long received() {
    return received.get();
  }

  /** Copies dropped because the topic already held (or was writing) them for their monitors. */
  public long duplicates() {
    return duplicates.get();
  }

  public long unrouted() {
    return unrouted.get();
  }

  /** Of the records acknowledged, those pointing at bytes the topic held already ({@code same} records). */
  public long sameRecords() {
    return sameRecords.get();
  }

  /** Records Kafka acknowledged. */
  public long published() {
    return published.get();
  }

  /** Records Kafka refused (each is replayed by its stream). */
  public long failed() {
    return failed.get();
  }

  /**
   * Where refused sends begin since the last call, or empty: a refusal after a timeout does not
   * say the record is absent (the broker may have written it without answering), so before a
   * replay publishes such updates again the dedup must be re-read from the topics from here.
   */
  public Optional<UncertainSince> takeUncertain() {
    return uncertain.take();
  }

  /** Gives back what {@link #takeUncertain} returned, when re-reading failed. */
  public void restoreUncertain(UncertainSince since) {
    uncertain.add(since.slot(), since.epochMillis());
  }

  /** The lowest slot and the earliest receipt time of updates whose sends were refused. */
  public record UncertainSince(long slot, long epochMillis) {}

  private static final class Uncertain {
    private long slot = Long.MAX_VALUE;
    private long epochMillis = Long.MAX_VALUE;

    synchronized void add(long s, long millis) {
      slot = Math.min(slot, s);
      epochMillis = Math.min(epochMillis, millis);
    }

    synchronized Optional<UncertainSince> take() {
      if (slot == Long.MAX_VALUE) {
        return Optional.empty();
      }
      UncertainSince since = new UncertainSince(slot, epochMillis);
      slot = Long.MAX_VALUE;
      epochMillis = Long.MAX_VALUE;
      return Optional.of(since);
    }
  }

  /** Updates Kafka refused for good (too large, invalid): logged, not replayed. */
  public long refused() {
    return refused.get();
  }

  /** Publishes what is queued, then stops the thread. */
  public void shutdown() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(30));
    // Acknowledgements that arrive while flushing queue the same records waiting on them: publish
    // those too, until nothing waits (bounded).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      publisher.flush();
      for (Task task = queue.poll(); task != null; task = queue.poll()) {
        publish(task);
      }
    } while ((!queue.isEmpty() || heldKeys > 0) && System.nanoTime() < deadline);
    publisher.flush();
  }

  /** Stops the thread at once, dropping what is queued (an abrupt stop: nothing is settled). */
  public void shutdownNow() {
    running = false;
    queue.clear();
    thread.interrupt();
  }
}
