package dev.geyserpool.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateSlot;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review: the resume point is the last slot whose status arrived with no gap in its ancestry, so it
 * assumes every update of a slot arrives before the status of any later slot. At PROCESSED that
 * does not hold: the validator replays forks side by side, so slot N+1 (child of N-1, a sibling
 * fork) can be processed while slot N is still being replayed; likewise a reconstructed Block of N
 * can follow later statuses. A scripted Yellowstone endpoint over loopback HTTP/2 plays that order:
 * status N-1, status N+1 (parent N-1), then the call breaks before slot N's transaction. The
 * stream resumes from its resume point, N+1, and a from_slot replay never brings slot N back.
 */
class SubscribeStreamLateUpdateTest {
  private static final long N = 350_000_010L;
  private static final String MONITOR_FILTER = "m/all";

  /** The provider's history, in the order it emits it. */
  private static final List<SubscribeUpdate> HISTORY = List.of(
      status(N - 1, N - 2),
      status(N + 1, N - 1),
      transaction(N, 42),
      status(N, N - 1),
      status(N + 2, N + 1));

  private Server server;
  private ManagedChannel channel;
  private final AtomicInteger calls = new AtomicInteger();
  private final ConcurrentLinkedQueue<SubscribeUpdate> seen = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new GeyserGrpc.GeyserImplBase() {
          @Override
          public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> out) {
            int call = calls.incrementAndGet();
            return new StreamObserver<>() {
              private boolean started;

              @Override
              public void onNext(SubscribeRequest request) {
                if (started) {
                  return;
                }
                started = true;
                if (call == 1) {
                  // Live: the first two messages, then the connection breaks.
                  out.onNext(HISTORY.get(0));
                  out.onNext(HISTORY.get(1));
                  out.onError(Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException());
                  return;
                }
                // from_slot: every held message of a slot >= from_slot, in emission order.
                for (SubscribeUpdate u : HISTORY) {
                  if (slotOf(u) >= request.getFromSlot()) {
                    out.onNext(u);
                  }
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            };
          }
        })
        .build()
        .start();
    channel = UpstreamChannels.open(UpstreamEndpoint.plaintext("127.0.0.1:" + server.getPort(), Secret.none()));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void aTransactionOfASlotArrivingAfterALaterSlotsStatusSurvivesAResume() {
    AtomicLong resumeFrom = new AtomicLong(-1);
    SubscribeStream first = open(resumeFrom);
    first.start(request(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> resumeFrom.get() >= 0);

    // What IngestGateway does: the slot resumes from the call's resume point.
    AtomicLong ignored = new AtomicLong(-1);
    SubscribeStream second = open(ignored);
    second.start(request(resumeFrom.get()));
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(u -> slotOf(u) == N + 2));
    second.cancel("done");

    assertThat(seen).as("updates delivered over both calls; the first resumed from slot %d", resumeFrom.get())
        .anyMatch(SubscribeUpdate::hasTransaction);
  }

  private SubscribeStream open(AtomicLong resumeAtClose) {
    return new SubscribeStream("late", channel, 1024, Long.MAX_VALUE, Clock.systemUTC(), System::nanoTime,
        new SubscribeStream.Listener() {
          @Override
          public void onUpdate(SubscribeStream s, RawUpdate update, Receipt receipt) {
            seen.add(update.message());
            receipt.settled(); // Kafka acknowledges at once: only the order matters here
          }

          @Override
          public void onClosed(SubscribeStream s, Status status) {
            resumeAtClose.compareAndSet(-1, s.resumePoint().slot());
          }
        });
  }

  private static SubscribeRequest request(long fromSlot) {
    MonitorDeclaration m = MonitorDeclaration.newBuilder().setMonitorId("m").setGroup("high")
        .setFilters(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
        .build();
    SubscribeRequest merged = SubscriptionMerger.merge(List.of(m));
    return fromSlot > 0 ? merged.toBuilder().setFromSlot(fromSlot).build() : merged;
  }

  private static long slotOf(SubscribeUpdate u) {
    return u.hasSlot() ? u.getSlot().getSlot() : u.getTransaction().getSlot();
  }

  private static SubscribeUpdate status(long slot, long parent) {
    return SubscribeUpdate.newBuilder().addFilters(SubscriptionMerger.POOL_SLOTS_FILTER)
        .setSlot(SubscribeUpdateSlot.newBuilder().setSlot(slot).setParent(parent).setStatus(SlotStatus.SLOT_PROCESSED))
        .build();
  }

  private static SubscribeUpdate transaction(long slot, int n) {
    byte[] sig = new byte[64];
    java.util.Arrays.fill(sig, (byte) n);
    return SubscribeUpdate.newBuilder().addFilters(MONITOR_FILTER)
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(sig))))
        .build();
  }
}
