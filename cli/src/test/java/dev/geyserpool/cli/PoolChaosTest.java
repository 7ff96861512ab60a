package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.sim.ConnectionAudit;
import dev.geyserpool.sim.Fault;
import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fifteen monitors over the simulator while it drops every connection every 2 s and stalls
 * streams, for four rate-limit windows, on a real broker: the provider's audit must show no
 * window over the limit, and each monitor must receive every update its filters match exactly
 * once. The window is 10 s instead of 60 s so that four of them fit in a test.
 */
@ExtendWith(KafkaClusterExtension.class)
class PoolChaosTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int PROVIDER_LIMIT = 12;
  private static final String PUMP = PumpExampleMonitor.PUMP_PROGRAM;

  private record Spec(String id, MonitorGroup group, SubscribeRequest filters) {}

  @Test
  void fifteenMonitorsGetEveryUpdateOnceThroughDropsAndStallsWithinTheConnectionLimit(KafkaCluster kafka) {
    List<Spec> specs = fifteenMonitors();
    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null,
        sim -> sim.trafficRate(40)
            .slotInterval(Duration.ofMillis(100))
            .connectionLimit(PROVIDER_LIMIT)
            .connectionWindow(WINDOW)
            .fault(new Fault.DropConnections(Duration.ofSeconds(2)))
            .fault(new Fault.StallStreams(Duration.ofSeconds(3), Duration.ofMillis(1500))),
        gateway -> gateway.poolRules(rules()))) {
      List<Collector> collectors = new ArrayList<>();
      for (Spec spec : specs) {
        Collector collector = new Collector();
        collectors.add(collector);
        system.addMonitor(spec.id(), spec.group(), spec.filters(), collector);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpen() >= 3);
      // Block metas are made every slot, traffic or not: count from a slot every stream saw open.
      long fromSlot = system.simulator().currentSlot() + 1;
      collectors.forEach(c -> c.fromSlot = fromSlot);
      system.simulator().startTraffic();

      // Four rate-limit windows of traffic under faults.
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> System.nanoTime() - start >= 4 * WINDOW.toNanos());
      system.simulator().stopTraffic();
      system.simulator().clearFaults();
      // Slots keep closing (and block metas keep coming) after the traffic stops: count up to the
      // slot open now, the last one with traffic.
      long untilSlot = system.simulator().currentSlot();
      collectors.forEach(c -> c.untilSlot = untilSlot);

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        for (int i = 0; i < specs.size(); i++) {
          List<String> generated = system.generatedIdentities(specs.get(i).filters(), fromSlot, untilSlot);
          DeliveryReport report = DeliveryReport.compare(generated, collectors.get(i).seen);
          assertThat(report.lost()).as("lost by %s: %s", specs.get(i).id(),
              DeliveryReport.lostIdentities(generated, collectors.get(i).seen, 5)).isZero();
        }
      });

      ConnectionAudit audit = system.audit();
      assertThat(audit.maxInAnyWindow()).as("connections in the busiest window").isLessThanOrEqualTo(PROVIDER_LIMIT);
      assertThat(audit.refusals()).isZero();
      assertThat(system.simulator().faultReport().drops()).isGreaterThanOrEqualTo(15);
      assertThat(system.simulator().faultReport().updatesSkipped()).isPositive();
      for (int i = 0; i < specs.size(); i++) {
        DeliveryReport report = DeliveryReport.compare(system.generatedIdentities(specs.get(i).filters(), fromSlot, untilSlot),
            collectors.get(i).seen);
        assertThat(report.generated()).as("updates generated for %s", specs.get(i).id()).isPositive();
        assertThat(report).as("delivery to %s (duplicates: %s)", specs.get(i).id(), collectors.get(i).duplicates())
            .isEqualTo(new DeliveryReport(report.generated(), report.generated(), 0, 0, 0));
        assertThat(collectors.get(i).gaps).as("gaps seen by %s", specs.get(i).id()).hasValue(0);
      }
    }
  }

  /** A 10 s window with the provider's limit 12, of which the pool grants itself 10. */
  private static PoolRules rules() {
    Map<MonitorGroup, Integer> shares = new EnumMap<>(MonitorGroup.class);
    shares.put(MonitorGroup.HIGH, 4);
    shares.put(MonitorGroup.MEDIUM, 3);
    shares.put(MonitorGroup.LOW, 2);
    return new PoolRules(10, 15, 25, Duration.ofMinutes(5), 25, Duration.ofMinutes(1), Duration.ofSeconds(1),
        Duration.ofSeconds(3), PROVIDER_LIMIT - 2, PROVIDER_LIMIT, WINDOW, PoolRules.RateLimitScope.CONNECTIONS, shares, 1,
        Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(50));
  }

  private static List<Spec> fifteenMonitors() {
    List<Spec> specs = new ArrayList<>();
    MonitorGroup[] groups = MonitorGroup.values();
    for (int i = 0; i < 15; i++) {
      MonitorGroup group = groups[i % groups.length];
      SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
      switch (i % 5) {
        case 0 -> filters.putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder()
            .setVote(false).setFailed(false).addAccountInclude(PUMP).build());
        case 1 -> filters.putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP)
            .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
                SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                    .setBytes(ByteString.copyFrom(PumpExampleMonitor.BONDING_CURVE_DISCRIMINATOR))))
            .build());
        case 2 -> filters.putTransactions("failed", SubscribeRequestFilterTransactions.newBuilder()
            .setFailed(true).build());
        case 3 -> filters.putTransactions("votes", SubscribeRequestFilterTransactions.newBuilder()
            .setVote(true).build())
            .putBlocksMeta("blocks", SubscribeRequestFilterBlocksMeta.getDefaultInstance());
        default -> filters.putTransactions("confirmed-pump", SubscribeRequestFilterTransactions.newBuilder()
            .addAccountInclude(PUMP).build())
            .setCommitment(CommitmentLevel.CONFIRMED);
      }
      specs.add(new Spec("monitor-" + i, group, filters.build()));
    }
    return specs;
  }

  /** Counts every identity a monitor receives. */
  static final class Collector implements UpdateHandler {
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    final AtomicInteger gaps = new AtomicInteger();
    volatile long fromSlot = Long.MAX_VALUE;
    volatile long untilSlot = Long.MAX_VALUE;

    /** Where each identity was read: two places mean the topic holds it twice, one place a redelivery. */
    final Map<String, List<String>> readAt = new ConcurrentHashMap<>();

    private void count(dev.geyserpool.sdk.UpdateContext context) {
      if (context.slot() >= fromSlot && context.slot() <= untilSlot) {
        seen.computeIfAbsent(context.identity(), k -> new AtomicInteger()).incrementAndGet();
        readAt.computeIfAbsent(context.identity(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(context.topic() + "-" + context.partition() + "@" + context.offset() + "(slot " + context.slot() + ")");
      }
    }

    /** Up to five identities delivered more than once, with where each copy was read. */
    String duplicates() {
      return readAt.entrySet().stream().filter(e -> e.getValue().size() > 1).limit(5)
          .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
    }

    @Override
    public void onTransaction(TransactionUpdate update) {
      count(update.context());
    }

    @Override
    public void onAccount(AccountUpdate update) {
      count(update.context());
    }

    @Override
    public void onBlock(BlockUpdate update) {
      count(update.context());
    }

    @Override
    public void onGap(GapUpdate gap) {
      gaps.incrementAndGet();
    }
  }
}
