package dev.geyserpool.sdk.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How the SDK names where a record came from: {@code topic-partition@offset}. Stateless. */
public final class Sources {
  private Sources() {}

  public static String of(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
