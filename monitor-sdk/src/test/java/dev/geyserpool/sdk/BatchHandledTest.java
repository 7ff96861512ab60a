package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The flush hook a producing monitor relies on: called before the commit, and a failure rewinds. */
class BatchHandledTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);

  @Test
  void batchIsCommittedOnlyAfterTheHookAndHandledAgainWhenTheHookFails() throws Exception {
    String id = TestKafka.uniqueId("flush");
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    List<String> handled = new CopyOnWriteArrayList<>();
    List<String> flushed = new CopyOnWriteArrayList<>();
    List<Long> committedAtHook = new CopyOnWriteArrayList<>();
    List<String> pending = new ArrayList<>();
    AtomicInteger hookCalls = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
    gateway.accept(id);
    Monitor monitor = Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .filter(TestKafka.trades())
        .handler(new UpdateHandler() {
          @Override
          public void onTransaction(TransactionUpdate update) {
            handled.add(update.signature());
            pending.add(update.signature());
          }

          @Override
          public void onBatchHandled() throws Exception {
            committedAtHook.add(committedOffset("geyser-monitor." + id));
            hookCalls.incrementAndGet();
            if (!pending.isEmpty() && failedOnce.compareAndSet(false, true)) {
              pending.clear(); // the output of the first batch with this monitor's records is lost...
              throw new java.io.IOException("sink unavailable");
            }
            flushed.addAll(pending);
            pending.clear();
          }
        })
        .build().start();

    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      records.add(TestKafka.transaction(TOPIC, 0, null, id, 7, base + i));
      expected.add(TestKafka.signature(base + i));
    }
    var written = TestKafka.produce(kafka, records);

    // ...so the batch is handled again and its output flushed: nothing is lost.
    await().atMost(Duration.ofSeconds(20)).until(() -> flushed.containsAll(expected));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> committedOffset("geyser-monitor." + id) == written.get(2).offset() + 1);
    monitor.close();

    assertThat(hookCalls.get()).isGreaterThanOrEqualTo(2);
    // Whenever the hook ran, the batch it closed was not yet committed.
    assertThat(committedAtHook).allMatch(offset -> offset <= written.get(0).offset());
    assertThat(handled.stream().filter(expected::contains).count()).isGreaterThan(expected.size());
  }

  private long committedOffset(String group) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .get(new TopicPartition(TOPIC, 0));
      return offset == null ? -1 : offset.offset();
    }
  }
}
