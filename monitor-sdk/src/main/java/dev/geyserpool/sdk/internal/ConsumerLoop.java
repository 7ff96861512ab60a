package dev.geyserpool.sdk.internal;

import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.UpdateHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running monitor's consumer thread: poll, hand each record to the {@link RecordProcessor},
 * commit the handled offsets (at-least-once: after the handler), pass the gateway's statuses to
 * {@link UpdateHandler#onStatus}, and between polls compute the lag the heartbeats report.
 *
 * <p>Threading: {@link #run()} owns the KafkaConsumer and the {@link StatusWatch} and is the only
 * code that calls them (neither is thread-safe); other threads only read the volatile
 * {@link #assignment()} and call {@link #shutdown()}, which sets a flag and wakes the consumer.
 * A shutdown lets the record in hand finish, commits what was handled, leaves the group and
 * closes both consumers and the processor (its reader of repeated updates); then {@code onExit}
 * runs on this thread with the failure, if any.
 */
public final class ConsumerLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

  private final String monitorId;
  private final KafkaConsumer<String, byte[]> consumer;
  private final boolean commits;
  private final RecordProcessor processor;
  private final StatusWatch statuses;
  private final Consumer<SubscriptionStatus> onStatus;
  private final MonitorCounters counters;
  private final long lagRefreshNanos;
  private final Consumer<Throwable> onExit;
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shuttingDown;
  private volatile Set<TopicPartition> assignment = Set.of();
  private long lagRefreshedAtNanos;

  /**
   * @param onStatus gets every status the watch reads (the monitor passes it to {@link UpdateHandler#onStatus})
   * @param commits whether to commit offsets (a group member) or not (a replay's manual assignment)
   * @param onExit called once when the loop ends, with its failure or null
   */
  public ConsumerLoop(String monitorId, KafkaConsumer<String, byte[]> consumer, boolean commits,
      RecordProcessor processor, StatusWatch statuses, Consumer<SubscriptionStatus> onStatus, MonitorCounters counters,
      Duration lagRefresh, Consumer<Throwable> onExit) {
    this.monitorId = monitorId;
    this.consumer = consumer;
    this.commits = commits;
    this.processor = processor;
    this.statuses = statuses;
    this.onStatus = onStatus;
    this.counters = counters;
    this.lagRefreshNanos = lagRefresh.toNanos();
    this.onExit = onExit;
    this.lagRefreshedAtNanos = System.nanoTime() - lagRefreshNanos;
  }

  /** The listener to subscribe with: tracks the assignment and resolves start positions. */
  public ConsumerRebalanceListener rebalanceListener() {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Offsets are committed after every batch, before the next poll: nothing is pending here.
        without(partitions);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        without(partitions);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // Resolve the group's committed offsets (or the reset policy) now, so that a monitor
        // whose start() returned holds real positions.
        try {
          for (TopicPartition partition : partitions) {
            consumer.position(partition, LAG_TIMEOUT);
          }
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          log.warn("Monitor {}: positions of {} not resolved yet ({}); the next poll resolves them", monitorId,
              partitions, e.toString());
        }
        assigned(consumer.assignment());
      }

      private void without(Collection<TopicPartition> partitions) {
        Set<TopicPartition> left = new HashSet<>(assignment);
        left.removeAll(partitions);
        assignment = Set.copyOf(left);
      }
    };
  }

  /** Records a manual assignment (replays), already positioned. */
  public void assigned(Set<TopicPartition> partitions) {
    assignment = Set.copyOf(partitions);
    assigned.countDown();
  }

  /** The partitions this instance reads now. */
  public Set<TopicPartition> assignment() {
    return assignment;
  }

  /** Waits until the first assignment is positioned. */
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      while (!shuttingDown) {
        pollOnce();
      }
    } catch (WakeupException e) {
      if (!shuttingDown) {
        failure = e;
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("Monitor {} stopped consuming: {}", monitorId, e.toString(), e);
    } finally {
      close();
      try {
        onExit.accept(failure);
      } finally {
        terminated.countDown();
      }
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
    Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    try {
      Set<TopicPartition> retrying = new HashSet<>(0);
      for (ConsumerRecord<String, byte[]> record : records) {
        if (shuttingDown) {
          break;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (retrying.contains(partition)) {
          continue;
        }
        switch (processor.process(record)) {
          case DELIVERED -> counters.delivered.incrementAndGet();
          case SKIPPED -> counters.skipped.incrementAndGet();
          case FAILED -> { } // counted by the failure policy once the dead letter is stored
          case RETRY -> {
            // The rest of this partition waits: its order holds, the next poll starts here again.
            consumer.seek(partition, record.offset());
            retrying.add(partition);
            continue;
          }
        }
        firstOffsets.putIfAbsent(partition, record.offset());
        handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    } finally {
      if (settled(firstOffsets)) {
        commit(handled);
      }
    }
    forwardStatuses();
    refreshLag();
  }

  /**
   * Lets the handler flush what the batch produced. When it cannot, the batch is not committed
   * and the consumer rewinds to the batch's first records, so its output is produced again rather
   * than lost.
   */
  private boolean settled(Map<TopicPartition, Long> firstOffsets) {
    if (firstOffsets.isEmpty()) {
      return true;
    }
    try {
      processor.batchHandled();
      return true;
    } catch (WakeupException | InterruptException e) {
      firstOffsets.forEach(consumer::seek);
      throw e;
    } catch (Exception e) {
      log.error("Monitor {}: onBatchHandled failed ({}); the batch is not committed and is handled again from {}",
          monitorId, e.toString(), firstOffsets, e);
      firstOffsets.forEach(consumer::seek);
      return false;
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> handled) {
    if (!commits || handled.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(handled);
    } catch (WakeupException e) {
      // A shutdown's wakeup hit the commit: the wakeup is spent, commit again.
      consumer.commitSync(handled);
    } catch (CommitFailedException e) {
      // The partitions moved to another instance meanwhile; it reads these records again.
      log.warn("Monitor {}: offsets {} not committed, the group rebalanced: {}", monitorId, handled, e.getMessage());
    }
  }

  private void forwardStatuses() {
    for (SubscriptionStatus status : statuses.poll()) {
      try {
        onStatus.accept(status);
      } catch (RuntimeException e) {
        log.error("Monitor {}: onStatus threw on {}: {}", monitorId, status.getState(), e.toString(), e);
      }
    }
  }

  /** Lag is computed here, on the consumer's own thread, between polls. */
  private void refreshLag() {
    long now = System.nanoTime();
    if (now - lagRefreshedAtNanos < lagRefreshNanos) {
      return;
    }
    lagRefreshedAtNanos = now;
    Set<TopicPartition> partitions = consumer.assignment();
    try {
      long lag = 0;
      if (!partitions.isEmpty()) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, LAG_TIMEOUT);
        for (TopicPartition partition : partitions) {
          lag += Math.max(0, ends.getOrDefault(partition, 0L) - consumer.position(partition, LAG_TIMEOUT));
        }
      }
      counters.lag(lag);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      log.debug("Monitor {}: lag not refreshed: {}", monitorId, e.toString());
    }
  }

  private void close() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      log.warn("Monitor {}: closing the consumer failed: {}", monitorId, e.toString());
    }
    try {
      statuses.close();
    } catch (RuntimeException e) {
      log.warn("Monitor {}: closing the status watch failed: {}", monitorId, e.toString());
    }
    try {
      processor.close();
    } catch (RuntimeException e) {
      log.warn("Monitor {}: closing the reader of repeated updates failed: {}", monitorId, e.toString());
    }
  }

  /** Asks the loop to stop after the record in hand; returns at once. */
  public void shutdown() {
    shuttingDown = true;
    consumer.wakeup();
  }

  /** Waits until the loop has committed and closed its consumers. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
