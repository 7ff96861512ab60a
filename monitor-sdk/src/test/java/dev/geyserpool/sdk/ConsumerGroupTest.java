package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);


  /** Remembers which partition each update came from. */
  private static final class Seen implements UpdateHandler {
    final List<String> identities = new CopyOnWriteArrayList<>();
    final Set<Integer> partitions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onTransaction(TransactionUpdate update) {
      identities.add(update.context().identity());
      partitions.add(update.context().partition());
    }
  }

  private Monitor instance(String id, Seen seen) {
    return Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .filter(TestKafka.trades()).handler(seen).heartbeatInterval(Duration.ofMillis(500)).build();
  }

  @Test
  void twoInstancesSplitThePartitionsAndTogetherSeeEveryRecordOnce() {
    String id = TestKafka.uniqueId("pair");
    gateway.accept(id);
    Seen seenA = new Seen();
    Seen seenB = new Seen();
    try (Monitor a = instance(id, seenA).start(); Monitor b = instance(id, seenB).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> settled(a.assignment(), b.assignment()));

      long base = ThreadLocalRandom.current().nextLong(1L << 40);
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        records.add(TestKafka.transaction(TOPIC, i % 3, null, id, 100 + i, base + i));
        expected.add("tx:" + TestKafka.signature(base + i));
      }
      TestKafka.produce(kafka, records);

      await().atMost(Duration.ofSeconds(30)).until(() -> seenA.identities.size() + seenB.identities.size() >= 30);
      Set<Integer> partitionsA = partitionNumbers(a.assignment());
      Set<Integer> partitionsB = partitionNumbers(b.assignment());
      assertThat(seenA.identities).isNotEmpty();
      assertThat(seenB.identities).isNotEmpty();
      assertThat(partitionsA).containsAll(seenA.partitions);
      assertThat(partitionsB).containsAll(seenB.partitions);
      List<String> all = new ArrayList<>(seenA.identities);
      all.addAll(seenB.identities);
      assertThat(all).hasSize(30).doesNotHaveDuplicates();
      assertThat(new HashSet<>(all)).isEqualTo(expected);
      assertThat(a.delivered() + b.delivered()).isEqualTo(30);
    }
  }

  private static boolean settled(Set<TopicPartition> a, Set<TopicPartition> b) {
    Set<Integer> pa = partitionNumbers(a);
    Set<Integer> pb = partitionNumbers(b);
    Set<Integer> union = new HashSet<>(pa);
    union.addAll(pb);
    return !pa.isEmpty() && !pb.isEmpty() && union.size() == 3 && pa.size() + pb.size() == 3;
  }

  private static Set<Integer> partitionNumbers(Set<TopicPartition> partitions) {
    Set<Integer> numbers = new HashSet<>();
    partitions.stream().filter(p -> p.topic().equals(TOPIC)).forEach(p -> numbers.add(p.partition()));
    return numbers;
  }
}
