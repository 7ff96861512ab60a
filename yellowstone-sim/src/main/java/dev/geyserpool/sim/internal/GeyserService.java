package dev.geyserpool.sim.internal;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.GetBlockHeightRequest;
import dev.geyserpool.proto.geyser.GetBlockHeightResponse;
import dev.geyserpool.proto.geyser.GetLatestBlockhashRequest;
import dev.geyserpool.proto.geyser.GetLatestBlockhashResponse;
import dev.geyserpool.proto.geyser.GetSlotRequest;
import dev.geyserpool.proto.geyser.GetSlotResponse;
import dev.geyserpool.proto.geyser.GetVersionRequest;
import dev.geyserpool.proto.geyser.GetVersionResponse;
import dev.geyserpool.proto.geyser.IsBlockhashValidRequest;
import dev.geyserpool.proto.geyser.IsBlockhashValidResponse;
import dev.geyserpool.proto.geyser.PingRequest;
import dev.geyserpool.proto.geyser.PongResponse;
import dev.geyserpool.proto.geyser.SubscribeDeshredRequest;
import dev.geyserpool.proto.geyser.SubscribeGossipRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoResponse;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateDeshred;
import dev.geyserpool.proto.geyser.SubscribeUpdateGossip;
import dev.geyserpool.sim.SimulatorConfig;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The {@code geyser.Geyser} service: Subscribe streams plus the unary calls, answered from the
 * {@link EventHub}'s chain view.
 *
 * <p>Threading: runs on gRPC's transport threads (the server uses a direct executor), so nothing
 * here blocks: unary calls read the hub's volatile view, Subscribe only wires a
 * {@link SubscribeStream}.
 */
public final class GeyserService extends GeyserGrpc.GeyserImplBase {
  /** Names the simulator in upstream's GetVersion JSON shape. */
  public static final String VERSION_JSON =
      "{\"version\":{\"package\":\"geyser-pool-yellowstone-sim\",\"version\":\"0.1.0\","
          + "\"proto\":\"yellowstone-grpc-proto compatible\",\"solana\":\"simulated\"},"
          + "\"extra\":{\"hostname\":\"yellowstone-sim\"}}";

  private final EventHub hub;
  private final Executor drainExecutor;
  private final int streamQueueCapacity;
  private final Clock wallClock;
  private final StreamFaults faults;

  public GeyserService(EventHub hub, Executor drainExecutor, SimulatorConfig config, StreamFaults faults) {
    this.hub = hub;
    this.drainExecutor = drainExecutor;
    this.faults = faults;
    this.streamQueueCapacity = config.streamQueueCapacity();
    this.wallClock = config.wallClock();
  }

  @Override
  public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> responseObserver) {
    return SubscribeStream.open(responseObserver, hub, drainExecutor, streamQueueCapacity, wallClock, faults);
  }

  @Override
  public StreamObserver<SubscribeDeshredRequest> subscribeDeshred(
      StreamObserver<SubscribeUpdateDeshred> responseObserver) {
    responseObserver.onError(Status.UNIMPLEMENTED
        .withDescription("SubscribeDeshred is not simulated; use Subscribe")
        .asRuntimeException());
    return new StreamObserver<>() {
      @Override
      public void onNext(SubscribeDeshredRequest value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  @Override
  public void subscribeGossip(
      SubscribeGossipRequest request, StreamObserver<SubscribeUpdateGossip> responseObserver) {
    responseObserver.onError(Status.UNIMPLEMENTED
        .withDescription("SubscribeGossip is not simulated; use Subscribe")
        .asRuntimeException());
  }

  /** {@code first_available}: the oldest slot the replay ring holds, the oldest valid from_slot. */
  @Override
  public void subscribeReplayInfo(
      SubscribeReplayInfoRequest request, StreamObserver<SubscribeReplayInfoResponse> observer) {
    if (!hub.config().replayInfo()) {
      observer.onError(Status.UNIMPLEMENTED.withDescription("SubscribeReplayInfo is not supported by this provider")
          .asRuntimeException());
      return;
    }
    long first = hub.view().firstAvailable();
    SubscribeReplayInfoResponse.Builder r = SubscribeReplayInfoResponse.newBuilder();
    if (first >= 0) {
      r.setFirstAvailable(first);
    }
    reply(observer, r.build());
  }

  @Override
  public void ping(PingRequest request, StreamObserver<PongResponse> observer) {
    reply(observer, PongResponse.newBuilder().setCount(request.getCount()).build());
  }

  @Override
  public void getLatestBlockhash(
      GetLatestBlockhashRequest request, StreamObserver<GetLatestBlockhashResponse> observer) {
    long slot = slotAt(request.getCommitment());
    reply(observer, GetLatestBlockhashResponse.newBuilder()
        .setSlot(slot)
        .setBlockhash(hub.blockhash(slot))
        .setLastValidBlockHeight(hub.blockHeight(slot) + EventHub.BLOCKHASH_VALID_BLOCKS)
        .build());
  }

  @Override
  public void getBlockHeight(
      GetBlockHeightRequest request, StreamObserver<GetBlockHeightResponse> observer) {
    long slot = slotAt(request.getCommitment());
    reply(observer, GetBlockHeightResponse.newBuilder().setBlockHeight(hub.blockHeight(slot)).build());
  }

  @Override
  public void getSlot(GetSlotRequest request, StreamObserver<GetSlotResponse> observer) {
    long slot = slotAt(request.getCommitment());
    reply(observer, GetSlotResponse.newBuilder().setSlot(slot).build());
  }

  @Override
  public void isBlockhashValid(
      IsBlockhashValidRequest request, StreamObserver<IsBlockhashValidResponse> observer) {
    long at = slotAt(request.getCommitment());
    Long slot = hub.slotOfBlockhash(request.getBlockhash());
    boolean valid = slot != null
        && slot <= at
        && hub.blockHeight(at) <= hub.blockHeight(slot) + EventHub.BLOCKHASH_VALID_BLOCKS;
    reply(observer, IsBlockhashValidResponse.newBuilder().setSlot(at).setValid(valid).build());
  }

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> observer) {
    reply(observer, GetVersionResponse.newBuilder().setVersion(VERSION_JSON).build());
  }

  private long slotAt(CommitmentLevel level) {
    EventHub.ChainView view = hub.view();
    switch (level) {
      case CONFIRMED:
        return view.slotAt(SimulatorConfig.CONFIRMATION_DEPTH);
      case FINALIZED:
        return view.slotAt(SimulatorConfig.FINALIZATION_DEPTH);
      default:
        return view.processedSlot();
    }
  }

  private static <T> void reply(StreamObserver<T> observer, T value) {
    observer.onNext(value);
    observer.onCompleted();
  }
}
