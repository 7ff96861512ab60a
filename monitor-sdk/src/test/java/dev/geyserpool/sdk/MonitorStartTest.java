package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.SubscriptionState;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class MonitorStartTest extends WithGatewayStandIn {

  private Monitor.Builder monitor(String id, UpdateHandler handler) {
    return Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .handler(handler).filter(TestKafka.trades()).heartbeatInterval(Duration.ofMillis(500));
  }

  @Test
  void startWritesTheDeclarationKeyedByIdAndWaitsForTheGateway() throws Exception {
    String id = TestKafka.uniqueId("declare");
    Monitor monitor = monitor(id, new UpdateHandler() {}).priority(3).build();

    CompletableFuture<Monitor> started = CompletableFuture.supplyAsync(monitor::start);
    MonitorDeclaration declared = await().atMost(Duration.ofSeconds(20))
        .until(() -> gateway.declarations(id), d -> !d.isEmpty()).get(0);
    List<ConsumerRecord<String, byte[]>> records = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);

    assertThat(records).hasSize(1);
    assertThat(MonitorDeclaration.parseFrom(records.get(0).value())).isEqualTo(monitor.declaration()).isEqualTo(declared);
    assertThat(declared.getInstanceId()).isEqualTo(monitor.instanceId()).isNotEmpty();
    assertThat(declared.getPriority()).isEqualTo(3);
    assertThat(declared.getGroup()).isEqualTo("high");
    assertThat(started).isNotDone();
    assertThat(monitor.state()).isEqualTo(MonitorState.STARTING);

    gateway.status(declared, SubscriptionState.SUBSCRIPTION_ACCEPTED, "accepted");

    assertThat(started.get(20, TimeUnit.SECONDS)).isSameAs(monitor);
    assertThat(monitor.state()).isEqualTo(MonitorState.RUNNING);
    assertThat(monitor.status().getState()).isEqualTo(SubscriptionState.SUBSCRIPTION_ACCEPTED);
    monitor.close();
  }

  @Test
  void closeDuringStartWaitsForItAndThenStops() throws Exception {
    String id = TestKafka.uniqueId("early-close");
    Monitor monitor = monitor(id, new UpdateHandler() {}).build();

    CompletableFuture<Monitor> started = CompletableFuture.supplyAsync(monitor::start);
    MonitorDeclaration declared = await().atMost(Duration.ofSeconds(20))
        .until(() -> gateway.declarations(id), d -> !d.isEmpty()).get(0);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(monitor::close);
    await().atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(300)).until(() -> !closed.isDone());

    gateway.status(declared, SubscriptionState.SUBSCRIPTION_ACCEPTED, "accepted");

    started.get(20, TimeUnit.SECONDS);
    closed.get(20, TimeUnit.SECONDS);
    assertThat(monitor.state()).isEqualTo(MonitorState.STOPPED);
    List<ConsumerRecord<String, byte[]>> records = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).value()).isNull();
  }

  @Test
  void answersAboutAnotherInstanceOrOtherFiltersDoNotCount() throws Exception {
    String id = TestKafka.uniqueId("other-answer");
    Monitor monitor = monitor(id, new UpdateHandler() {}).build();

    CompletableFuture<Monitor> started = CompletableFuture.supplyAsync(monitor::start);
    MonitorDeclaration declared = await().atMost(Duration.ofSeconds(20))
        .until(() -> gateway.declarations(id), d -> !d.isEmpty()).get(0);
    gateway.status(declared.toBuilder().setInstanceId("someone-else").build(),
        SubscriptionState.SUBSCRIPTION_REJECTED, "not you");
    gateway.send(SubscriptionStatus.newBuilder().setMonitorId(id).setInstanceId(monitor.instanceId())
        .setState(SubscriptionState.SUBSCRIPTION_REJECTED).setFiltersDigest("0".repeat(64)).setReason("old filters").build());
    gateway.status(declared, SubscriptionState.SUBSCRIPTION_DEGRADED, "waiting for a connection");

    assertThat(started.get(20, TimeUnit.SECONDS).status().getReason()).isEqualTo("waiting for a connection");
    monitor.close();
  }

  @Test
  void rejectedStartThrowsTheGatewaysReasonAndWritesNothingElse() {
    String id = TestKafka.uniqueId("rejected");
    String reason = "monitor " + id + ": accounts.curves has 5 data filters; Yellowstone allows at most 4";
    gateway.reject(id, reason);
    Monitor monitor = monitor(id, new UpdateHandler() {}).build();

    assertThatThrownBy(monitor::start)
        .isInstanceOfSatisfying(SubscriptionRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessage("gateway stand-in rejected monitor '" + id + "' (instance " + monitor.instanceId() + "): " + reason);

    assertThat(monitor.state()).isEqualTo(MonitorState.FAILED);
    assertThat(TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id)).hasSize(1).allMatch(r -> r.value() != null);
    assertThat(TestKafka.read(kafka, Topics.MONITOR_HEARTBEATS, id)).isEmpty();
    monitor.close();
    assertThat(TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id)).hasSize(1);
  }

  @Test
  void silentGatewayTimesOutNamingTheTopicAndWithdrawsTheDeclaration() {
    String id = TestKafka.uniqueId("silent");
    Monitor monitor = monitor(id, new UpdateHandler() {}).statusTimeout(Duration.ofMillis(700)).build();

    assertThatThrownBy(monitor::start)
        .isInstanceOf(StatusTimeoutException.class)
        .hasMessage("no gateway answered monitor '" + id + "' (instance " + monitor.instanceId() + ") on"
            + " geyser.subscription-status within 700 ms; the declaration was withdrawn from geyser.subscriptions."
            + " Check that a gateway runs against the same Kafka cluster (" + kafka.bootstrapServers()
            + "), or raise statusTimeout");

    List<ConsumerRecord<String, byte[]>> records = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).value()).isNull();
    assertThat(monitor.state()).isEqualTo(MonitorState.FAILED);
  }

  @Test
  void closeWritesATombstoneAndALastHeartbeat() throws Exception {
    String id = TestKafka.uniqueId("closing");
    gateway.accept(id);
    Monitor monitor = monitor(id, new UpdateHandler() {}).build().start();

    monitor.close();

    List<ConsumerRecord<String, byte[]>> records = TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).value()).isNotNull();
    assertThat(records.get(1).value()).isNull();
    List<ConsumerRecord<String, byte[]>> beats = TestKafka.read(kafka, Topics.MONITOR_HEARTBEATS, id);
    assertThat(dev.geyserpool.proto.pool.MonitorHeartbeat.parseFrom(beats.get(beats.size() - 1).value()).getState())
        .isEqualTo("stopping");
    assertThat(monitor.state()).isEqualTo(MonitorState.STOPPED);
    monitor.close();
    assertThat(TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id)).hasSize(2);
  }

  @Test
  void closeKeepsTheDeclarationWhenAskedTo() {
    String id = TestKafka.uniqueId("keeper");
    gateway.accept(id);
    Monitor monitor = monitor(id, new UpdateHandler() {}).keepDeclarationOnClose(true).build().start();

    monitor.close();

    assertThat(TestKafka.read(kafka, Topics.SUBSCRIPTIONS, id)).hasSize(1).allMatch(r -> r.value() != null);
  }

  @Test
  void everyLaterStatusReachesTheHandler() {
    String id = TestKafka.uniqueId("statuses");
    gateway.accept(id);
    List<SubscriptionStatus> seen = new CopyOnWriteArrayList<>();
    Monitor monitor = monitor(id, new UpdateHandler() {
      @Override
      public void onStatus(SubscriptionStatus status) {
        seen.add(status);
      }
    }).build().start();

    gateway.status(monitor.declaration(), SubscriptionState.SUBSCRIPTION_ACTIVE, "stream open");
    gateway.status(monitor.declaration(), SubscriptionState.SUBSCRIPTION_DEGRADED, "stream retrying");
    gateway.status(monitor.declaration(), SubscriptionState.SUBSCRIPTION_GAP, "slots 10-12 lost");

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 3);
    assertThat(seen).extracting(SubscriptionStatus::getState).containsExactly(
        SubscriptionState.SUBSCRIPTION_ACTIVE, SubscriptionState.SUBSCRIPTION_DEGRADED,
        SubscriptionState.SUBSCRIPTION_GAP);
    assertThat(monitor.status().getReason()).isEqualTo("slots 10-12 lost");
    monitor.close();
  }
}
