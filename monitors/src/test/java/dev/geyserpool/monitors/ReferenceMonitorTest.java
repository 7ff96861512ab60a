package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.geyserpool.monitors.pump.PumpMintMonitor;
import dev.geyserpool.monitors.pump.TokenMinted;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every reference monitor does around its events: skip failed transactions, publish, flush before commit. */
class ReferenceMonitorTest {
  @Test
  void publishesSuccessfulTransactionsSkipsFailedOnesAndFlushesOnBatchEnd() throws Exception {
    List<String> log = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void publish(String monitorId, MonitorEvent event) {
        log.add(monitorId + " " + ((TokenMinted) event).symbol());
      }

      @Override
      public void flush() {
        log.add("flush");
      }
    };
    PumpMintMonitor monitor = new PumpMintMonitor();
    monitor.sink(sink);
    SubscribeUpdateTransactionInfo launch = Fixtures.yellowstoneTransaction().getTransaction().getTransaction();
    SubscribeUpdateTransactionInfo failed = launch.toBuilder()
        .setMeta(launch.getMeta().toBuilder().setErr(
            dev.geyserpool.proto.solana.TransactionError.newBuilder().setErr(ByteString.copyFrom(new byte[] {1}))))
        .build();

    monitor.onTransaction(update(failed));
    monitor.onTransaction(update(launch));
    monitor.onBatchHandled();

    assertThat(log).containsExactly("pump-mint NYXORA", "flush");
    assertThat(monitor.published()).isEqualTo(1);
    assertThat(monitor.skippedFailed()).isEqualTo(1);
  }

  @Test
  void aFailedFlushFailsTheBatchSoTheSdkDoesNotCommitIt() {
    PumpMintMonitor monitor = new PumpMintMonitor();
    monitor.sink(new EventSink() {
      @Override
      public void publish(String monitorId, MonitorEvent event) {}

      @Override
      public void flush() {
        throw new IllegalStateException("an event was not written to Kafka: broker down");
      }
    });
    assertThatThrownBy(monitor::onBatchHandled).hasMessageContaining("broker down");
  }

  @Test
  void unknownMonitorIdsAreNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> ReferenceMonitors.named(List.of("pump-mint", "pump-prices")))
        .hasMessage("no reference monitor 'pump-prices'; known: pump-mint, pump-price, pump-account, pump-transactions,"
            + " launchlab-mint, launchlab-account, graduation");
    assertThat(ReferenceMonitors.all()).extracting(m -> m.id() + "/" + m.group().id()).containsExactly(
        "pump-mint/medium", "pump-price/high", "pump-account/low", "pump-transactions/high", "launchlab-mint/medium",
        "launchlab-account/low", "graduation/medium");
  }

  private static TransactionUpdate update(SubscribeUpdateTransactionInfo info) {
    return new TransactionUpdate(new UpdateContext("tx:x", 1, List.of("launches"), Instant.EPOCH, "t", 0, 0), "x", info);
  }
}
