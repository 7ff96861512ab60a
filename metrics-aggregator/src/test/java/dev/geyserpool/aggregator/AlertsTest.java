package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.GatewayEvents.connection;
import static dev.geyserpool.aggregator.GatewayEvents.monitor;
import static dev.geyserpool.aggregator.GatewayEvents.pool;
import static dev.geyserpool.aggregator.GatewayEvents.stream;
import static dev.geyserpool.aggregator.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.PoolAlertState;
import dev.geyserpool.proto.pool.SubscriptionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {
  @TempDir
  Path stateDir;

  private Harness h;
  private final GatewayEvents gw = new GatewayEvents("gw-1", "inc-a");

  @BeforeEach
  void start() {
    h = new Harness(stateDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private void snapshotUsing(int used, long atSecond) {
    h.pipe(gw.snapshot(pool(used, Math.max(0, 50 - used)).build(), at(atSecond)));
  }

  @Test
  void rateLimitOver80PercentRaisesAndBackTo70Clears() {
    snapshotUsing(48, 0); // 80 %: not over
    assertThat(h.publishedAlerts()).isEmpty();
    snapshotUsing(49, 1);
    List<PoolAlert> raised = h.publishedAlerts();
    assertThat(raised).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("rate-limit/gw-1");
      assertThat(a.getKind()).isEqualTo(PoolAlertKind.ALERT_RATE_LIMIT);
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_RAISED);
      assertThat(a.getGatewayId()).isEqualTo("gw-1");
      assertThat(a.getThreshold()).isEqualTo(80);
      assertThat(a.getValue()).isGreaterThan(81);
      assertThat(a.getMessage()).contains("49 of 60").contains("consider stream consolidation");
      assertThat(a.getAtEpochMicros()).isEqualTo(Harness.micros(at(1)));
    });
    snapshotUsing(55, 2);
    snapshotUsing(43, 3); // 71.7 %: still raised
    assertThat(h.publishedAlerts()).isEmpty();
    assertThat(h.alert("rate-limit/gw-1").getState()).isEqualTo(PoolAlertState.ALERT_RAISED);

    snapshotUsing(42, 4); // 70 %
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED);
      assertThat(a.getRaisedAtEpochMicros()).isEqualTo(Harness.micros(at(1)));
      assertThat(a.getAtEpochMicros()).isEqualTo(Harness.micros(at(4)));
    });
    assertThat(h.alert("rate-limit/gw-1").getState()).isEqualTo(PoolAlertState.ALERT_CLEARED);
  }

  @Test
  void rateLimitAlertClearsWhenTheGatewayStops() {
    snapshotUsing(55, 0);
    assertThat(h.publishedAlerts()).hasSize(1);
    h.pipe(gw.stopped(at(1)));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));
  }

  @Test
  void thresholdsAreConfigurable() {
    h.close();
    h = new Harness(AggregatorConfig.builder().stateDir(stateDir).applicationId("aggregator-test")
        .alerts(new AggregatorConfig.AlertThresholds(50, 40, 1, 1, Duration.ZERO)).build());
    snapshotUsing(31, 0); // 51.7 %
    h.pipe(gw.failed("c1", at(1)), gw.failed("c2", at(2)));
    h.status("pf-price", SubscriptionState.SUBSCRIPTION_DEGRADED, "budget spent", at(3));
    assertThat(h.publishedAlerts()).extracting(PoolAlert::getAlertId)
        .containsExactlyInAnyOrder("rate-limit/gw-1", "connection-failures/gw-1", "monitor-waiting/pf-price");
  }

  @Test
  void moreThanFiveConnectionFailuresInAnHourRaiseAndAgeOut() {
    snapshotUsing(5, 0);
    for (int i = 1; i <= 5; i++) {
      h.pipe(gw.failed("c" + i, at(i)));
    }
    assertThat(h.publishedAlerts()).isEmpty();
    h.pipe(gw.failed("c6", at(6)));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("connection-failures/gw-1");
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_RAISED);
      assertThat(a.getValue()).isEqualTo(6);
    });
    // The first failure (at 1 s) leaves the hour once the gateway's time passes 3601 s.
    h.wallClockBy(Duration.ofSeconds(3595));
    assertThat(h.publishedAlerts()).isEmpty();
    h.wallClockBy(Duration.ofSeconds(1));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED);
      assertThat(a.getValue()).isEqualTo(5);
    });
  }

  @Test
  void moreThanFiveReconnectsOfOneMonitorInAnHourRaiseAndAgeOut() {
    h.pipe(gw.snapshot(pool(2, 48)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .build(), at(0)));
    for (int i = 1; i <= 5; i++) {
      h.pipe(gw.streamFailed("s1", "c1", at(10L * i), "pf-price"), gw.resumed("s1", "c1", "high", 0, at(10L * i + 1),
          "pf-price"));
    }
    assertThat(h.monitor("pf-price").getReconnectsLastHour()).isEqualTo(5);
    assertThat(h.publishedAlerts()).isEmpty();
    h.pipe(gw.streamFailed("s1", "c1", at(60), "pf-price"), gw.resumed("s1", "c1", "high", 0, at(61), "pf-price"));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("monitor-reconnects/pf-price");
      assertThat(a.getKind()).isEqualTo(PoolAlertKind.ALERT_MONITOR_RECONNECTS);
      assertThat(a.getMonitorId()).isEqualTo("pf-price");
      assertThat(a.getGroup()).isEqualTo("high");
      assertThat(a.getMessage()).isEqualTo("Monitor \"pf-price\" has 6 reconnects in the last hour (more than 5)");
    });
    h.wallClockBy(Duration.ofMinutes(61));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));
    assertThat(h.monitor("pf-price").getReconnectsLastHour()).isZero();
  }

  @Test
  void monitorWaitingThirtySecondsRaisesAndActiveClears() {
    h.status("rl-mint", SubscriptionState.SUBSCRIPTION_DEGRADED, "medium share spent", at(0));
    assertThat(h.monitor("rl-mint").getState()).isEqualTo("waiting");
    h.wallClockBy(Duration.ofSeconds(29));
    assertThat(h.publishedAlerts()).isEmpty();
    h.wallClockBy(Duration.ofSeconds(1));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("monitor-waiting/rl-mint");
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_RAISED);
      assertThat(a.getMessage()).contains("medium share spent");
    });
    h.status("rl-mint", SubscriptionState.SUBSCRIPTION_ACTIVE, "", at(40));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));
    assertThat(h.alert("monitor-waiting/rl-mint").getState()).isEqualTo(PoolAlertState.ALERT_CLEARED);
  }

  @Test
  void monitorWaitingInThePoolSnapshotRaisesToo() {
    h.pipe(gw.snapshot(pool(0, 50).addMonitors(monitor("rl-acct", "low", "waiting", "s4", "")).build(), at(0)));
    assertThat(h.monitor("rl-acct").getState()).isEqualTo("waiting");
    assertThat(h.monitor("rl-acct").getGatewayId()).isEqualTo("gw-1");
    assertThat(h.monitor("rl-acct").getGroup()).isEqualTo("low");
    h.wallClockBy(Duration.ofSeconds(30));
    assertThat(h.publishedAlerts()).extracting(PoolAlert::getAlertId).containsExactly("monitor-waiting/rl-acct");
  }

  @Test
  void monitorRejectedOrFailedRaisesAtOnceAndRecoveryClears() {
    h.status("pf-acct", SubscriptionState.SUBSCRIPTION_REJECTED, "filter name over 128 bytes", at(0));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo("monitor-failed/pf-acct");
      assertThat(a.getSeverity()).isEqualTo("critical");
      assertThat(a.getMessage()).isEqualTo("Monitor \"pf-acct\" failed: rejected by the gateway: filter name over 128 bytes");
    });
    h.status("pf-acct", SubscriptionState.SUBSCRIPTION_ACTIVE, "", at(5));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));

    h.heartbeat("pf-acct", "low", "failed", 0, at(6));
    assertThat(h.publishedAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_RAISED);
      assertThat(a.getMessage()).contains("its process reports failed");
    });
    h.heartbeat("pf-acct", "low", "running", 10, at(7));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));
  }

  @Test
  void anOlderStatusDoesNotOverrideANewerOne() {
    h.status("pf-mint", SubscriptionState.SUBSCRIPTION_ACTIVE, "", at(10));
    h.status("pf-mint", SubscriptionState.SUBSCRIPTION_REJECTED, "stale", at(5));
    assertThat(h.monitor("pf-mint").getState()).isEqualTo("active");
    assertThat(h.publishedAlerts()).isEmpty();
  }

  @Test
  void removedMonitorClearsItsAlerts() {
    h.status("pf-acct", SubscriptionState.SUBSCRIPTION_REJECTED, "bad filter", at(0));
    assertThat(h.publishedAlerts()).hasSize(1);
    h.deleteStatus("pf-acct", at(3));
    assertThat(h.publishedAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getState()).isEqualTo(PoolAlertState.ALERT_CLEARED));
    assertThat(h.monitor("pf-acct").getState()).isEqualTo("removed");
  }
}
