package dev.geyserpool.sdk.internal;

import dev.geyserpool.sdk.MonitorUpdate;
import dev.geyserpool.sdk.UnreadableRecordException;
import dev.geyserpool.sdk.UpdateHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import dev.geyserpool.wire.RecordHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record's way to the handler: is it this monitor's and within range, can it be read, does
 * the handler take it. A record the handler throws on, or that cannot be read, goes to the
 * {@link Failures} policy (the live monitor dead-letters it, a replay counts it) and the next
 * record follows. Latency is measured from the gateway's {@code geyser.received-at-us} to the
 * handler's return. Every update record passes through {@link SameRecords} first, whoever it is
 * for, because a later record of type {@code same} for this monitor usually repeats another
 * monitor's record.
 *
 * <p>Threading: confined to the consumer's thread. Owns the {@link SameRecords} it is given
 * (its reader consumer), closed by {@link #close()}.
 */
public final class RecordProcessor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);

  /** What happened to a record. */
  public enum Outcome {
    /** The handler took it and returned. */
    DELIVERED,
    /** Not this monitor's, or outside the range. */
    SKIPPED,
    /** Unreadable, or the handler threw; handed to the failure policy. */
    FAILED,
    /**
     * Not handled yet: the update it repeats could not be read from Kafka for now. The reader
     * goes back to this record and hands it again.
     */
    RETRY
  }

  /** What to do with a record that failed. May throw to stop the reader (the record stays uncommitted). */
  @FunctionalInterface
  public interface Failures {
    void failed(ConsumerRecord<String, byte[]> record, Exception error);
  }

  private final UpdateDecoder decoder;
  private final SameRecords sameRecords;
  private final RecordRange range;
  private final UpdateHandler handler;
  private final Failures failures;
  private final LatencyRecorder latency;
  private final Clock clock;

  public RecordProcessor(UpdateDecoder decoder, SameRecords sameRecords, RecordRange range, UpdateHandler handler,
      Failures failures, LatencyRecorder latency, Clock clock) {
    this.decoder = decoder;
    this.sameRecords = sameRecords;
    this.range = range;
    this.handler = handler;
    this.failures = failures;
    this.latency = latency;
    this.clock = clock;
  }

  /** Tells the handler the batch it was given is complete ({@link UpdateHandler#onBatchHandled}). */
  public void batchHandled() throws Exception {
    handler.onBatchHandled();
  }

  public Outcome process(ConsumerRecord<String, byte[]> record) {
    sameRecords.remember(record);
    if (!decoder.isFor(record) || !range.admits(record)) {
      return Outcome.SKIPPED;
    }
    Optional<MonitorUpdate> update;
    try {
      if (RecordHeaders.RECORD_TYPE_SAME.equals(UpdateDecoder.typeOf(record))) {
        // From here on, the record as if the update's bytes were in it: what a dead letter keeps.
        record = withValue(record, sameRecords.valueOf(record));
      }
      update = decoder.decode(record, sameRecords::valueOf);
    } catch (UnreadableRecordException e) {
      failures.failed(record, e);
      return Outcome.FAILED;
    } catch (OriginalUnavailableException e) {
      log.warn("{}", e.getMessage());
      return Outcome.RETRY;
    }
    if (update.isEmpty()) {
      return Outcome.SKIPPED;
    }
    try {
      update.get().deliverTo(handler);
    } catch (Exception e) {
      failures.failed(record, e);
      return Outcome.FAILED;
    }
    Instant receivedAt = update.get().context().receivedAt();
    if (receivedAt.getEpochSecond() > 0) {
      Instant now = clock.instant();
      long micros = (now.getEpochSecond() - receivedAt.getEpochSecond()) * 1_000_000L
          + (now.getNano() - receivedAt.getNano()) / 1_000;
      latency.record(Math.max(0, micros / 1_000));
    }
    return Outcome.DELIVERED;
  }

  /**
   * {@code same} with the update's bytes as its value and no record type: an update record at the
   * same position, with the same record's own headers.
   */
  private static ConsumerRecord<String, byte[]> withValue(ConsumerRecord<String, byte[]> same, byte[] value) {
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    for (Header h : same.headers()) {
      if (!h.key().equals(RecordHeaders.RECORD_TYPE) && !h.key().equals(RecordHeaders.SAME_AS)) {
        headers.add(h);
      }
    }
    return new ConsumerRecord<>(same.topic(), same.partition(), same.offset(), same.timestamp(),
        same.timestampType(), same.serializedKeySize(), value.length, same.key(), value, headers,
        same.leaderEpoch());
  }

  /** Closes the {@link SameRecords} reader. */
  @Override
  public void close() {
    sameRecords.close();
  }
}
