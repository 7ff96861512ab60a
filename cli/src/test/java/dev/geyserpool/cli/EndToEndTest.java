package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.MonitorGroup;
import com.google.protobuf.ByteString;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path on real parts: the simulator speaking Yellowstone over HTTP/2 on loopback, the
 * gateway, a real Kafka broker and monitors on the SDK. Every generated update that matches a
 * monitor's filters must reach that monitor exactly once, and nothing else may.
 */
@ExtendWith(KafkaClusterExtension.class)
class EndToEndTest {
  private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void everyMatchingUpdateArrivesExactlyOnceAtEachMonitor(KafkaCluster kafka) {
    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null,
        sim -> sim.trafficRate(300).slotInterval(Duration.ofMillis(100)))) {
      PumpExampleMonitor trades = new PumpExampleMonitor(DISCARD, false);
      system.addMonitor(PumpExampleMonitor.ID, MonitorGroup.HIGH, PumpExampleMonitor.filters(), trades);
      CurveOnly curves = new CurveOnly();
      system.addMonitor("curve-watch", MonitorGroup.LOW, CurveOnly.FILTERS, curves);

      await().atMost(Duration.ofSeconds(30)).until(() -> system.audit().streamsOpen() == 2);
      system.simulator().startTraffic();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> system.generatedIdentities(PumpExampleMonitor.filters()).size() >= 600);
      system.simulator().stopTraffic();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(DeliveryReport.compare(system.generatedIdentities(PumpExampleMonitor.filters()), trades.seen()).lost())
            .isZero();
        assertThat(DeliveryReport.compare(system.generatedIdentities(CurveOnly.FILTERS), curves.seen).lost()).isZero();
      });

      DeliveryReport tradeReport = DeliveryReport.compare(system.generatedIdentities(PumpExampleMonitor.filters()), trades.seen());
      DeliveryReport curveReport = DeliveryReport.compare(system.generatedIdentities(CurveOnly.FILTERS), curves.seen);
      assertThat(tradeReport.generated()).isGreaterThanOrEqualTo(600);
      assertThat(tradeReport).isEqualTo(new DeliveryReport(tradeReport.generated(), tradeReport.generated(), 0, 0, 0));
      assertThat(curveReport.generated()).isPositive();
      assertThat(curveReport).isEqualTo(new DeliveryReport(curveReport.generated(), curveReport.generated(), 0, 0, 0));
      // The curve monitor asked for accounts only: no transaction reached it.
      assertThat(curves.transactions).hasValue(0);
      // Two monitors in two groups: one stream per group, each group on its own connection.
      assertThat(system.audit().totalConnections()).isEqualTo(2);
      assertThat(system.audit().streamsOpened()).isEqualTo(2);
      assertThat(system.audit().refusals()).isZero();
    }
  }

  /** Bonding-curve accounts only, in the low group. */
  static final class CurveOnly implements UpdateHandler {
    static final SubscribeRequest FILTERS = SubscribeRequest.newBuilder()
        .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
            .addOwner(PumpExampleMonitor.PUMP_PROGRAM)
            .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder()
                .setMemcmp(SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                    .setBytes(ByteString.copyFrom(PumpExampleMonitor.BONDING_CURVE_DISCRIMINATOR))))
            .build())
        .build();

    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    final AtomicInteger transactions = new AtomicInteger();

    @Override
    public void onAccount(AccountUpdate update) {
      seen.computeIfAbsent(update.context().identity(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onTransaction(TransactionUpdate update) {
      transactions.incrementAndGet();
    }
  }
}
