package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.upstream.RawUpdate;
import dev.geyserpool.gateway.upstream.Receipt;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.RecordHeaders;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review of the hot path on a {@link MockProducer} whose acknowledgements the test gives: where
 * the router publishes an update twice, or loses one without a trace on the monitor's topic.
 */
class UpdateRouterHolesTest {
  private static final String TOPIC = "geyser.high.transactions";

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final Map<String, MonitorDeclaration> declared = Map.of(
      "live", declaration("live"),
      "lagging", declaration("lagging"));
  private final UpdateRouter router = new UpdateRouter(new KafkaPublisher(producer, "unused:9092"), () -> declared,
      300, 1024);

  @AfterEach
  void stop() {
    router.shutdownNow();
  }

  /**
   * Two streams of group high: "live" (processed) keeps the group's newest slot moving; "lagging"
   * (another commitment or data slice, so another stream) published transaction T of slot 1000,
   * then failed and waited in backoff / the request queue / for the budget for about three minutes
   * (400 slots). It resumes from its resume point, slot 1000, and replays T. The dedup window is
   * counted back from the group's newest slot (Deduplicator.claim: slot <= lastKey - slotsRemembered),
   * so T is "beyond the horizon" and published unchecked: twice in the topic for the same monitor.
   */
  @Test
  void aStreamReplayingItsOwnOverlapIsDeduplicatedWhateverAnotherStreamOfTheGroupDid() {
    RawUpdate t = tx("lagging", 1000, 1);
    router.onUpdate(t, new TestReceipt(1000));
    acknowledgeNext();

    // The other stream of the group goes on, 400 slots further.
    router.onUpdate(tx("live", 1400, 2), new TestReceipt(1400));
    acknowledgeNext();

    // The lagging stream resumes from slot 1000: its replay starts with T.
    router.onUpdate(tx("lagging", 1000, 1), new TestReceipt(1000));
    RawUpdate marker = tx("lagging", 1401, 3);
    router.onUpdate(marker, new TestReceipt(1401));
    await().atMost(Duration.ofSeconds(5)).until(() -> sent(marker) == 1);

    assertThat(sent(t)).as("records of transaction T for monitor 'lagging' in %s", TOPIC).isEqualTo(1);
  }

  /**
   * Kafka refuses an update for good (RecordTooLargeException: the topic's or broker's limit is
   * below the upstream message limit, e.g. changed by an operator). UpdateRouter.publish logs it,
   * marks it published in the dedup and settles the receipt, so the checkpoint moves past it: the
   * monitor's topic holds neither the update nor a gap record, and no replay will bring it.
   */
  @Test
  void anUpdateKafkaRefusesForGoodLeavesAGapRecordForItsMonitor() {
    RawUpdate big = tx("live", 500, 7);
    TestReceipt receipt = new TestReceipt(500);
    router.onUpdate(big, receipt);
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    producer.errorNext(new RecordTooLargeException("the record is larger than max.message.bytes"));
    RawUpdate marker = tx("live", 501, 8);
    router.onUpdate(marker, new TestReceipt(501));
    await().atMost(Duration.ofSeconds(5)).until(() -> sent(marker) == 1);

    assertThat(receipt.outcome.get()).isNotNull();
    assertThat(producer.history()).as("records sent; the refused update must leave a gap record on %s", TOPIC)
        .anySatisfy(r -> {
          Header type = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
          assertThat(type).isNotNull();
          assertThat(RecordHeaders.text(type.value())).isEqualTo(RecordHeaders.RECORD_TYPE_GAP);
          assertThat(RecordHeaders.list(r.headers().lastHeader(RecordHeaders.MONITORS).value())).contains("live");
        });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void acknowledgeNext() {
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      synchronized (producer) {
        return producer.completeNext();
      }
    });
  }

  private int sent(RawUpdate update) {
    int n = 0;
    for (ProducerRecord<String, byte[]> r : producer.history()) {
      if (Arrays.equals(r.value(), update.wire())) {
        n++;
      }
    }
    return n;
  }

  private static MonitorDeclaration declaration(String id) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("high")
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
  }

  private static RawUpdate tx(String monitor, long slot, int n) {
    byte[] sig = new byte[64];
    Arrays.fill(sig, (byte) n);
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(monitor + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(sig))))
        .build();
    return new RawUpdate(update.toByteArray(), update, System.currentTimeMillis() * 1000);
  }

  private static final class TestReceipt implements Receipt {
    private final long slot;
    final AtomicReference<String> outcome = new AtomicReference<>();

    TestReceipt(long slot) {
      this.slot = slot;
    }

    @Override
    public long slot() {
      return slot;
    }

    @Override
    public void release() {}

    @Override
    public void settled() {
      outcome.compareAndSet(null, "settled");
    }

    @Override
    public void failed(Exception cause) {
      outcome.compareAndSet(null, "failed: " + cause);
    }
  }
}
