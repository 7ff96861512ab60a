package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.publish.KafkaPublisher;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.proto.pool.PoolEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gap is never silent: its record is sent again after every refusal until Kafka holds it, and
 * until then the stream's checkpoint floor stays at the gap's first slot. The producer here
 * answers when the test says so (Kafka's own MockProducer), so refusals are exact.
 */
class GapReporterTest {
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  private final List<PoolEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> statuses = new CopyOnWriteArrayList<>();
  private final GapReporter reporter = new GapReporter(new KafkaPublisher(producer, "test:0"), Runnable::run, retries,
      Clock.systemUTC(), "gw", events::add, (monitor, state, message) -> statuses.add(monitor + " " + state),
      Duration.ofMillis(1));

  @AfterEach
  void stop() {
    retries.shutdownNow();
  }

  @Test
  void aRefusedGapRecordIsSentAgainUntilKafkaHoldsItAndHoldsTheCheckpointMeanwhile() throws Exception {
    reporter.report("slot-1", "conn-1", List.of("geyser.high.transactions"), Set.of("m"), 100, 140, "gone");
    assertThat(producer.history()).hasSize(1);
    assertThat(reporter.floor("slot-1")).isEqualTo(100);

    producer.errorNext(new TimeoutException("broker down"));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
    assertThat(reporter.floor("slot-1")).as("still not held by Kafka").isEqualTo(100);
    producer.errorNext(new TimeoutException("broker down"));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);

    producer.completeNext();

    assertThat(reporter.floor("slot-1")).isEqualTo(Long.MAX_VALUE);
    assertThat(producer.history()).extracting(r -> GapRecord.parseFrom(r.value()).getFromSlot() + ".."
        + GapRecord.parseFrom(r.value()).getToSlot()).containsOnly("100..140");
    assertThat(reporter.gaps()).isEqualTo(1);
    assertThat(statuses).containsExactly("m gap");
    assertThat(events).singleElement().satisfies(e -> assertThat(e.getFromSlot()).isEqualTo(100));
  }

  @Test
  void aGapAlreadyReportedIsNotReportedAgainAndALongerOneOnlyForWhatItAdds() {
    reporter.report("slot-1", "conn-1", List.of("t"), Set.of("m"), 100, 140, "gone");
    reporter.report("slot-1", "conn-1", List.of("t"), Set.of("m"), 100, 140, "gone");
    reporter.report("slot-1", "conn-1", List.of("t"), Set.of("m"), 100, 160, "gone");

    assertThat(producer.history()).extracting(r -> r.key()).containsExactly("gap:100-140", "gap:141-160");
  }

  @Test
  void theFloorIsTheOldestGapKafkaDoesNotHoldYet() {
    reporter.report("slot-1", "conn-1", List.of("a", "b"), Set.of("m"), 100, 140, "gone");
    reporter.report("slot-1", "conn-1", List.of("a", "b"), Set.of("m"), 141, 150, "gone");

    producer.completeNext(); // first gap, topic a
    assertThat(reporter.floor("slot-1")).as("topic b does not hold it yet").isEqualTo(100);
    producer.completeNext(); // first gap, topic b
    assertThat(reporter.floor("slot-1")).isEqualTo(141);
    producer.completeNext();
    producer.completeNext();
    assertThat(reporter.floor("slot-1")).isEqualTo(Long.MAX_VALUE);
  }
}
