package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.IngestGateway;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.monitors.pump.PumpTransactionMonitor;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.MonitorState;
import dev.geyserpool.sdk.StartPosition;
import dev.geyserpool.wire.MonitorGroup;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The demo's system faults on real parts: an in-process broker of each test's own (the shared one
 * must not stop), the simulator over loopback, the gateway and monitors on the SDK. The
 * {@link FaultSchedule} halts the gateway as a crash and starts a new one; the broker stops and
 * starts again on its ports and data dir. Every update generated meanwhile must reach the monitor
 * exactly once.
 */
class SystemFaultsEndToEndTest {
  private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void aGatewayHaltedAndStartedAgainTwiceDeliversEveryUpdateOnce() throws Exception {
    try (EmbeddedSystem system = EmbeddedSystem.startWithEmbeddedKafka(Optional.empty(),
        sim -> sim.trafficRate(30).slotInterval(Duration.ofMillis(100)).historySlots(600))) {
      PumpExampleMonitor trades = new PumpExampleMonitor(DISCARD, false);
      Monitor monitor = system.addMonitor(PumpExampleMonitor.ID, MonitorGroup.HIGH, PumpExampleMonitor.filters(), trades);
      system.awaitActive(List.of(monitor), Duration.ofSeconds(30));
      // The gateway reports a monitor active as it places the stream, before the call is open:
      // count from a slot the open call saw whole.
      await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpen() == 1);
      long fromSlot = system.simulator().currentSlot() + 1;
      IngestGateway first = system.gateway();
      system.simulator().startTraffic();

      FaultSchedule schedule = FaultSchedule.start(
          List.of(new SystemFault.RestartGateway(Duration.ofSeconds(6), Duration.ofSeconds(2))), system);
      try {
        await().atMost(Duration.ofSeconds(40)).until(() -> schedule.gatewayRestarts() == 2);
      } finally {
        // Brings the second crash's gateway back at once, and no third crash follows.
        schedule.close();
      }
      assertThat(schedule.report()).isEqualTo("gatewayRestarts=2 brokerStops=0 faultFailures=0");
      assertThat(system.gateway()).as("the current gateway").isNotSameAs(first);
      long restartedAt = system.simulator().currentSlot();
      await().atMost(Duration.ofSeconds(30)).until(() -> system.simulator().currentSlot() >= restartedAt + 20);
      system.simulator().stopTraffic();
      long untilSlot = system.simulator().currentSlot();

      List<String> generated = system.generatedIdentities(PumpExampleMonitor.filters(), fromSlot, untilSlot);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
          DeliveryReport.compare(generated, trades.seen()).lost())
          .as("lost: %s", DeliveryReport.lostIdentities(generated, trades.seen(), 10)).isZero());
      DeliveryReport report = DeliveryReport.compare(generated, inRange(trades.seen(), generated));
      assertThat(report.generated()).as("updates generated across the crashes").isGreaterThan(200);
      assertThat(report).as("delivery across two gateway crashes")
          .isEqualTo(new DeliveryReport(report.generated(), report.generated(), 0, 0, 0));
      assertThat(system.gatewayTotals().gaps()).as("gap records: the provider still held every slot").isZero();
    }
  }

  @Test
  void aBrokerStoppedForTenSecondsAndStartedAgainLosesAndDoublesNothing() throws Exception {
    try (EmbeddedSystem system = EmbeddedSystem.startWithEmbeddedKafka(Optional.empty(),
        sim -> sim.trafficRate(30).slotInterval(Duration.ofMillis(100)).historySlots(600))) {
      Map<String, CountingHandler> counted = new ConcurrentHashMap<>();
      // A reference monitor with its Kafka event sink: its flushes wait through the outage.
      try (ReferenceMonitors.Running running = ReferenceMonitors.start(system.bootstrapServers(),
          ReferenceMonitors.named(List.of(PumpTransactionMonitor.ID)), new KafkaEventSink(system.bootstrapServers()),
          StartPosition.latest(), (m, handler) -> counted.computeIfAbsent(m.id(), id -> new CountingHandler(handler)))) {
        Monitor monitor = running.sdkMonitors().get(0);
        ReferenceMonitor events = running.monitors().get(0);
        system.awaitActive(List.of(monitor), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpen() == 1);
        long fromSlot = system.simulator().currentSlot() + 1;
        system.simulator().startTraffic();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.published() > 0);

        system.stopBroker();
        long stoppedAt = system.simulator().currentSlot();
        long publishedBefore = events.published();
        // Down while the chain moves on a hundred slots (ten seconds).
        await().atMost(Duration.ofSeconds(30)).until(() -> system.simulator().currentSlot() >= stoppedAt + 100);
        system.startBroker();
        long restartedAt = system.simulator().currentSlot();
        await().atMost(Duration.ofSeconds(30)).until(() -> system.simulator().currentSlot() >= restartedAt + 20);
        system.simulator().stopTraffic();
        long untilSlot = system.simulator().currentSlot();

        List<String> generated = system.generatedIdentities(monitor.declaration().getFilters(), fromSlot, untilSlot);
        CountingHandler seen = counted.get(PumpTransactionMonitor.ID);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
            DeliveryReport.compare(generated, seen.seen()).lost())
            .as("lost: %s", DeliveryReport.lostIdentities(generated, seen.seen(), 10)).isZero());
        DeliveryReport report = DeliveryReport.compare(generated, inRange(seen.seen(), generated));
        assertThat(report.generated()).as("updates generated around the outage").isGreaterThan(200);
        assertThat(report).as("delivery across a broker outage")
            .isEqualTo(new DeliveryReport(report.generated(), report.generated(), 0, 0, 0));
        assertThat(monitor.state()).as("the monitor rode out the outage").isEqualTo(MonitorState.RUNNING);
        assertThat(events.published()).as("events published after the outage").isGreaterThan(publishedBefore);
        assertThat(system.gatewayTotals().gaps()).as("gap records: the provider still held every slot").isZero();
      }
    }
  }

  /**
   * What a monitor saw of {@code generated}, the updates of the slots counted: it may also have
   * seen some of the slot open as the traffic stopped.
   */
  private static Map<String, AtomicInteger> inRange(Map<String, AtomicInteger> seen, List<String> generated) {
    Map<String, AtomicInteger> counted = new HashMap<>();
    for (String id : generated) {
      if (seen.containsKey(id)) {
        counted.put(id, seen.get(id));
      }
    }
    return counted;
  }
}
