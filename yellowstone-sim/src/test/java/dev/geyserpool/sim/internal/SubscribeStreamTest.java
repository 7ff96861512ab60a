package dev.geyserpool.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sim.SimulatorConfig;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow control and the bounded queue, with a fake call whose readiness the test controls. */
class SubscribeStreamTest {

  /** A response observer whose isReady() the test flips; records what the stream wrote. */
  static final class FakeCall extends ServerCallStreamObserver<SubscribeUpdate> {
    boolean ready;
    Runnable onReady;
    Runnable onCancel;
    final List<SubscribeUpdate> sent = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public boolean isReady() {
      return ready;
    }

    void becomeReady() {
      ready = true;
      onReady.run();
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    @Override
    public void setOnCancelHandler(Runnable r) {
      onCancel = r;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(SubscribeUpdate value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  final EventHub hub = new EventHub(SimulatorConfig.builder().manual(true).build());
  final FakeCall call = new FakeCall();
  final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
  final List<Runnable> delayed = new ArrayList<>();
  final List<Long> delays = new ArrayList<>();
  final StreamFaults faults = new StreamFaults(nanos::get, (task, delay) -> {
    delayed.add(task);
    delays.add(delay);
  });
  // Direct executor: drains run inline, so the test sees their effect immediately.
  final SubscribeStream stream = SubscribeStream.open(call, hub, Runnable::run, 16, Clock.systemUTC(), faults);

  SubscribeStreamTest() {
    stream.onNext(SubscribeRequest.newBuilder()
        .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()).build());
  }

  void emit(int n) {
    byte[] sig = new byte[64];
    sig[0] = (byte) n;
    hub.emitTransaction(SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(ByteString.copyFrom(sig))
        .setTransaction(Transaction.newBuilder().setMessage(Message.getDefaultInstance()))
        .build());
  }

  @Test
  void writesOnlyWhileTheClientIsReadyAndResumesOnReady() {
    for (int i = 0; i < 16; i++) {
      emit(i);
    }
    assertThat(call.sent).isEmpty();
    assertThat(stream.state()).isEqualTo(SubscribeStream.State.OPEN);
    call.becomeReady();
    assertThat(call.sent).hasSize(16);
    assertThat(call.sent).extracting(u -> (int) u.getTransaction().getTransaction().getSignature().byteAt(0))
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 16).boxed().toList());
  }

  @Test
  void endsASlowStreamWithResourceExhaustedWhenItsQueueOverflows() {
    for (int i = 0; i < 16; i++) {
      emit(i);
    }
    assertThat(call.error).isNull(); // 16 queued: at capacity, not over it
    emit(16);
    assertThat(call.error).isNotNull();
    Status status = Status.fromThrowable(call.error);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).isEqualTo("client too slow: 16 updates queued");
    assertThat(call.sent).isEmpty();
    assertThat(stream.state()).isEqualTo(SubscribeStream.State.CLOSED);
    assertThat(hub.streamsOpen()).isZero();
    emit(17); // the hub no longer offers to it, and nothing else is written
    assertThat(call.sent).isEmpty();
  }

  @Test
  void cancellationUnregistersTheStream() {
    assertThat(hub.streamsOpen()).isEqualTo(1);
    call.onCancel.run();
    assertThat(hub.streamsOpen()).isZero();
    assertThat(stream.state()).isEqualTo(SubscribeStream.State.CLOSED);
  }

  @Test
  void aLaggedUpdateIsWrittenAtTheLagNotANanosecondBefore() {
    faults.lag(java.time.Duration.ofMillis(200));
    call.ready = true;
    emit(1);
    assertThat(call.sent).isEmpty();
    assertThat(delays).containsExactly(200_000_000L);

    nanos.set(200_000_000L - 1); // t−1: the timer fires early, nothing is written, one new timer
    delayed.remove(0).run();
    assertThat(call.sent).isEmpty();
    assertThat(delays).containsExactly(200_000_000L, 1L);

    nanos.set(200_000_000L); // t
    delayed.remove(0).run();
    assertThat(call.sent).hasSize(1);
    assertThat(delayed).isEmpty();
  }

  @Test
  void aStalledStreamSkipsWhatArrivesWritesNothingAndResumesLive() {
    call.ready = true;
    emit(1);
    assertThat(call.sent).hasSize(1);
    assertThat(stream.stall()).isTrue();
    assertThat(stream.stall()).as("already stalled").isFalse();
    emit(2);
    hub.sendPings();
    assertThat(call.sent).hasSize(1);
    assertThat(faults.updatesSkipped()).isEqualTo(2);
    assertThat(stream.stalled()).isTrue();

    stream.resume();
    emit(3);
    assertThat(call.sent).extracting(u -> (int) u.getTransaction().getTransaction().getSignature().byteAt(0))
        .containsExactly(1, 3);
  }

  @Test
  void aStalledStreamWritesNeitherQueuedUpdatesNorItsEndUntilResumed() {
    emit(1); // queued: the client is not ready
    assertThat(stream.stall()).isTrue();
    call.becomeReady();
    assertThat(call.sent).isEmpty();
    stream.onCompleted(); // the client half-closes: flush, then complete
    assertThat(call.completed).isFalse();

    stream.resume();
    assertThat(call.sent).hasSize(1);
    assertThat(call.completed).isTrue();
    assertThat(stream.state()).isEqualTo(SubscribeStream.State.CLOSED);
  }
}
