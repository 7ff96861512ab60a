package dev.geyserpool.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's resume point is where Kafka's data ends, not where reading ends: over real HTTP/2 to
 * the simulator, updates held unsettled keep it at their slot however far the slot statuses went;
 * a refused one keeps it there for good; and reads pause at the byte bound.
 */
class SubscribeStreamResumePointTest {
  private YellowstoneSimulator sim;
  private ManagedChannel channel;
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger publishFailures = new AtomicInteger();
  private SubscribeStream stream;

  private record Held(long slot, Receipt receipt) {}

  @BeforeEach
  void start() throws Exception {
    sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build());
    channel = UpstreamChannels.open(UpstreamEndpoint.plaintext(sim.target(), Secret.none()));
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.cancel("done");
    }
    channel.shutdownNow();
    sim.close();
  }

  private void open(long maxUnreleasedBytes) {
    stream = new SubscribeStream("resume", channel, 1024, maxUnreleasedBytes, Clock.systemUTC(), System::nanoTime,
        new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream s, RawUpdate update, Receipt receipt) {
            if (update.message().hasSlot()) {
              receipt.settled(); // the pool's own slot statuses need no Kafka
            } else {
              held.add(new Held(receipt.slot(), receipt));
            }
          }

          @Override
          public void onPublishFailed(SubscribeStream s, Exception cause) {
            publishFailures.incrementAndGet();
          }

          @Override
          public void onClosed(SubscribeStream s, Status status) {}
        });
    MonitorDeclaration monitor = MonitorDeclaration.newBuilder().setMonitorId("m").setGroup("high")
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
    stream.start(SubscriptionMerger.merge(List.of(monitor)));
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.audit().streamsOpen() == 1);
  }

  /** Emits {@code n} transactions in the open slot, closes it, and returns its number. */
  private long slotWith(int n, int firstSignature) {
    long slot = sim.currentSlot();
    for (int i = 0; i < n; i++) {
      sim.emitTransaction(tx(firstSignature + i));
    }
    sim.advanceSlot();
    return slot;
  }

  @Test
  void unsettledUpdatesHoldTheResumePointAtTheirSlot() {
    open(Long.MAX_VALUE);
    long first = slotWith(3, 1);
    long second = slotWith(2, 10);
    long last = 0;
    for (int i = 0; i <= SubscribeStream.REORDER_DEPTH_SLOTS + 2; i++) {
      last = slotWith(0, 0);
    }
    long closed = last;
    await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 5 && stream.lastContiguousSlot() >= closed);

    assertThat(stream.resumePoint().slot()).as("nothing settled: resume from the first slot").isEqualTo(first);

    held.stream().filter(h -> h.slot() == first).forEach(h -> h.receipt().settled());
    assertThat(stream.resumePoint().slot()).as("the first slot is in Kafka").isEqualTo(second);

    held.stream().filter(h -> h.slot() == second).forEach(h -> h.receipt().settled());
    assertThat(stream.resumePoint().slot()).as("everything in Kafka: the last complete slot, less the reorder depth")
        .isEqualTo(stream.lastContiguousSlot() - SubscribeStream.REORDER_DEPTH_SLOTS);
    assertThat(stream.resumePoint().firstSeenAtEpochMillis()).isPositive();
  }

  @Test
  void aRefusedUpdateKeepsTheResumePointAndIsReportedOnce() {
    open(Long.MAX_VALUE);
    long first = slotWith(2, 1);
    long last = slotWith(1, 10);
    for (int i = 0; i <= SubscribeStream.REORDER_DEPTH_SLOTS + 2; i++) {
      last = slotWith(0, 0);
    }
    long closed = last;
    await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 3 && stream.lastContiguousSlot() >= closed);

    held.forEach(h -> {
      if (h.slot() == first) {
        h.receipt().failed(new IllegalStateException("Kafka is down"));
      } else {
        h.receipt().settled();
      }
    });

    assertThat(stream.resumePoint().slot()).isEqualTo(first);
    assertThat(publishFailures).hasValue(1);
  }

  @Test
  void readsOneUpdateAtATimeWhenEachFillsTheByteBound() {
    open(1);
    slotWith(4, 1);
    for (int received = 1; received <= 4; received++) {
      int expected = received;
      await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == expected);
      assertThat(stream.backpressured()).as("one update holds the whole bound").isTrue();
      Held last = held.stream().reduce((a, b) -> b).orElseThrow();
      last.receipt().release();
    }
    assertThat(held).hasSize(4);
    assertThat(stream.unsettled()).as("released is not settled: Kafka has not taken them").isEqualTo(4);
  }

  @Test
  void laterRequestsOfAResumedCallDoNotAskForTheReplayAgain() {
    open(Long.MAX_VALUE);
    stream.cancel("reopen");
    long from = sim.currentSlot();
    stream = new SubscribeStream("resumed", channel, 1024, Long.MAX_VALUE, Clock.systemUTC(), System::nanoTime,
        new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream s, RawUpdate update, Receipt receipt) {
            receipt.settled();
          }

          @Override
          public void onClosed(SubscribeStream s, Status status) {}
        });
    stream.start(SubscribeRequest.newBuilder()
        .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()).setFromSlot(from).build());

    stream.ping();

    // A provider takes each request as the whole subscription: a ping carrying from_slot would
    // replay again, and once from_slot left its window, end the stream with OUT_OF_RANGE.
    assertThat(stream.currentRequest().hasFromSlot()).isFalse();
    assertThat(stream.requestedFromSlot()).isEqualTo(from);
  }

  private static SubscribeUpdateTransactionInfo tx(int n) {
    byte[] sig = new byte[64];
    Arrays.fill(sig, (byte) n);
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    ByteString signature = ByteString.copyFrom(sig);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setTransaction(Transaction.newBuilder().addSignatures(signature)
            .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(key))))
        .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
        .build();
  }
}
