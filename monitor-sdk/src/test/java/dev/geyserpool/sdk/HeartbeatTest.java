package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class HeartbeatTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.ACCOUNTS);


  @Test
  void heartbeatsReportDeliveriesRateLagAndLatency() {
    String id = TestKafka.uniqueId("beats");
    gateway.accept(id);
    // The transaction records land on an accounts topic here only because the SDK routes by
    // header, not by value: it keeps this test off the topics the other tests fill.
    Monitor monitor = Monitor.builder().id(id).group(MonitorGroup.MEDIUM).bootstrapServers(kafka.bootstrapServers())
        .filter(AccountFilter.named("curves").owner(TestKafka.PUMP))
        .handler(new UpdateHandler() {})
        .heartbeatInterval(Duration.ofMillis(300))
        .build().start();
    try {
      List<MonitorHeartbeat> first = heartbeats(id);
      assertThat(first).isNotEmpty();
      assertThat(first.get(0).getState()).isEqualTo("running");
      assertThat(first.get(0).getDelivered()).isZero();

      long base = ThreadLocalRandom.current().nextLong(1L << 40);
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        records.add(TestKafka.transaction(TOPIC, i % 3, null, id, 50 + i, base + i));
      }
      TestKafka.produce(kafka, records);

      await().atMost(Duration.ofSeconds(20)).until(() -> {
        List<MonitorHeartbeat> beats = heartbeats(id);
        MonitorHeartbeat last = beats.get(beats.size() - 1);
        return beats.stream().mapToLong(MonitorHeartbeat::getDelivered).sum() == 5 && last.getLag() == 0;
      });
      List<MonitorHeartbeat> beats = heartbeats(id);
      assertThat(beats).allSatisfy(b -> {
        assertThat(b.getMonitorId()).isEqualTo(id);
        assertThat(b.getInstanceId()).isEqualTo(monitor.instanceId());
        assertThat(b.getGroup()).isEqualTo("medium");
        assertThat(b.getDeadLettered()).isZero();
        assertThat(b.getLag()).isBetween(0L, 5L);
        assertThat(b.getLatencyP99Millis()).isGreaterThanOrEqualTo(b.getLatencyP50Millis());
        assertThat(b.getLatencyP99Millis()).isBetween(0L, 20_000L);
      });
      MonitorHeartbeat busy = beats.stream().filter(b -> b.getDelivered() > 0).findFirst().orElseThrow();
      assertThat(busy.getRatePerSecond()).isPositive();
      assertThat(beats.get(beats.size() - 1).getState()).isEqualTo("running");
      assertThat(monitor.lag()).isZero();
    } finally {
      monitor.close();
    }
  }

  private List<MonitorHeartbeat> heartbeats(String id) {
    List<MonitorHeartbeat> beats = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : TestKafka.read(kafka, Topics.MONITOR_HEARTBEATS, id)) {
      try {
        beats.add(MonitorHeartbeat.parseFrom(record.value()));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return beats;
  }
}
