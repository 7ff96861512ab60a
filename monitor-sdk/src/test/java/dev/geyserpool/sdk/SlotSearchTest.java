package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.sdk.internal.SlotSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotSearchTest {
  /** 1000 records, four per slot: slot s starts at offset 4 × (s − 1000). */
  private static final int RECORDS = 1000;

  private KafkaCluster kafka;
  private TopicPartition partition;

  @BeforeAll
  void fill(KafkaCluster kafka) {
    this.kafka = kafka;
    String topic = KafkaCluster.uniqueTopicName("slot-search");
    kafka.createTopic(topic, 1);
    partition = new TopicPartition(topic, 0);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(TestKafka.transaction(topic, 0, null, "searched", 1000 + i / 4, i));
    }
    TestKafka.produce(kafka, records);
  }

  static Stream<Arguments> slots() {
    return Stream.of(
        Arguments.of(0L, 0L),
        Arguments.of(1000L, 0L),
        Arguments.of(1001L, 4L),
        Arguments.of(1100L, 400L),
        Arguments.of(1249L, 996L),
        Arguments.of(1250L, 1000L),
        Arguments.of(9999L, 1000L));
  }

  @ParameterizedTest
  @MethodSource("slots")
  void findsTheFirstOffsetOfASlotReadingOneRecordPerProbe(long slot, long offset) {
    try (SlotSearch search = new SlotSearch(kafka.bootstrapServers(), "slot-search-test", Duration.ofSeconds(10))) {
      assertThat(search.firstOffsetAtOrAbove(partition, slot, 0, RECORDS)).isEqualTo(offset);
      // A binary search over 1000 offsets: at most ceil(log2(1000)) = 10 probes.
      assertThat(search.probes()).isBetween(1L, 10L);
    }
  }
}
