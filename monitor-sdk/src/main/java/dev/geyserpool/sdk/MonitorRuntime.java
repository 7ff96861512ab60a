package dev.geyserpool.sdk;

import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.internal.ConsumerLoop;
import dev.geyserpool.sdk.internal.DeadLetters;
import dev.geyserpool.sdk.internal.HeartbeatTask;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.PositionSeeker;
import dev.geyserpool.sdk.internal.RecordProcessor;
import dev.geyserpool.sdk.internal.RecordRange;
import dev.geyserpool.sdk.internal.SameRecords;
import dev.geyserpool.sdk.internal.StatusWatch;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.sdk.internal.UpdateDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs while a {@link Monitor} is accepted: the consumer thread with its loop, the
 * heartbeat thread and the dead-letter writer.
 *
 * <p>A live monitor joins the consumer group {@code geyser-monitor.<id>} (instances share the
 * partitions; the start position applies when the group has no offsets). A replay start
 * (timestamp or slot) assigns every partition of the topics itself and commits nothing, so the
 * live group's offsets never move.
 *
 * <p>Threading: created by the thread running {@link Monitor#start()}, stopped by the one running
 * {@link Monitor#close()} (the monitor's state machine orders the two); the consumer-exit callback
 * runs on the consumer thread and touches only the state and the (thread-safe) heartbeat sender.
 */
final class MonitorRuntime {
  private static final Logger log = LoggerFactory.getLogger(MonitorRuntime.class);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final Monitor monitor;
  private final HeartbeatTask heartbeats;
  private final DeadLetters deadLetters;
  private ConsumerLoop loop;
  private Thread thread;

  private MonitorRuntime(Monitor monitor, KafkaProducer<String, byte[]> producer) {
    this.monitor = monitor;
    this.deadLetters = new DeadLetters(producer, monitor.id(), KAFKA_TIMEOUT);
    this.heartbeats = new HeartbeatTask(producer, monitor.id(), monitor.instanceId(), monitor.group().id(),
        monitor.counters(), monitor::state, monitor.settings().clock());
  }

  /** Starts consuming; the watch belongs to the runtime from here on. */
  static MonitorRuntime start(Monitor monitor, StatusWatch watch, KafkaProducer<String, byte[]> producer) {
    MonitorRuntime runtime = new MonitorRuntime(monitor, producer);
    runtime.startConsuming(watch);
    return runtime;
  }

  private void startConsuming(StatusWatch watch) {
    StartPosition start = monitor.settings().startPosition();
    KafkaConsumer<String, byte[]> consumer;
    try {
      consumer = start.isReplay()
          ? KafkaClients.reader(monitor.settings().bootstrapServers(), monitor.clientId())
          : KafkaClients.groupMember(monitor.settings().bootstrapServers(), monitor.clientId(),
              "geyser-monitor." + monitor.id(), start.kind() == StartPosition.Kind.LATEST ? "latest" : "earliest");
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    try {
      // The reader of repeated updates opens a consumer only at its first miss, so nothing to close on failure here.
      SameRecords sameRecords = new SameRecords(monitor.settings().bootstrapServers(), monitor.clientId() + ".same",
          SameRecords.DEFAULT_CAPACITY_BYTES, SameRecords.DEFAULT_FETCH_TIMEOUT);
      RecordProcessor processor = new RecordProcessor(new UpdateDecoder(monitor.id()), sameRecords,
          RecordRange.from(start), monitor.settings().handler(), this::deadLetter, monitor.counters().latency,
          monitor.settings().clock());
      loop = new ConsumerLoop(monitor.id(), consumer, !start.isReplay(), processor, watch, this::statusArrived,
          monitor.counters(), monitor.settings().heartbeatInterval().dividedBy(2), this::consumerExited);
      if (start.isReplay()) {
        List<TopicPartition> partitions = partitions(consumer);
        consumer.assign(partitions);
        PositionSeeker.seek(consumer, partitions, start, monitor.settings().bootstrapServers(), monitor.clientId(),
            KAFKA_TIMEOUT);
        loop.assigned(Set.copyOf(partitions));
      } else {
        consumer.subscribe(monitor.topics(), loop.rebalanceListener());
      }
    } catch (RuntimeException e) {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
      watch.close();
      throw e;
    }
    thread = new Thread(loop, "geyser-monitor-" + monitor.id());
    thread.start();
    try {
      if (!loop.awaitAssignment(monitor.settings().statusTimeout())) {
        log.warn("Monitor {} has no partitions assigned after {} ms; it consumes once the group settles",
            monitor.id(), monitor.settings().statusTimeout().toMillis());
      }
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while monitor " + monitor.id() + " joined its consumer group", e);
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : monitor.topics()) {
      List<TopicPartition> found = TopicScan.partitions(consumer, topic, KAFKA_TIMEOUT);
      if (found.isEmpty()) {
        throw new IllegalStateException("monitor " + monitor.id() + " cannot replay: stream topic " + topic
            + " does not exist; the gateway creates the stream topics when it starts, so start it first");
      }
      partitions.addAll(found);
    }
    return partitions;
  }

  Set<TopicPartition> assignment() {
    return loop == null ? Set.of() : loop.assignment();
  }

  /**
   * Sends the first heartbeat and waits until Kafka has it, so a started monitor is visibly
   * live; then schedules the rest.
   */
  void startHeartbeats() {
    awaitHeartbeat(MonitorState.RUNNING);
    heartbeats.start(monitor.settings().heartbeatInterval());
  }

  /** The last heartbeat, {@code stopping}: other instances stop counting this one as live. */
  void finalHeartbeat() {
    awaitHeartbeat(MonitorState.STOPPING);
  }

  private void awaitHeartbeat(MonitorState reported) {
    try {
      heartbeats.send(reported).get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending a heartbeat of monitor " + monitor.id(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("monitor " + monitor.id() + " cannot write its heartbeat to Kafka at "
          + monitor.settings().bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /** Stops heartbeats and the consumer thread (which commits and closes its consumers). */
  void stop() {
    heartbeats.shutdown();
    if (loop == null) {
      return;
    }
    loop.shutdown();
    try {
      if (!loop.awaitTermination(STOP_TIMEOUT)) {
        log.warn("Monitor {}: the consumer thread did not stop within {} ms (a handler still running?)",
            monitor.id(), STOP_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
    deadLetters.send(record, error);
    monitor.counters().deadLettered.incrementAndGet();
    log.warn("Monitor {}: record {}-{}@{} sent to the dead-letter topic: {}", monitor.id(), record.topic(),
        record.partition(), record.offset(), DeadLetters.describe(error));
  }

  private void statusArrived(SubscriptionStatus status) {
    monitor.statusArrived(status);
    monitor.settings().handler().onStatus(status);
  }

  private void consumerExited(Throwable failure) {
    if (failure != null && monitor.moveTo(MonitorState.FAILED)) {
      try {
        heartbeats.send(MonitorState.FAILED);
      } catch (RuntimeException e) {
        log.warn("Monitor {}: cannot report its failure in a heartbeat: {}", monitor.id(), e.toString());
      }
    }
  }
}
