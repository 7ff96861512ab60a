package dev.geyserpool.gateway.ledger.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.ConnectionAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the attempts of the last window from the ledger topic with a fresh consumer: no consumer
 * group, assigned to every partition (the ledger creates one), positioned with
 * {@code offsetsForTimes(cutoff - skew margin)}, read up to the end offsets captured at the start.
 *
 * <p>Seeking by record timestamp works because the ledger writes each record with the attempt's
 * time as its CreateTime; the margin covers records whose timestamps are out of order in the
 * partition, as when two gateways with slightly different clocks share the ledger.
 *
 * <p>Each call creates and closes its own consumer, so calls are independent and thread-safe.
 */
public final class LedgerReader {
  /** How far before the cutoff the reader starts, for records written by clocks that disagree. */
  public static final Duration SKEW_MARGIN = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);
  private static final Duration MAX_POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final String topic;
  private final String clientId;

  /** Reads {@code topic} at {@code bootstrapServers}; {@code clientId} names the consumer. */
  public LedgerReader(String bootstrapServers, String topic, String clientId) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.clientId = clientId;
  }

  /**
   * Every attempt with {@code at_epoch_millis > cutoffEpochMillis}, in log order.
   *
   * @throws TimeoutException when the end offsets are not reached by {@code timeout}
   */
  public List<ConnectionAttempt> readAfter(long cutoffEpochMillis, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(timeout))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
      Map<TopicPartition, Long> seekTimes = new HashMap<>();
      for (TopicPartition partition : partitions) {
        seekTimes.put(partition, Math.max(0, cutoffEpochMillis - SKEW_MARGIN.toMillis()));
      }
      Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(seekTimes, remaining(deadline));
      Set<TopicPartition> unread = new HashSet<>();
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp from = start.get(partition);
        // No record at or after the seek time: nothing of the window is in this partition.
        long offset = from == null ? end.get(partition) : from.offset();
        consumer.seek(partition, offset);
        if (offset < end.get(partition)) {
          unread.add(partition);
        }
      }
      List<ConnectionAttempt> attempts = new ArrayList<>();
      while (!unread.isEmpty()) {
        if (deadline - System.nanoTime() <= 0) {
          throw new TimeoutException("reading " + topic + " did not reach the end offsets " + end + " within " + timeout);
        }
        Duration left = remaining(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left.compareTo(MAX_POLL) < 0 ? left : MAX_POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= end.get(partition)) {
            continue; // written after the read began
          }
          ConnectionAttempt attempt = parse(record);
          if (attempt.getAtEpochMillis() > cutoffEpochMillis) {
            attempts.add(attempt);
          }
        }
        unread.removeIf(partition -> consumer.position(partition, remaining(deadline)) >= end.get(partition));
      }
      return attempts;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      TimeoutException timeoutException = new TimeoutException("reading " + topic + " timed out: " + e.getMessage());
      timeoutException.initCause(e);
      throw timeoutException;
    }
  }

  /**
   * A record that does not parse still stands for an attempt: it counts at its record time, so a
   * damaged ledger errs towards dialing less, never more.
   */
  private static ConnectionAttempt parse(ConsumerRecord<byte[], byte[]> record) {
    try {
      return ConnectionAttempt.parseFrom(record.value() == null ? new byte[0] : record.value());
    } catch (InvalidProtocolBufferException e) {
      log.warn("Unparseable connection-ledger record at {}-{}@{}; counting it as an attempt at {}",
          record.topic(), record.partition(), record.offset(), record.timestamp());
      return ConnectionAttempt.newBuilder()
          .setAtEpochMillis(record.timestamp())
          .setGatewayId("unknown")
          .setReason("unparseable-ledger-record")
          .build();
    }
  }

  private Properties consumerProperties(Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** What is left of the read's time, at least a millisecond so Kafka's own timeout reports it. */
  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(1_000_000L, deadlineNanos - System.nanoTime()));
  }
}
