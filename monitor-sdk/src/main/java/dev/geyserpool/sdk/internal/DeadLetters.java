package dev.geyserpool.sdk.internal;

import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Writes records a monitor could not process to {@code geyser.dead-letter}: the original key,
 * value and headers, plus {@code geyser.dlq.monitor} (the monitor id), {@code geyser.dlq.error}
 * (exception class and message) and {@code geyser.dlq.source} ({@code topic-partition@offset}).
 *
 * <p>Each write waits for Kafka's acknowledgement, because the record's offset is committed
 * right after: a dead letter that is not stored would be a record lost. Thread-safe (the
 * producer is); the producer belongs to the caller.
 */
public final class DeadLetters {
  private final Producer<String, byte[]> producer;
  private final String monitorId;
  private final Duration timeout;

  public DeadLetters(Producer<String, byte[]> producer, String monitorId, Duration timeout) {
    this.producer = producer;
    this.monitorId = monitorId;
    this.timeout = timeout;
  }

  /** The error header's value: exception class and message. */
  public static String describe(Throwable error) {
    return error.getClass().getName() + ": " + error.getMessage();
  }

  /**
   * Stores {@code record} with why it failed.
   *
   * @throws IllegalStateException when Kafka does not take it within the timeout; the caller
   *     must then not commit the record's offset
   */
  public void send(ConsumerRecord<String, byte[]> record, Throwable error) {
    Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    for (Header header : record.headers()) {
      headers.add(header);
    }
    headers.add(RecordHeaders.DLQ_MONITOR, RecordHeaders.text(monitorId));
    headers.add(RecordHeaders.DLQ_ERROR, RecordHeaders.text(describe(error)));
    headers.add(RecordHeaders.DLQ_SOURCE, RecordHeaders.text(Sources.of(record)));
    try {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, null, record.key(), record.value(), headers))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering " + Sources.of(record), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("monitor " + monitorId + " cannot write the failed record " + Sources.of(record)
          + " to " + Topics.DEAD_LETTER + " within " + timeout.toMillis() + " ms (" + e.getMessage()
          + "); stopping before its offset is committed, so it is read again after a restart", e);
    }
  }
}
