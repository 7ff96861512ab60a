package dev.geyserpool.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/2 client of the simulator for tests: one ManagedChannel (one TCP connection on first
 * call) and Subscribe streams whose updates land in a queue. Waits are bounded polls, never sleeps.
 */
final class SimClient implements AutoCloseable {
  static final long WAIT_SECONDS = 10;

  final ManagedChannel channel;
  final GeyserGrpc.GeyserStub async;
  final GeyserGrpc.GeyserBlockingStub blocking;

  SimClient(String target, String token) {
    this(target, token, 0);
  }

  /** {@code flowControlWindow} > 0 fixes the HTTP/2 window (no auto-tuning), for slow-client tests. */
  SimClient(String target, String token, int flowControlWindow) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor()
        .maxInboundMessageSize(64 * 1024 * 1024);
    if (flowControlWindow > 0) {
      builder.flowControlWindow(flowControlWindow);
    }
    channel = builder.build();
    GeyserGrpc.GeyserStub a = GeyserGrpc.newStub(channel);
    GeyserGrpc.GeyserBlockingStub b = GeyserGrpc.newBlockingStub(channel);
    if (token != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER), token);
      a = a.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      b = b.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    async = a;
    blocking = b;
  }

  SimClient(String target) {
    this(target, null);
  }

  /** Opens a stream and sends {@code first} with a ping, waiting for its pong: filters are then live. */
  Stream subscribe(SubscribeRequest first) {
    Stream s = new Stream(false);
    s.requests = async.subscribe(s);
    s.replaceAndSync(first);
    return s;
  }

  /** Opens a stream without sending anything yet. */
  Stream open() {
    Stream s = new Stream(false);
    s.requests = async.subscribe(s);
    return s;
  }

  /** Opens a stream and sends {@code first} without waiting for anything (for faults that may end it). */
  Stream subscribeNoSync(SubscribeRequest first) {
    Stream s = new Stream(false);
    s.requests = async.subscribe(s);
    s.send(first);
    return s;
  }

  /** A stream that never reads at all (for calls that fail before any message). */
  Stream subscribeNeverReading(SubscribeRequest first) {
    Stream s = new Stream(true);
    s.requests = async.subscribe(s);
    s.send(first);
    return s;
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  static final class Stream implements ClientResponseObserver<SubscribeRequest, SubscribeUpdate> {
    final LinkedBlockingQueue<SubscribeUpdate> updates = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> done = new CompletableFuture<>();
    private final boolean manualFlow;
    private StreamObserver<SubscribeRequest> requests;
    private int nextPing = 1_000;
    private ClientCallStreamObserver<SubscribeRequest> call;

    Stream(boolean manualFlow) {
      this.manualFlow = manualFlow;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      call = requestStream;
      if (manualFlow) {
        requestStream.disableAutoRequestWithInitial(0);
      }
    }

    void send(SubscribeRequest r) {
      requests.onNext(r);
    }

    /** Replaces the filters and waits until the server applied them (pong of the same request). */
    void replaceAndSync(SubscribeRequest r) {
      int id = nextPing++;
      send(r.toBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
      List<SubscribeUpdate> before = untilPong(id);
      assertThat(before).as("updates before the filters applied").isEmpty();
    }

    /**
     * Sends {@code r} with a ping and returns every non-ping update before its pong: for a request
     * with {@code from_slot}, the replay (and any live update queued before the pong).
     */
    List<SubscribeUpdate> sendAndCollect(SubscribeRequest r) {
      int id = nextPing++;
      send(r.toBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
      return untilPong(id);
    }

    /**
     * Sends a ping-only request and returns the non-ping updates that arrived before its pong:
     * everything the server queued before it is delivered first, so this proves what did NOT arrive.
     */
    List<SubscribeUpdate> sync() {
      int id = nextPing++;
      send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
      return untilPong(id);
    }

    List<SubscribeUpdate> untilPong(int id) {
      List<SubscribeUpdate> got = new ArrayList<>();
      while (true) {
        SubscribeUpdate u = next();
        if (u.hasPong() && u.getPong().getId() == id) {
          return got;
        }
        got.add(u);
      }
    }

    /** The next update that is not a server ping. */
    SubscribeUpdate next() {
      while (true) {
        SubscribeUpdate u = poll();
        if (!u.hasPing()) {
          return u;
        }
      }
    }

    SubscribeUpdate poll() {
      try {
        SubscribeUpdate u = updates.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (u == null) {
          fail("no update within " + WAIT_SECONDS + "s; stream status: " + done.getNow(null));
        }
        return u;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    Status awaitStatus() {
      try {
        return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("stream did not end within " + WAIT_SECONDS + "s", e);
      }
    }

    void cancel() {
      requests.onError(Status.CANCELLED.withDescription("test done").asRuntimeException());
    }

    @Override
    public void onNext(SubscribeUpdate value) {
      updates.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      done.complete(Status.OK);
    }
  }
}
