package dev.geyserpool.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code geyser.subscription-status} for one monitor id, from the end of the topic as
 * it was when the watch opened: opened before the declaration is written, it cannot miss the
 * gateway's answer, and it never mistakes an old answer for a new one.
 *
 * <p>Threading: confined to one thread at a time (its consumer is not thread-safe): the thread
 * running {@code Monitor.start()} waits for the answer, then hands the watch to the monitor's
 * consumer thread, which polls it between polls of the stream. The owner closes it.
 */
public final class StatusWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusWatch.class);
  /** The states that answer a declaration; the others (gap, removed) do not end the wait. */
  private static final Set<SubscriptionState> ANSWERS = EnumSet.of(
      SubscriptionState.SUBSCRIPTION_ACCEPTED, SubscriptionState.SUBSCRIPTION_ACTIVE,
      SubscriptionState.SUBSCRIPTION_DEGRADED, SubscriptionState.SUBSCRIPTION_REJECTED);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String monitorId;
  /** Statuses read while waiting for the answer that came after it: surfaced by the next {@link #poll()}. */
  private final Deque<SubscriptionStatus> pending = new ArrayDeque<>();

  private StatusWatch(KafkaConsumer<String, byte[]> consumer, String monitorId) {
    this.consumer = consumer;
    this.monitorId = monitorId;
  }

  /** Opens a watch positioned at the current end of the status topic. */
  public static StatusWatch openAtEnd(String bootstrapServers, String monitorId, Duration timeout) {
    KafkaConsumer<String, byte[]> consumer =
        KafkaClients.reader(bootstrapServers, "geyser-monitor." + monitorId + ".status");
    try {
      List<TopicPartition> partitions = TopicScan.partitions(consumer, Topics.SUBSCRIPTION_STATUS, timeout);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy: resolve it now, before the declaration is written, or an answer
      // arriving meanwhile would be skipped.
      partitions.forEach(p -> consumer.position(p, timeout));
      return new StatusWatch(consumer, monitorId);
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }

  /**
   * Waits for the gateway's answer about {@code instanceId} and {@code filtersDigest}: accepted,
   * active, degraded or rejected. Statuses about other instances or filters are passed over.
   *
   * @return the answer, or empty when none came within {@code timeout}
   */
  public Optional<SubscriptionStatus> awaitAnswer(String instanceId, String filtersDigest, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0) {
      List<SubscriptionStatus> read = read(Duration.ofNanos(Math.min(remaining, Duration.ofMillis(100).toNanos())));
      for (int i = 0; i < read.size(); i++) {
        SubscriptionStatus status = read.get(i);
        if (ANSWERS.contains(status.getState()) && instanceId.equals(status.getInstanceId())
            && filtersDigest.equals(status.getFiltersDigest())) {
          pending.addAll(read.subList(i + 1, read.size()));
          return Optional.of(status);
        }
      }
    }
    return Optional.empty();
  }

  /** Every status about the monitor read since the last call, without waiting. */
  public List<SubscriptionStatus> poll() {
    List<SubscriptionStatus> statuses = new ArrayList<>(pending);
    pending.clear();
    statuses.addAll(read(Duration.ZERO));
    return statuses;
  }

  private List<SubscriptionStatus> read(Duration wait) {
    List<SubscriptionStatus> statuses = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
      if (!monitorId.equals(record.key()) || record.value() == null || record.value().length == 0) {
        continue;
      }
      try {
        statuses.add(SubscriptionStatus.parseFrom(record.value()));
      } catch (InvalidProtocolBufferException e) {
        log.warn("Monitor {}: the status at {}-{}@{} cannot be parsed ({}); skipped", monitorId, record.topic(),
            record.partition(), record.offset(), e.getMessage());
      }
    }
    return statuses;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
