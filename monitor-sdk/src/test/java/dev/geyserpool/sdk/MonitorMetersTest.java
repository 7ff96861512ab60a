package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** A running monitor's meters follow what it does: delivered, dead-lettered, its state, lag and latency. */
class MonitorMetersTest extends WithGatewayStandIn {
  private static final String TOPIC = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);

  @Test
  void metersCountDeliveriesAndDeadLettersAndFollowTheState() throws Exception {
    String id = TestKafka.uniqueId("meters");
    long base = ThreadLocalRandom.current().nextLong(1L << 40);
    String failing = TestKafka.signature(base + 2);
    gateway.accept(id);
    MeterRegistry registry = new SimpleMeterRegistry();
    Monitor monitor = Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers(kafka.bootstrapServers())
        .filter(TestKafka.trades())
        .heartbeatInterval(Duration.ofMillis(200))
        .handler(new UpdateHandler() {
          @Override
          public void onTransaction(TransactionUpdate update) {
            if (update.signature().equals(failing)) {
              throw new IllegalStateException("cannot price " + update.signature());
            }
          }
        })
        .build();
    new MonitorMeters(monitor).bindTo(registry);
    assertThat(state(registry, id, "new")).isEqualTo(1.0);
    monitor.start();
    try {
      assertThat(state(registry, id, "running")).isEqualTo(1.0);
      assertThat(state(registry, id, "new")).isZero();
      TestKafka.produce(kafka, List.of(
          TestKafka.transaction(TOPIC, 0, null, id, 7, base + 1),
          TestKafka.transaction(TOPIC, 0, null, id, 7, base + 2),
          TestKafka.transaction(TOPIC, 0, null, id, 8, base + 3)));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(registry.get("geyserpool.monitor.delivered").tags("monitor", id, "group", "high")
            .functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("geyserpool.monitor.dead.lettered").tags("monitor", id).functionCounter().count())
            .isEqualTo(1.0);
      });
      assertThat(registry.get("geyserpool.monitor.lag").tags("monitor", id).gauge().value()).isGreaterThanOrEqualTo(0);
      assertThat(registry.get("geyserpool.monitor.latency").tags("monitor", id, "quantile", "0.99").gauge().value())
          .isGreaterThanOrEqualTo(0);
    } finally {
      monitor.close();
    }
    assertThat(state(registry, id, "stopped")).isEqualTo(1.0);
    assertThat(state(registry, id, "running")).isZero();
  }

  private static double state(MeterRegistry registry, String id, String state) {
    return registry.get("geyserpool.monitor.lifecycle").tags("monitor", id, "state", state).gauge().value();
  }
}
