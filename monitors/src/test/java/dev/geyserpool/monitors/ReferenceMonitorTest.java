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
      public void flush(String monitorId) {
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
      public void flush(String monitorId) {
        throw new IllegalStateException("an event was not written to Kafka: broker down");
      }
    });
    assertThatThrownBy(monitor::onBatchHandled).hasMessageContaining("broker down");
  }

  @Test
  void aChangeWhoseEventWasLostIsReportedAgainWhenTheBatchComesBack() throws Exception {
    List<String> published = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean failNextFlush = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<MonitorEvent> buffered = new ArrayList<>();
    dev.geyserpool.monitors.pump.PumpAccountMonitor monitor = new dev.geyserpool.monitors.pump.PumpAccountMonitor();
    monitor.sink(new EventSink() {
      @Override
      public void publish(String monitorId, MonitorEvent event) {
        buffered.add(event);
      }

      @Override
      public void flush(String monitorId) {
        if (failNextFlush.getAndSet(false)) {
          buffered.clear(); // lost on the way to Kafka
          throw new IllegalStateException("broker down");
        }
        buffered.forEach(e -> published.add(String.join(",", ((dev.geyserpool.monitors.pump.CurveStateChanged) e).changed())));
        buffered.clear();
      }
    });
    dev.geyserpool.sdk.AccountUpdate write = new dev.geyserpool.sdk.AccountUpdate(
        new UpdateContext("acct:x", 7, List.of("curves"), Instant.EPOCH, "t", 0, 0), "curve",
        Fixtures.pumpAccount("3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3", Fixtures.curveData()));

    monitor.onAccount(write);
    assertThatThrownBy(monitor::onBatchHandled).hasMessage("broker down");
    monitor.onAccount(write); // the SDK hands the batch over again
    monitor.onBatchHandled();
    monitor.onAccount(write); // a repeat after the commit: no change
    monitor.onBatchHandled();

    assertThat(published).containsExactly("first_seen");
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
