package dev.geyserpool.sdk.internal;

import dev.geyserpool.sdk.UnreadableRecordException;
import dev.geyserpool.wire.RecordHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Finds the update a record of type {@code same} repeats: the value of the earlier record of the
 * same partition at offset {@code geyser.same-as}. The gateway stores each update's bytes once
 * per topic, so when a second stream (or another commitment) matches an update for other
 * monitors, their record only names the offset of the first one, which is usually another
 * monitor's record.
 *
 * <p>So the reader {@link #remember remembers} the values of the update records it reads, of
 * every monitor, in {@link HeldValues} bounded by bytes; a {@code same} record whose original was
 * read recently resolves from there. Otherwise (the reader started after the original, or it was
 * evicted) the original is read from Kafka by a reader consumer of its own, created at the first
 * miss: assigned to the partition, positioned at the offset, polled for at most
 * {@code fetchTimeout}. The values of the whole batch that fetch returns are kept too, since a
 * run of misses usually names consecutive originals: it costs one fetch, not one per record.
 *
 * <p>Threading: confined to the consumer's thread (the one running the {@link RecordProcessor});
 * a fetch blocks that thread for at most {@code fetchTimeout}. Owns its reader consumer, closed
 * by {@link #close()}.
 */
public final class SameRecords implements AutoCloseable {
  /** How many bytes of recent update values a monitor keeps unless told otherwise. */
  public static final long DEFAULT_CAPACITY_BYTES = 16L * 1024 * 1024;
  /** How long a fetch of an original may take unless told otherwise. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int MIN_FETCH_BYTES = 1024 * 1024;
  /** As the stream consumers take: block records reach 24 MB. */
  private static final int MAX_FETCH_BYTES = 32 * 1024 * 1024;

  private final String bootstrapServers;
  private final String clientId;
  private final Duration fetchTimeout;
  private final HeldValues held;
  private KafkaConsumer<String, byte[]> reader;
  private long fetches;

  /**
   * @param clientId the reader consumer's client id (distinct from the stream consumer's)
   * @param capacityBytes how many bytes of update values to keep (see {@link HeldValues})
   * @param fetchTimeout how long reading one original from Kafka may take
   */
  public SameRecords(String bootstrapServers, String clientId, long capacityBytes, Duration fetchTimeout) {
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("same-record fetch timeout is " + fetchTimeout + ", but must be positive");
    }
    this.bootstrapServers = bootstrapServers;
    this.clientId = clientId;
    this.fetchTimeout = fetchTimeout;
    this.held = new HeldValues(capacityBytes);
  }

  /** Keeps the value of {@code record} if it is an update record (any monitor's); others are ignored. */
  public void remember(ConsumerRecord<String, byte[]> record) {
    if (record.value() != null && UpdateDecoder.isUpdateRecord(record)) {
      held.put(new HeldValues.Position(record.topic(), record.partition(), record.offset()), record.value());
    }
  }

  /**
   * The {@code SubscribeUpdate} bytes that {@code same}, a record of type {@code same}, repeats.
   *
   * @throws UnreadableRecordException when its {@code geyser.same-as} header is missing or bad, or
   *     the record it names is gone or is no update record
   * @throws OriginalUnavailableException when that record cannot be read within the timeout
   */
  public byte[] valueOf(ConsumerRecord<String, byte[]> same) {
    long offset = sameAs(same);
    Optional<byte[]> value = held.get(new HeldValues.Position(same.topic(), same.partition(), offset));
    return value.isPresent() ? value.get() : fetch(same, offset);
  }

  /** How many times an original was read from Kafka. */
  public long fetches() {
    return fetches;
  }

  /** What the remembered values cost now, in bytes. */
  public long heldBytes() {
    return held.heldBytes();
  }

  private static long sameAs(ConsumerRecord<String, byte[]> same) {
    byte[] header = UpdateDecoder.header(same, RecordHeaders.SAME_AS);
    if (header == null || header.length == 0) {
      throw new UnreadableRecordException("the record at " + Sources.of(same) + " is of type '"
          + RecordHeaders.RECORD_TYPE_SAME + "' but has no " + RecordHeaders.SAME_AS
          + " header naming the offset of the record with its update; its writer does not follow the record contract",
          null);
    }
    long offset;
    try {
      offset = RecordHeaders.number(header);
    } catch (NumberFormatException e) {
      throw new UnreadableRecordException("the record at " + Sources.of(same) + " has header " + RecordHeaders.SAME_AS
          + " '" + RecordHeaders.text(header) + "', which is not a number", e);
    }
    if (offset < 0 || offset >= same.offset()) {
      throw unreadable(same, offset, "which is not an earlier offset of its partition; " + RecordHeaders.SAME_AS
          + " must name the record published before it with the update's bytes", null);
    }
    return offset;
  }

  private byte[] fetch(ConsumerRecord<String, byte[]> same, long offset) {
    fetches++;
    TopicPartition partition = new TopicPartition(same.topic(), same.partition());
    KafkaConsumer<String, byte[]> consumer = reader();
    if (!consumer.assignment().equals(Set.of(partition))) {
      consumer.assign(List.of(partition));
    }
    consumer.seek(partition, offset);
    long deadline = System.nanoTime() + fetchTimeout.toNanos();
    while (true) {
      List<ConsumerRecord<String, byte[]>> records;
      try {
        records = consumer.poll(POLL).records(partition);
      } catch (OffsetOutOfRangeException e) {
        throw unreadable(same, offset, "which " + partition + " no longer holds" + logStart(consumer, partition)
            + ": the topic's retention dropped the original before this record was read; raise the topic's"
            + " retention.ms (or retention.bytes), or replay from a later position", e);
      }
      if (!records.isEmpty()) {
        return found(same, offset, records);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new OriginalUnavailableException("the record at " + Sources.of(same) + " repeats the update at offset "
            + offset + ", which could not be read from " + partition + " within " + fetchTimeout.toMillis()
            + " ms; it is read again (check that Kafka at " + bootstrapServers + " is reachable)");
      }
    }
  }

  /** The original among the fetched records (which start at it, or after it if it is a hole); keeps them all. */
  private byte[] found(ConsumerRecord<String, byte[]> same, long offset, List<ConsumerRecord<String, byte[]>> records) {
    ConsumerRecord<String, byte[]> original = null;
    for (ConsumerRecord<String, byte[]> record : records) {
      remember(record);
      if (record.offset() == offset) {
        original = record;
      }
    }
    if (original == null) {
      throw unreadable(same, offset, "where the partition holds no record (the next one is at offset "
          + records.get(0).offset() + "; compaction or a transaction marker left a hole there)", null);
    }
    if (!UpdateDecoder.isUpdateRecord(original)) {
      throw unreadable(same, offset, "which holds a record of type '" + UpdateDecoder.typeOf(original)
          + "', not an update", null);
    }
    if (original.value() == null) {
      throw unreadable(same, offset, "which holds no value, not an update", null);
    }
    return original.value();
  }

  private String logStart(KafkaConsumer<String, byte[]> consumer, TopicPartition partition) {
    try {
      Long start = consumer.beginningOffsets(List.of(partition), fetchTimeout).get(partition);
      return start == null ? "" : " (it now starts at offset " + start + ")";
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      return "";
    }
  }

  private KafkaConsumer<String, byte[]> reader() {
    if (reader == null) {
      int fetchBytes = (int) Math.min(MAX_FETCH_BYTES, Math.max(MIN_FETCH_BYTES, held.capacityBytes()));
      reader = KafkaClients.fetcher(bootstrapServers, clientId, fetchBytes);
    }
    return reader;
  }

  private static UnreadableRecordException unreadable(ConsumerRecord<String, byte[]> same, long offset, String why,
      Throwable cause) {
    return new UnreadableRecordException("the record at " + Sources.of(same) + " is of type '"
        + RecordHeaders.RECORD_TYPE_SAME + "' and repeats the update at offset " + offset + ", " + why, cause);
  }

  /** Closes the reader consumer, if a fetch created one. */
  @Override
  public void close() {
    if (reader != null) {
      reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      reader = null;
    }
  }
}
