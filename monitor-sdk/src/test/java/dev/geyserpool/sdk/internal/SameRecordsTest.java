package dev.geyserpool.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.wire.RecordHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SameRecords} against a broker: what it keeps in memory, and when it reads from Kafka. */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SameRecordsTest {
  private static final int VALUE = 1000;
  /** Room for one value of the originals. */
  private static final long ONE_VALUE = VALUE + HeldValues.ENTRY_OVERHEAD_BYTES;

  private KafkaCluster kafka;
  private String topic;
  /** Three update records at offsets 0, 1, 2 with random values. */
  private List<ConsumerRecord<String, byte[]>> originals;

  @BeforeAll
  void fill(KafkaCluster kafka) throws Exception {
    this.kafka = kafka;
    topic = KafkaCluster.uniqueTopicName("same-records");
    kafka.createTopic(topic, 1);
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.bootstrapServers(), "same-records-test")) {
      for (int i = 0; i < 3; i++) {
        byte[] value = new byte[VALUE];
        ThreadLocalRandom.current().nextBytes(value);
        producer.send(new ProducerRecord<>(topic, 0, "key-" + i, value)).get(10, TimeUnit.SECONDS);
      }
    }
    originals = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(kafka.bootstrapServers(), "same-records-read")) {
      TopicScan.read(consumer, topic, consumer::beginningOffsets, Duration.ofSeconds(10), originals::add);
    }
    assertThat(originals).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
  }

  /** A record of type same at offset 100 of the topic, repeating {@code offset}. */
  private ConsumerRecord<String, byte[]> sameAs(long offset) {
    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add(new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_SAME)));
    headers.add(new RecordHeader(RecordHeaders.SAME_AS, RecordHeaders.number(offset)));
    return new ConsumerRecord<>(topic, 0, 100, 0L, TimestampType.CREATE_TIME, 0, 0, "key-" + offset, new byte[0],
        headers, Optional.empty());
  }

  @Test
  void anEvictedOriginalIsReadFromKafkaAndAHeldOneIsNot() {
    try (SameRecords same = new SameRecords(kafka.bootstrapServers(), "same-records-evicted", ONE_VALUE,
        Duration.ofSeconds(10))) {
      same.remember(originals.get(0));
      same.remember(originals.get(1));
      assertThat(same.heldBytes()).isEqualTo(ONE_VALUE);

      assertThat(same.valueOf(sameAs(1))).isEqualTo(originals.get(1).value());
      assertThat(same.fetches()).isZero();

      assertThat(same.valueOf(sameAs(0))).isEqualTo(originals.get(0).value());
      assertThat(same.fetches()).isEqualTo(1);
      assertThat(same.heldBytes()).isLessThanOrEqualTo(ONE_VALUE);
    }
  }

  @Test
  void aRunOfMissesCostsOneFetch() {
    try (SameRecords same = new SameRecords(kafka.bootstrapServers(), "same-records-run", 1024 * 1024,
        Duration.ofSeconds(10))) {
      for (int i = 0; i < 3; i++) {
        assertThat(same.valueOf(sameAs(i))).isEqualTo(originals.get(i).value());
      }

      assertThat(same.fetches()).isEqualTo(1);
    }
  }

  @Test
  void recordsOfOtherTypesAreNotKept() {
    try (SameRecords same = new SameRecords(kafka.bootstrapServers(), "same-records-types", 1024 * 1024,
        Duration.ofSeconds(10))) {
      ConsumerRecord<String, byte[]> gap = new ConsumerRecord<>(topic, 0, 5, 0L, TimestampType.CREATE_TIME, 0, 0,
          "gap", new byte[VALUE], new org.apache.kafka.common.header.internals.RecordHeaders(List.of(
              new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_GAP)))),
          Optional.empty());

      same.remember(gap);
      same.remember(sameAs(1));

      assertThat(same.heldBytes()).isZero();
    }
  }
}
