package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.checkpoint.CheckpointStore;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.subscription.SubscriptionMerger;
import dev.geyserpool.gateway.upstream.Secret;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.GetSlotRequest;
import dev.geyserpool.proto.geyser.GetSlotResponse;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateSlot;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review of gap reporting through the whole gateway, against a scripted Yellowstone endpoint over
 * loopback HTTP/2 (so the provider's answers come in a chosen order) and the in-process broker.
 */
@ExtendWith(KafkaClusterExtension.class)
class GapHolesTest {
  /** The monitor's checkpoint: the provider no longer holds it. */
  private static final long CHECKPOINT = 350_000_000L;
  /** The provider's current slot (GetSlot). */
  private static final long CURRENT = 350_005_000L;

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    TopicProvisioner.ensureStreamTopics(kafka.bootstrapServers(), 1, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
  }

  /**
   * The provider has no SubscribeReplayInfo, so the gateway asks for from_slot = checkpoint and
   * gets OUT_OF_RANGE; the pool opens live next, carrying the gap start (StreamSlot.takeGapFrom,
   * cleared at open). IngestGateway.startLive gives that call a baseline from GetSlot and reports
   * the gap only at its first update (IngestGateway.startCall onUpdate). The live call breaks
   * before its first update: callClosed observes its resume point, the baseline, so the slot
   * resumes from CURRENT with no gap pending. Slots CHECKPOINT..CURRENT-1 are never delivered and
   * no gap record says so, while the checkpoint moves past them.
   */
  @Test
  void slotsLostAfterOutOfRangeAreReportedEvenWhenTheLiveCallBreaksBeforeItsFirstUpdate(KafkaCluster kafka)
      throws Exception {
    String target;
    ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new ScriptedProvider(requests))
        .build()
        .start();
    target = "127.0.0.1:" + server.getPort();
    RecordingCheckpoints checkpoints = new RecordingCheckpoints(Map.of("gap-m", StreamCheckpoint.newBuilder()
        .setMonitorId("gap-m").setResumeFromSlot(CHECKPOINT).setFirstSeenAtEpochMillis(System.currentTimeMillis())
        .setUpstreamTarget(target).setGatewayId("before").build()));
    try (IngestGateway gateway = IngestGateway.start(GatewayConfig.builder()
        .upstream(UpstreamEndpoint.plaintext(target, Secret.none()))
        .kafkaBootstrapServers(kafka.bootstrapServers())
        .poolRules(FastRules.get())
        .build(), DialLedger.none(), checkpoints, e -> { }, MonitorStatusListener.none())) {
      gateway.declare(MonitorDeclaration.newBuilder().setMonitorId("gap-m").setGroup("high")
          .setFilters(SubscribeRequest.newBuilder()
              .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()))
          .build());

      await().atMost(Duration.ofSeconds(30)).until(() -> {
        StreamCheckpoint c = checkpoints.latest.get().get("gap-m");
        return c != null && c.getResumeFromSlot() > CHECKPOINT;
      });

      assertThat(gateway.gaps())
          .as("gap records published; the checkpoint moved from %d to %d (requests: %s)", CHECKPOINT,
              checkpoints.latest.get().get("gap-m").getResumeFromSlot(), requests)
          .isPositive();
    } finally {
      server.shutdownNow();
    }
  }

  /** No replay info; from_slot = CHECKPOINT is out of range; the first live call breaks at once; later calls stream. */
  private static final class ScriptedProvider extends GeyserGrpc.GeyserImplBase {
    private final ConcurrentLinkedQueue<String> requests;

    ScriptedProvider(ConcurrentLinkedQueue<String> requests) {
      this.requests = requests;
    }

    @Override
    public void getSlot(GetSlotRequest request, StreamObserver<GetSlotResponse> out) {
      out.onNext(GetSlotResponse.newBuilder().setSlot(CURRENT).build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> out) {
      return new StreamObserver<>() {
        private boolean started;

        @Override
        public void onNext(SubscribeRequest request) {
          if (started) {
            return;
          }
          started = true;
          long from = request.hasFromSlot() ? request.getFromSlot() : 0;
          requests.add(from == 0 ? "live" : "from " + from);
          if (from == CHECKPOINT) {
            out.onError(Status.OUT_OF_RANGE
                .withDescription("broadcast from " + from + " is not available, last available: " + (CURRENT - 100))
                .asRuntimeException());
          } else if (from == 0 && requests.stream().filter("live"::equals).count() == 1) {
            out.onError(Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException());
          } else {
            long first = from == 0 ? CURRENT : from;
            for (long s = first; s < first + 3; s++) {
              out.onNext(SubscribeUpdate.newBuilder().addFilters(SubscriptionMerger.POOL_SLOTS_FILTER)
                  .setSlot(SubscribeUpdateSlot.newBuilder().setSlot(s).setParent(s - 1).setStatus(SlotStatus.SLOT_PROCESSED))
                  .build());
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
  }

  /** Restores the given checkpoints; keeps the newest ones offered. */
  private static final class RecordingCheckpoints implements CheckpointStore {
    private final Map<String, StreamCheckpoint> restored;
    final AtomicReference<Map<String, StreamCheckpoint>> latest = new AtomicReference<>(Map.of());

    RecordingCheckpoints(Map<String, StreamCheckpoint> restored) {
      this.restored = restored;
    }

    @Override
    public Map<String, StreamCheckpoint> restored() {
      return restored;
    }

    @Override
    public void offer(Map<String, StreamCheckpoint> checkpoints) {
      latest.set(Map.copyOf(checkpoints));
    }

    @Override
    public void remove(String monitorId) {}

    @Override
    public long lastAcknowledgedNanos() {
      return System.nanoTime();
    }

    @Override
    public long lastRefusedNanos() {
      return 0;
    }

    @Override
    public void close() {}

    @Override
    public void closeNow() {}
  }
}
