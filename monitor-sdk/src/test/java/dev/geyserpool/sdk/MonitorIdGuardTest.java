package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.sdk.internal.InstanceGuard;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class MonitorIdGuardTest extends WithGatewayStandIn {
  private static final Duration HEARTBEAT = Duration.ofMillis(500);


  private Monitor.Builder trades(String id) {
    return Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .handler(new UpdateHandler() {}).filter(TestKafka.trades()).heartbeatInterval(HEARTBEAT);
  }

  private Monitor.Builder tradesAndCurves(String id) {
    return trades(id).filter(AccountFilter.named("curves").owner(TestKafka.PUMP));
  }

  @Test
  void refusesALiveIdWithDifferentFiltersBeforeSendingAnything() {
    String id = TestKafka.uniqueId("taken");
    gateway.accept(id);
    try (Monitor first = trades(id).build().start()) {
      Monitor second = tradesAndCurves(id).build();

      assertThatThrownBy(second::start)
          .isInstanceOfSatisfying(MonitorIdInUseException.class,
              e -> assertThat(e.otherInstanceId()).isEqualTo(first.instanceId()))
          .hasMessage("monitor id '" + id + "' is in use by live instance " + first.instanceId() + " with different"
              + " filters (its filters digest " + first.filtersDigest().substring(0, 12) + ", this instance's "
              + second.filtersDigest().substring(0, 12) + "); nothing was sent. Stop instance " + first.instanceId()
              + " first (it counts as gone 1500 ms after its last heartbeat), or give this monitor another id; to run"
              + " another instance of the same monitor, declare the same filters")
          .hasMessage(InstanceGuard.message(id, first.instanceId(), first.filtersDigest(), second.filtersDigest(), 1500));

      assertThat(second.state()).isEqualTo(MonitorState.FAILED);
      assertThat(declarations(id)).extracting(MonitorDeclaration::getInstanceId).containsExactly(first.instanceId());
      assertThat(TestKafka.read(kafka, Topics.MONITOR_HEARTBEATS, id)).extracting(r -> {
        try {
          return MonitorHeartbeat.parseFrom(r.value()).getInstanceId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }).containsOnly(first.instanceId());
    }
  }

  @Test
  void allowsAnotherInstanceWithTheSameFiltersAndKeepsTheDeclarationWhileOneIsLive() {
    String id = TestKafka.uniqueId("twin");
    gateway.accept(id);
    Monitor first = trades(id).build().start();
    Monitor second = trades(id).build().start();
    assertThat(second.state()).isEqualTo(MonitorState.RUNNING);
    assertThat(second.filtersDigest()).isEqualTo(first.filtersDigest());

    second.close();
    List<ConsumerRecord<String, byte[]>> afterSecond = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);
    assertThat(afterSecond).hasSize(2).allMatch(r -> r.value() != null);

    first.close();
    List<ConsumerRecord<String, byte[]>> afterBoth = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);
    assertThat(afterBoth).hasSize(3);
    assertThat(afterBoth.get(2).value()).isNull();
  }

  @Test
  void allowsNewFiltersOnceTheOldInstanceStopped() {
    String id = TestKafka.uniqueId("redeploy");
    gateway.accept(id);
    Monitor old = trades(id).keepDeclarationOnClose(true).build().start();
    old.close();

    try (Monitor replacement = tradesAndCurves(id).build().start()) {
      assertThat(replacement.state()).isEqualTo(MonitorState.RUNNING);
      assertThat(declarations(id)).extracting(MonitorDeclaration::getInstanceId)
          .containsExactly(old.instanceId(), replacement.instanceId());
    }
  }

  @Test
  void anInstanceSilentForThreeHeartbeatIntervalsNoLongerHoldsTheId() {
    String id = TestKafka.uniqueId("silent-holder");
    gateway.accept(id);
    try (Monitor holder = trades(id).build().start()) {
      // Same moment: the holder's heartbeat is fresh, the id is taken.
      Monitor now = tradesAndCurves(id).build();
      assertThatThrownBy(now::start).isInstanceOf(MonitorIdInUseException.class);

      // Seen from a clock ten seconds ahead, the holder's heartbeats are older than 3 × 500 ms.
      Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10));
      try (Monitor later = tradesAndCurves(id).clock(ahead).build().start()) {
        assertThat(later.state()).isEqualTo(MonitorState.RUNNING);
        assertThat(holder.state()).isEqualTo(MonitorState.RUNNING);
      }
    }
  }

  private List<MonitorDeclaration> declarations(String id) {
    return TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id).stream()
        .filter(r -> r.value() != null)
        .map(r -> {
          try {
            return MonitorDeclaration.parseFrom(r.value());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
        })
        .toList();
  }
}
