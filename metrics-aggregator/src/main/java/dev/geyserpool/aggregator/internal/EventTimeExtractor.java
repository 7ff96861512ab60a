package dev.geyserpool.aggregator.internal;

import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the time the message itself carries ({@code at_epoch_micros}), so replays and
 * tests drive it; the record's timestamp stands in where the message has none (a tombstone).
 * Stateless.
 */
public final class EventTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object value = record.value();
    long micros = 0;
    if (value instanceof PoolEvent e) {
      micros = e.getAtEpochMicros();
    } else if (value instanceof MonitorHeartbeat h) {
      micros = h.getAtEpochMicros();
    } else if (value instanceof SubscriptionStatus s) {
      micros = s.getAtEpochMicros();
    }
    if (micros > 0) {
      return micros / 1000;
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
  }
}
