package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccount;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review of 'same' records on the router, a real {@code KafkaProducer} and the in-process broker.
 * The test calls {@link UpdateRouter#onUpdate} as two streams' gRPC threads do, honouring each
 * stream's read-ahead window the way {@code SubscribeStream} does (the next update only while
 * fewer than the window are unreleased).
 */
@ExtendWith(KafkaClusterExtension.class)
class SameRecordRouterHolesTest {
  private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 3, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
  }

  /**
   * Two streams of group medium, each with a window of one update: "processed" published 20
   * transactions; then "confirmed" delivers the same 20 while the producer's send blocks (buffer
   * full or metadata wait, up to max.block.ms). Each of the confirmed copies only points at bytes
   * the topic holds, so UpdateRouter.onUpdate releases its receipt at once ("this copy's bytes are
   * not needed") although its 'same' record is still to be queued and sent: the window no longer
   * bounds what the stream reads, its tasks pile up in the queue sized for the windows, and the
   * queue overflows: "publish queue full", updates failed and replayed. The constructor's reasoning
   * ("each unsettled update has at most one task queued per group: the windows bound the sum")
   * misses that released updates still have tasks.
   */
  @Test
  void aStreamWhoseCopiesOnlyPointStaysWithinItsWindowAndNothingFailsForAFullQueue(KafkaCluster kafka)
      throws Exception {
    String gateId = unique("gate");
    SendGate.State gate = SendGate.gate(gateId);
    String processed = unique("q-processed");
    String confirmed = unique("q-confirmed");
    Map<String, MonitorDeclaration> declared = Map.of(
        processed, transactions(processed, "medium"), confirmed, transactions(confirmed, "medium"));
    int window = 1;
    try (KafkaPublisher publisher = KafkaPublisher.create(kafka.bootstrapServers(), unique("q-client"),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES, Map.of(
            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, SendGate.class.getName(), SendGate.GATE_ID, gateId))) {
      UpdateRouter router = new UpdateRouter(publisher, () -> declared, 300, 2 * window);
      try {
        long slot = slotNearTheSimulators();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          signatures.add(randomBytes(64));
        }
        // The processed stream: one update in flight at a time, each acknowledged.
        for (byte[] signature : signatures) {
          WindowReceipt receipt = new WindowReceipt(slot);
          router.onUpdate(tx(processed, slot, signature), receipt);
          await().atMost(Duration.ofSeconds(10)).until(() -> receipt.outcome.get() != null);
          assertThat(receipt.outcome.get()).isEqualTo("settled");
        }

        // Kafka slows down: the publisher thread's next send blocks.
        gate.close();
        List<WindowReceipt> confirmedReceipts = new ArrayList<>();
        for (byte[] signature : signatures) {
          long unreleased = confirmedReceipts.stream().filter(r -> !r.released).count();
          if (unreleased >= window) {
            break; // SubscribeStream asks gRPC for no more
          }
          WindowReceipt receipt = new WindowReceipt(slot);
          confirmedReceipts.add(receipt);
          router.onUpdate(tx(confirmed, slot, signature), receipt);
        }
        List<String> failed = confirmedReceipts.stream().map(r -> r.outcome.get())
            .filter(o -> o != null && o.startsWith("failed")).toList();

        assertThat(failed).as("confirmed copies failed while the producer was slow, with a window of %d", window)
            .isEmpty();
        assertThat(confirmedReceipts).as("confirmed copies read while %d may be unreleased", window)
            .hasSizeLessThanOrEqualTo(window);
      } finally {
        gate.open();
        router.shutdownNow();
      }
    }
  }

  /**
   * One account, two writes u1 then u2 (same pubkey: the record key that keeps one account's
   * updates in order within a partition). Two streams of group low at the same commitment (more
   * monitors than one stream takes). Stream A delivers u1 first; stream B delivers u1 while A's
   * record is not yet acknowledged, then u2 before A has it. B's u1 becomes a 'same' record that
   * is only queued once A's u1 is acknowledged, but B's u2 holds bytes and is queued at once: it
   * goes out in the batch with A's u1, ahead of B's u1. Monitor B reads u2 before u1, though its
   * stream delivered them in order.
   */
  @Test
  void aMonitorReadsOneAccountsUpdatesInTheOrderItsStreamDeliveredThem(KafkaCluster kafka) throws Exception {
    String a = unique("order-a");
    String b = unique("order-b");
    Map<String, MonitorDeclaration> declared = Map.of(a, accounts(a), b, accounts(b));
    String topic = Topics.stream(MonitorGroup.LOW, UpdateKind.ACCOUNTS);
    // A linger of a second makes the window in which A's u1 is unacknowledged wide enough for the
    // test thread; at the default 5 ms the same happens whenever B's u2 follows within a few ms.
    try (KafkaPublisher publisher = KafkaPublisher.create(kafka.bootstrapServers(), unique("order-client"),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES, Map.of(ProducerConfig.LINGER_MS_CONFIG, 1000))) {
      UpdateRouter router = new UpdateRouter(publisher, () -> declared, 300, 64);
      try {
        long slot = slotNearTheSimulators();
        byte[] pubkey = randomBytes(32);
        byte[] u1Data = randomBytes(40);
        byte[] u2Data = randomBytes(40);
        List<WindowReceipt> receipts = new ArrayList<>();
        Object streamA = "stream A";
        Object streamB = "stream B";
        List<Map.Entry<Object, RawUpdate>> delivered = List.of(
            Map.entry(streamA, account(a, slot, pubkey, 1, u1Data)), // A: u1
            Map.entry(streamB, account(b, slot, pubkey, 1, u1Data)), // B: u1, A's not acknowledged yet
            Map.entry(streamB, account(b, slot, pubkey, 2, u2Data)), // B: u2, before A has it
            Map.entry(streamA, account(a, slot, pubkey, 2, u2Data))); // A: u2
        for (Map.Entry<Object, RawUpdate> d : delivered) {
          WindowReceipt receipt = new WindowReceipt(slot, d.getKey());
          receipts.add(receipt);
          router.onUpdate(d.getValue(), receipt);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receipts.stream().allMatch(r -> r.outcome.get() != null));
        assertThat(receipts).allSatisfy(r -> assertThat(r.outcome.get()).isEqualTo("settled"));

        String key = Base58.encode(pubkey);
        List<ConsumerRecord<String, byte[]>> ofKey = read(kafka, topic).stream()
            .filter(r -> key.equals(r.key())).sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList();
        assertThat(writeVersionsFor(a, ofKey)).as("write versions monitor A reads, in offset order")
            .containsExactly(1L, 2L);
        assertThat(writeVersionsFor(b, ofKey)).as("write versions monitor B reads, in offset order (records: %s)",
            describe(ofKey)).containsExactly(1L, 2L);
      } finally {
        router.shutdownNow();
      }
    }
  }

  /**
   * Kafka refuses the bytes for good (over the producer's max.request.size) while a second
   * stream's copy waits to point at them. The pointer must not name a record Kafka does not hold:
   * the waiting copy writes its own bytes, is refused too, and both monitors get a gap record.
   * (Passes; kept.)
   */
  @Test
  void bytesRefusedForGoodWhileACopyWaitsLeaveAGapForBothMonitorsAndNoPointer(KafkaCluster kafka) throws Exception {
    String a = unique("big-a");
    String b = unique("big-b");
    Map<String, MonitorDeclaration> declared = Map.of(a, transactions(a, "medium"), b, transactions(b, "medium"));
    String topic = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS);
    try (KafkaPublisher publisher = KafkaPublisher.create(kafka.bootstrapServers(), unique("big-client"),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4096,
            ProducerConfig.LINGER_MS_CONFIG, 200))) {
      UpdateRouter router = new UpdateRouter(publisher, () -> declared, 300, 64);
      try {
        long slot = slotNearTheSimulators();
        byte[] signature = randomBytes(64);
        byte[] padding = randomBytes(8192);
        List<WindowReceipt> receipts = new ArrayList<>();
        for (String monitor : List.of(a, b)) {
          SubscribeUpdate update = SubscribeUpdate.newBuilder().addFilters(monitor + "/all")
              .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot)
                  .setTransaction(SubscribeUpdateTransactionInfo.newBuilder()
                      .setSignature(ByteString.copyFrom(signature))
                      .setTransaction(dev.geyserpool.proto.solana.Transaction.newBuilder()
                          .addSignatures(ByteString.copyFrom(padding)))))
              .build();
          WindowReceipt receipt = new WindowReceipt(slot);
          receipts.add(receipt);
          router.onUpdate(new RawUpdate(update.toByteArray(), update, System.currentTimeMillis() * 1000), receipt);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receipts.stream().allMatch(r -> r.outcome.get() != null));
        String key = Base58.encode(signature);
        String gapKey = "gap:" + slot + "-" + slot;
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> ours = r -> gapKey.equals(r.key())
            && RecordHeaders.RECORD_TYPE_GAP.equals(type(r)) && (monitors(r).contains(a) || monitors(r).contains(b));
        await().atMost(Duration.ofSeconds(20)).until(() -> read(kafka, topic).stream()
            .filter(ours).flatMap(r -> monitors(r).stream()).distinct().count() == 2);

        List<ConsumerRecord<String, byte[]>> all = read(kafka, topic);
        assertThat(all.stream().filter(r -> key.equals(r.key())).toList()).as("records of the refused update").isEmpty();
        assertThat(all.stream().filter(ours).flatMap(r -> monitors(r).stream()).toList())
            .as("monitors told of the hole").containsExactlyInAnyOrder(a, b);
      } finally {
        router.shutdownNow();
      }
    }
  }

  /**
   * Three streams of one group (three commitments, or more monitors than two streams take) match
   * one transaction: its bytes are stored once and both later copies point at that record, each
   * monitor once. (Passes; kept.)
   */
  @Test
  void threeStreamsCopiesStoreTheBytesOnceAndBothPointersNameThem(KafkaCluster kafka) throws Exception {
    List<String> ids = List.of(unique("three-a"), unique("three-b"), unique("three-c"));
    Map<String, MonitorDeclaration> declared = new java.util.HashMap<>();
    ids.forEach(id -> declared.put(id, transactions(id, "high")));
    String topic = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
    try (KafkaPublisher publisher = KafkaPublisher.create(kafka.bootstrapServers(), unique("three-client"),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES, Map.of(ProducerConfig.LINGER_MS_CONFIG, 200))) {
      UpdateRouter router = new UpdateRouter(publisher, () -> declared, 300, 64);
      try {
        long slot = slotNearTheSimulators();
        byte[] signature = randomBytes(64);
        List<WindowReceipt> receipts = new ArrayList<>();
        for (String id : ids) {
          WindowReceipt receipt = new WindowReceipt(slot);
          receipts.add(receipt);
          router.onUpdate(tx(id, slot, signature), receipt);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receipts.stream().allMatch(r -> r.outcome.get() != null));
        assertThat(receipts).allSatisfy(r -> assertThat(r.outcome.get()).isEqualTo("settled"));

        String key = Base58.encode(signature);
        List<ConsumerRecord<String, byte[]>> ofKey = read(kafka, topic).stream().filter(r -> key.equals(r.key()))
            .toList();
        List<ConsumerRecord<String, byte[]>> bytes = ofKey.stream().filter(r -> type(r).isEmpty()).toList();
        assertThat(bytes).hasSize(1);
        assertThat(ofKey.stream().filter(r -> RecordHeaders.RECORD_TYPE_SAME.equals(type(r))).toList()).hasSize(2)
            .allSatisfy(r -> {
              assertThat(r.partition()).isEqualTo(bytes.get(0).partition());
              assertThat(RecordHeaders.number(r.headers().lastHeader(RecordHeaders.SAME_AS).value()))
                  .isEqualTo(bytes.get(0).offset());
            });
        assertThat(ofKey.stream().flatMap(r -> monitors(r).stream()).toList()).containsExactlyInAnyOrderElementsOf(ids);
      } finally {
        router.shutdownNow();
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A receipt as SubscribeStream keeps it: released once, settled or failed once. */
  private static final class WindowReceipt implements Receipt {
    private final long slot;
    volatile boolean released;
    final AtomicReference<String> outcome = new AtomicReference<>();

    private final Object source;

    WindowReceipt(long slot) {
      this(slot, null);
    }

    /** A receipt of the stream {@code source}, as SubscribeStream names its own. */
    WindowReceipt(long slot, Object source) {
      this.slot = slot;
      this.source = source;
    }

    @Override
    public Object source() {
      return source == null ? this : source;
    }

    @Override
    public long slot() {
      return slot;
    }

    @Override
    public void release() {
      released = true;
    }

    @Override
    public void settled() {
      release();
      outcome.compareAndSet(null, "settled");
    }

    @Override
    public void failed(Exception cause) {
      release();
      outcome.compareAndSet(null, "failed: " + cause);
    }
  }

  /** The write versions of the updates {@code monitor} reads from {@code records}, bytes or pointer. */
  private static List<Long> writeVersionsFor(String monitor, List<ConsumerRecord<String, byte[]>> records)
      throws Exception {
    Map<Long, ConsumerRecord<String, byte[]>> byOffset = new java.util.HashMap<>();
    records.forEach(r -> byOffset.put(r.offset(), r));
    List<Long> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      if (!monitors(r).contains(monitor)) {
        continue;
      }
      ConsumerRecord<String, byte[]> holder = r;
      if (RecordHeaders.RECORD_TYPE_SAME.equals(type(r))) {
        holder = byOffset.get(RecordHeaders.number(r.headers().lastHeader(RecordHeaders.SAME_AS).value()));
      }
      out.add(SubscribeUpdate.parseFrom(holder.value()).getAccount().getAccount().getWriteVersion());
    }
    return out;
  }

  private static String describe(List<ConsumerRecord<String, byte[]>> records) {
    StringBuilder s = new StringBuilder();
    for (ConsumerRecord<String, byte[]> r : records) {
      s.append("\n  @").append(r.offset()).append(' ').append(type(r).isEmpty() ? "bytes" : type(r))
          .append(" for ").append(monitors(r));
    }
    return s.toString();
  }

  private static List<ConsumerRecord<String, byte[]>> read(KafkaCluster kafka, String topic) {
    return dev.geyserpool.gateway.TopicReads.readAll(kafka.bootstrapServers(), topic);
  }

  private static MonitorDeclaration transactions(String id, String group) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup(group)
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }

  private static MonitorDeclaration accounts(String id) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("low")
        .setFilters(SubscribeRequest.newBuilder()
            .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build()))
        .build();
  }

  private static RawUpdate tx(String monitor, long slot, byte[] signature) {
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(monitor + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(signature))))
        .build();
    return new RawUpdate(update.toByteArray(), update, System.currentTimeMillis() * 1000);
  }

  private static RawUpdate account(String monitor, long slot, byte[] pubkey, long writeVersion, byte[] data) {
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(monitor + "/curves")
        .setAccount(SubscribeUpdateAccount.newBuilder().setSlot(slot)
            .setAccount(SubscribeUpdateAccountInfo.newBuilder().setPubkey(ByteString.copyFrom(pubkey))
                .setOwner(ByteString.copyFrom(Base58.decode(PUMP))).setLamports(1_000_000)
                .setData(ByteString.copyFrom(data)).setWriteVersion(writeVersion)))
        .build();
    assertThat(UpdateIdentity.of(update)).isPresent();
    return new RawUpdate(update.toByteArray(), update, System.currentTimeMillis() * 1000);
  }

  private static List<String> monitors(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.MONITORS);
    return h == null ? List.of() : RecordHeaders.list(h.value());
  }

  private static String type(ConsumerRecord<String, byte[]> r) {
    Header h = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
    return h == null ? "" : RecordHeaders.text(h.value());
  }

  /**
   * A slot among those the simulator's tests use (it starts at 350,000,000): these records share
   * the stream topics with gateway tests whose restart seeds read them, and a far slot would move
   * those seeds' dedup horizon past every slot of theirs.
   */
  private static long slotNearTheSimulators() {
    return 350_000_000L + ThreadLocalRandom.current().nextInt(50);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static String unique(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
