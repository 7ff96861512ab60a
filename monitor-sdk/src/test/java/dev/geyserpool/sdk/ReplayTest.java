package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Replays read {@code geyser.medium.transactions} (by time) and {@code geyser.low.transactions}
 * (by slot), which no other test class writes: slot search assumes records roughly in slot order.
 */
class ReplayTest extends WithGatewayStandIn {
  private static final String BY_TIME = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS);
  private static final String BY_SLOT = Topics.stream(MonitorGroup.LOW, UpdateKind.TRANSACTIONS);


  /** Collects identities. */
  private static final class Collect implements UpdateHandler {
    final List<String> identities = new CopyOnWriteArrayList<>();
    final List<Long> slots = new CopyOnWriteArrayList<>();

    @Override
    public void onTransaction(TransactionUpdate update) {
      identities.add(update.context().identity());
      slots.add(update.context().slot());
    }
  }

  @Test
  void replayFromATimestampDeliversExactlyTheRecordsSinceThen() throws Exception {
    String id = TestKafka.uniqueId("by-time");
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    Instant cut = Instant.now().minus(Duration.ofHours(1));
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    List<String> before = new ArrayList<>();
    List<String> since = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      long at = cut.minus(Duration.ofHours(1)).toEpochMilli() + i;
      records.add(TestKafka.transaction(BY_TIME, i % 3, at, id, 10 + i, base + i));
      records.add(TestKafka.transaction(BY_TIME, i % 3, at, "other-" + id, 10 + i, base + 100 + i));
      before.add("tx:" + TestKafka.signature(base + i));
    }
    for (int i = 0; i < 12; i++) {
      long at = cut.toEpochMilli() + i;
      records.add(TestKafka.transaction(BY_TIME, i % 3, at, id, 30 + i, base + 200 + i));
      since.add("tx:" + TestKafka.signature(base + 200 + i));
    }
    // Written after the cut, stamped before it: offsetsForTimes lands before it, the replay skips it.
    records.add(TestKafka.transaction(BY_TIME, 0, cut.minus(Duration.ofMinutes(30)).toEpochMilli(), id, 20, base + 300));
    before.add("tx:" + TestKafka.signature(base + 300));
    TestKafka.produce(kafka, records);

    Collect fromCut = new Collect();
    ReplayResult result = Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id)
        .group(MonitorGroup.MEDIUM).filters(monitorFilters()).from(cut).build().replay(fromCut);

    assertThat(fromCut.identities).containsExactlyInAnyOrderElementsOf(since);
    assertThat(result.delivered()).isEqualTo(12);
    assertThat(result.failed()).isZero();

    Collect window = new Collect();
    Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id).group(MonitorGroup.MEDIUM)
        .kinds(UpdateKind.TRANSACTIONS).from(cut.minus(Duration.ofHours(1))).to(cut.minusMillis(1)).build()
        .replay(window);
    assertThat(window.identities).containsExactlyInAnyOrderElementsOf(before);
    assertThat(groupOffsets(id)).as("a replay never commits for the live group").isEmpty();
  }

  @Test
  void replayFromASlotDeliversExactlyTheRecordsOfThatSlotOn() throws Exception {
    String id = TestKafka.uniqueId("by-slot");
    // Slots grow with time, so they are above anything an earlier run of this test wrote.
    long firstSlot = System.currentTimeMillis() * 10;
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    produceSlots(id, firstSlot, base, 120);
    // A straggler of an early slot at the end of partition 0: past the searched offset, below the slot.
    TestKafka.produce(kafka, List.of(TestKafka.transaction(BY_SLOT, 0, null, id, firstSlot + 1, base + 500)));

    Collect collected = new Collect();
    ReplayResult result = Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id)
        .group(MonitorGroup.LOW).filters(monitorFilters()).fromSlot(firstSlot + 20).build().replay(collected);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      if (i / 3 >= 20) {
        expected.add("tx:" + TestKafka.signature(base + i));
      }
    }
    assertThat(collected.identities).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(collected.slots).allMatch(s -> s >= firstSlot + 20);
    assertThat(result.delivered()).isEqualTo(60);

    Collect bounded = new Collect();
    Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id).group(MonitorGroup.LOW)
        .kinds(UpdateKind.TRANSACTIONS).fromSlot(firstSlot + 10).toSlot(firstSlot + 11).build().replay(bounded);
    assertThat(bounded.slots).hasSize(6).allMatch(s -> s == firstSlot + 10 || s == firstSlot + 11);
  }

  @Test
  void replayStopsAtTheEndOffsetsCapturedAtStart() {
    String id = TestKafka.uniqueId("until-start");
    long firstSlot = System.currentTimeMillis() * 10;
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    produceSlots(id, firstSlot, base, 9);
    List<String> seen = new CopyOnWriteArrayList<>();
    long straggler = base + 900;

    ReplayResult result = Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(id)
        .group(MonitorGroup.LOW).kinds(UpdateKind.TRANSACTIONS).fromSlot(firstSlot).build()
        .replay(new UpdateHandler() {
          @Override
          public void onTransaction(TransactionUpdate update) {
            if (seen.isEmpty()) {
              // Published while the replay runs: after the end it captured, so not part of it.
              TestKafka.produce(kafka, List.of(TestKafka.transaction(BY_SLOT, 0, null, id, firstSlot + 5, straggler)));
            }
            seen.add(update.context().identity());
          }
        });

    assertThat(seen).hasSize(9).doesNotContain("tx:" + TestKafka.signature(straggler));
    assertThat(result.delivered()).isEqualTo(9);
  }

  @Test
  void aMonitorStartedFromASlotReplaysThenFollowsLiveWithoutTouchingItsGroup() throws Exception {
    String id = TestKafka.uniqueId("live-replay");
    long firstSlot = System.currentTimeMillis() * 10;
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    produceSlots(id, firstSlot, base, 30);
    gateway.accept(id);
    Collect collected = new Collect();

    try (Monitor monitor = Monitor.builder().id(id).group(MonitorGroup.LOW).bootstrapServers(kafka.bootstrapServers())
        .filters(monitorFilters()).handler(collected).startFrom(StartPosition.slot(firstSlot + 5)).build().start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> collected.identities.size() >= 15);
      produceSlots(id, firstSlot + 100, base + 1000, 3);
      await().atMost(Duration.ofSeconds(20)).until(() -> collected.identities.size() >= 18);

      assertThat(collected.slots).hasSize(18).allMatch(s -> s >= firstSlot + 5);
      assertThat(monitor.assignment()).hasSize(3);
    }
    assertThat(groupOffsets(id)).isEmpty();
  }

  /** {@code count} records, three per slot from {@code firstSlot}, spread over the partitions in slot order. */
  private void produceSlots(String id, long firstSlot, long base, int count) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(TestKafka.transaction(BY_SLOT, i % 3, null, id, firstSlot + i / 3, base + i));
      records.add(TestKafka.transaction(BY_SLOT, (i + 1) % 3, null, "other-" + id, firstSlot + i / 3, base + 10_000 + i));
    }
    TestKafka.produce(kafka, records);
  }

  private static dev.geyserpool.proto.geyser.SubscribeRequest monitorFilters() {
    return dev.geyserpool.proto.geyser.SubscribeRequest.newBuilder()
        .putTransactions("trades", dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions.newBuilder()
            .addAccountInclude(TestKafka.PUMP).build())
        .build();
  }

  private java.util.Map<?, ?> groupOffsets(String id) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin.listConsumerGroupOffsets("geyser-monitor." + id).partitionsToOffsetAndMetadata().get();
    }
  }
}
