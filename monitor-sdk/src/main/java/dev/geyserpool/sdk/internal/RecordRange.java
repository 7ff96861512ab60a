package dev.geyserpool.sdk.internal;

import dev.geyserpool.sdk.StartPosition;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records a reader wants by slot ({@code geyser.slot} header) and Kafka timestamp, both
 * bounds inclusive. A reader positioned by slot or time still checks every record, because
 * records are only roughly ordered by either within a partition. Immutable.
 */
public record RecordRange(long fromSlot, long fromEpochMillis, long toSlot, long toEpochMillis) {
  /** Every record. */
  public static RecordRange all() {
    return new RecordRange(Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** The records at or after a replay start; every record for earliest and latest. */
  public static RecordRange from(StartPosition start) {
    return switch (start.kind()) {
      case SLOT -> all().withFromSlot(start.slot());
      case TIMESTAMP -> all().withFrom(start.timestamp());
      default -> all();
    };
  }

  public RecordRange withFromSlot(long slot) {
    return new RecordRange(slot, fromEpochMillis, toSlot, toEpochMillis);
  }

  public RecordRange withFrom(Instant from) {
    return new RecordRange(fromSlot, from.toEpochMilli(), toSlot, toEpochMillis);
  }

  public RecordRange withToSlot(long slot) {
    return new RecordRange(fromSlot, fromEpochMillis, slot, toEpochMillis);
  }

  public RecordRange withTo(Instant to) {
    return new RecordRange(fromSlot, fromEpochMillis, toSlot, to.toEpochMilli());
  }

  /** Whether the record lies within the range. */
  public boolean admits(ConsumerRecord<String, byte[]> record) {
    if (record.timestamp() < fromEpochMillis || record.timestamp() > toEpochMillis) {
      return false;
    }
    if (fromSlot == Long.MIN_VALUE && toSlot == Long.MAX_VALUE) {
      return true;
    }
    long slot = UpdateDecoder.slotOf(record);
    return slot >= fromSlot && slot <= toSlot;
  }
}
