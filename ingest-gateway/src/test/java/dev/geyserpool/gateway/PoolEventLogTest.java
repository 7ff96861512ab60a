package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.DialCause;
import dev.geyserpool.gateway.pool.FailureKind;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.PoolEventKind;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.wire.MonitorGroup;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The gateway's side of the pool events: stamping, ordering and the mapping of the pool core's codes. */
class PoolEventLogTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");
  private static final long NOW_MICROS = 1_795_687_200_123_456L;

  private final List<PoolEvent> sent = new ArrayList<>();
  private final PoolEventLog log = new PoolEventLog(sent::add, "gw-1", "incarnation-a", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void everyEventOfAnIncarnationCarriesItsIdAndTheNextSequenceFromStartedToStopped() {
    log.started("upstream sim");
    log.tokensRestored(3);
    log.pool(new PoolAction.Event(PoolEventKind.QUEUE_DEPTH, null, null, Set.of(), "", 2));
    log.snapshot(PoolSnapshot.newBuilder().setMaxConnections(40).build(), NOW.plusSeconds(1));
    log.stopped("shut down in order");
    log.pool(new PoolAction.Event(PoolEventKind.STREAM_CLOSED, "conn-1", "slot-1", Set.of(), "late", 0));

    assertThat(sent).extracting(PoolEvent::getType).containsExactly(PoolEventType.GATEWAY_STARTED,
        PoolEventType.TOKENS_RESTORED, PoolEventType.QUEUE_DEPTH, PoolEventType.POOL_SNAPSHOT,
        PoolEventType.GATEWAY_STOPPED);
    assertThat(sent).extracting(PoolEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(sent).allSatisfy(e -> {
      assertThat(e.getIncarnationId()).isEqualTo("incarnation-a");
      assertThat(e.getGatewayId()).isEqualTo("gw-1");
    });
    assertThat(sent.get(1).getValue()).isEqualTo(3);
    assertThat(sent.get(0).getAtEpochMicros()).isEqualTo(NOW_MICROS);
    assertThat(sent.get(3).getAtEpochMicros()).as("a snapshot is dated when it was taken").isEqualTo(NOW_MICROS + 1_000_000);
    assertThat(sent.get(3).getSnapshot().getMaxConnections()).isEqualTo(40);
  }

  @Test
  void eachStartHasItsOwnRandomIncarnation() {
    Clock clock = Clock.systemUTC();
    assertThat(new PoolEventLog(e -> { }, "gw-1", clock).incarnationId())
        .isNotEqualTo(new PoolEventLog(e -> { }, "gw-1", clock).incarnationId())
        .isNotBlank();
  }

  @Test
  void aPoolEventKeepsItsCodesItsGroupAndItsQueueWaitInMicroseconds() {
    PoolEvent opened = PoolEventLog.toProto(new PoolAction.Event(PoolEventKind.STREAM_OPENED, "conn-2", "slot-high-1",
        Set.of("pf-trades", "pf-price"), "open", 0, MonitorGroup.HIGH, null, null, 1_234_567_891L));
    assertThat(opened.getType()).isEqualTo(PoolEventType.STREAM_OPENED);
    assertThat(opened.getConnectionId()).isEqualTo("conn-2");
    assertThat(opened.getStreamId()).isEqualTo("slot-high-1");
    assertThat(opened.getMonitorIdsList()).containsExactly("pf-price", "pf-trades");
    assertThat(opened.getGroup()).isEqualTo("high");
    assertThat(opened.getQueueWaitMicros()).isEqualTo(1_234_567);

    PoolEvent created = PoolEventLog.toProto(new PoolAction.Event(PoolEventKind.CONNECTION_CREATED, "conn-3", null,
        Set.of(), "rotation", 1).withDialCause(DialCause.ROTATION));
    assertThat(created.getDialCause()).isEqualTo(dev.geyserpool.proto.pool.DialCause.DIAL_ROTATION);
    assertThat(created.getGroup()).as("a reserve connection").isEmpty();
    assertThat(created.getFailure()).isEqualTo(dev.geyserpool.proto.pool.FailureKind.FAILURE_KIND_UNSPECIFIED);

    PoolEvent failed = PoolEventLog.toProto(new PoolAction.Event(PoolEventKind.CONNECTION_FAILED, "conn-3", null,
        Set.of(), "silent", 0).withFailure(FailureKind.TIMEOUT));
    assertThat(failed.getFailure()).isEqualTo(dev.geyserpool.proto.pool.FailureKind.FAILURE_TIMEOUT);
    assertThat(failed.getDialCause()).isEqualTo(dev.geyserpool.proto.pool.DialCause.DIAL_CAUSE_UNSPECIFIED);
  }

  @ParameterizedTest
  @EnumSource(PoolEventKind.class)
  void everyPoolEventKindIsPublishedAsTheTypeOfItsName(PoolEventKind kind) {
    assertThat(PoolEventLog.type(kind).name()).isEqualTo(kind.name());
  }

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void everyFailureKindIsPublishedAsTheCodeOfItsName(FailureKind kind) {
    assertThat(PoolEventLog.failure(kind).name()).isEqualTo("FAILURE_" + kind.name());
  }

  @ParameterizedTest
  @CsvSource({
      "UNAVAILABLE, UNAVAILABLE",
      "UNAUTHENTICATED, UNAUTHENTICATED",
      "PERMISSION_DENIED, UNAUTHENTICATED",
      "RESOURCE_EXHAUSTED, RESOURCE_EXHAUSTED",
      "DEADLINE_EXCEEDED, TIMEOUT",
      "INVALID_ARGUMENT, REJECTED",
      "FAILED_PRECONDITION, REJECTED",
      "UNIMPLEMENTED, REJECTED",
      "OUT_OF_RANGE, OUT_OF_RANGE",
      "INTERNAL, SERVER",
      "UNKNOWN, SERVER",
      "DATA_LOSS, SERVER",
      "CANCELLED, CANCELLED",
      "ABORTED, CANCELLED",
      "NOT_FOUND, OTHER",
  })
  void aCallsGrpcStatusGivesItsFailureKind(Status.Code code, FailureKind kind) {
    assertThat(StreamCalls.failureKind(code)).isEqualTo(kind);
  }
}
