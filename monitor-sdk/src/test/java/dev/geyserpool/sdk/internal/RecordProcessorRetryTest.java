package dev.geyserpool.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.RecordHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A {@code same} record whose original Kafka does not hand over in time is a passing condition,
 * not a bad record: it is handed again (RETRY), never dead-lettered, so a slow broker loses
 * nothing.
 */
class RecordProcessorRetryTest {
  @Test
  void anOriginalKafkaCannotServeInTimeIsRetriedNotDeadLettered() {
    List<Exception> deadLetters = new ArrayList<>();
    // Nothing listens on port 1: the fetch of the original times out.
    try (SameRecords same = new SameRecords("127.0.0.1:1", "retry-test", 1024 * 1024, Duration.ofMillis(300));
        RecordProcessor processor = new RecordProcessor(new UpdateDecoder("late"), same, RecordRange.all(),
            new UpdateHandler() { }, (record, error) -> deadLetters.add(error), new LatencyRecorder(16),
            Clock.systemUTC())) {
      ConsumerRecord<String, byte[]> pointer = new ConsumerRecord<>("geyser.high.transactions", 0, 41, "sig", new byte[0]);
      pointer.headers()
          .add(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_SAME))
          .add(RecordHeaders.SAME_AS, RecordHeaders.number(40))
          .add(RecordHeaders.MONITORS, RecordHeaders.list(List.of("late")))
          .add(RecordHeaders.SLOT, RecordHeaders.number(7));

      assertThat(processor.process(pointer)).isEqualTo(RecordProcessor.Outcome.RETRY);
      assertThat(deadLetters).isEmpty();
    }
  }
}
