package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.GatewayEvents.connection;
import static dev.geyserpool.aggregator.GatewayEvents.pool;
import static dev.geyserpool.aggregator.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geyserpool.proto.pool.DialCause;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
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
    if (h != null) {
      h.close();
    }
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** One window holding every kind of event the history counts. */
  private void busyFirstWindow() {
    h.pipe(gw.snapshot(pool(10, 40).addQueue(GatewayEvents.queuedRequest("s0", "high", at(0)))
        .addConnections(connection("c1", "active", 2, at(-60)))
        .addConnections(connection("c2", "active", 2, at(-60)))
        .build(), at(0)));
    h.pipe(gw.created("c3", DialCause.DIAL_FIRST, at(10)), gw.granted(39, at(10)),
        gw.failed("c1", at(20)), gw.recycled("c2", at(30)), gw.expired("c2", at(40)),
        gw.opened("s1", "c3", "high", 600, at(50), "pf-price"),
        gw.opened("s2", "c3", "high", 0, at(60), "pf-trans"),
        gw.streamFailed("s2", "c3", at(90), "pf-trans"),
        gw.denied(at(100)),
        gw.closed("s1", "c3", at(110)),
        gw.queueDepth(3, at(120)));
    h.pipe(gw.snapshot(pool(20, 30)
        .addConnections(connection("c3", "active", 1, at(10)))
        .addConnections(connection("c4", "active", 3, at(10)))
        .build(), at(200)));
  }

  @Test
  void windowHoldsEveryHistoricalField() {
    busyFirstWindow();
    h.pipe(gw.snapshot(pool(0, 50).build(), at(360)));
    List<PoolMetricsWindow> published = h.publishedWindows();
    assertThat(published).hasSize(1);
    PoolMetricsWindow w = published.get(0);
    assertThat(w.getGatewayId()).isEqualTo("gw-1");
    assertThat(w.getFinal()).isTrue();
    assertThat(w.getWindowStartEpochMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(w.getWindowEndEpochMillis()).isEqualTo(at(300).toEpochMilli());
    assertThat(w.getConnections().getCreated()).isEqualTo(1);
    assertThat(w.getConnections().getFailed()).isEqualTo(1);
    assertThat(w.getConnections().getRecycled()).isEqualTo(1);
    assertThat(w.getConnections().getExpired()).isEqualTo(1);
    assertThat(w.getRateLimit().getMaxUsed()).isEqualTo(20);
    assertThat(w.getRateLimit().getAvgUsed()).isEqualTo(15); // the snapshots' 10 and 20
    assertThat(w.getRateLimit().getViolations()).isEqualTo(1);
    assertThat(w.getRateLimit().getQueueDepthMax()).isEqualTo(3);
    assertThat(w.getRateLimit().getLimit()).isEqualTo(60);
    assertThat(w.getStreams().getCreated()).isEqualTo(2);
    assertThat(w.getStreams().getCompleted()).isEqualTo(1);
    assertThat(w.getStreams().getFailed()).isEqualTo(1);
    assertThat(w.getStreams().getAvgDurationSeconds()).isEqualTo(45); // 60 s and 30 s
    assertThat(w.getEvents()).isEqualTo(13);
    assertThat(w.getSnapshots()).isEqualTo(2);

    // 2 failures in 5 minutes = 24/h -> 76; 15 of 60 used -> 75; Jain 100 and 80 -> 90; mean wait 300 ms of 3 s -> 90.
    assertThat(w.getHealth().getFactors().getConnectionStability()).isCloseTo(76, within(1e-9));
    assertThat(w.getHealth().getFactors().getRateLimitHeadroom()).isCloseTo(75, within(1e-9));
    assertThat(w.getHealth().getFactors().getStreamDistribution()).isCloseTo(90, within(1e-9));
    assertThat(w.getHealth().getFactors().getQueuePerformance()).isCloseTo(90, within(1e-9));
    assertThat(w.getHealth().getScore()).isCloseTo(0.35 * 76 + 0.25 * 75 + 0.15 * 90 + 0.25 * 90, within(1e-9));

    // The same window is in the store, final.
    List<PoolMetricsWindow> stored = h.storedWindows("gw-1", T0, T0);
    assertThat(stored).containsExactly(w);
  }

  @Test
  void windowClosesWhenTheGatewaysTimePassesItsEndPlusGrace() {
    busyFirstWindow();
    h.pipe(gw.snapshot(pool(0, 50).build(), at(359).plusMillis(999)));
    assertThat(h.publishedWindows()).isEmpty();
    // Open windows are in the store all the same, not final.
    assertThat(h.storedWindows("gw-1", T0, T0)).singleElement()
        .satisfies(w -> assertThat(w.getFinal()).isFalse())
        .satisfies(w -> assertThat(w.getConnections().getCreated()).isEqualTo(1));
    h.pipe(gw.snapshot(pool(0, 50).build(), at(360)));
    assertThat(h.publishedWindows()).singleElement().satisfies(w -> assertThat(w.getFinal()).isTrue());
  }

  @Test
  void lateEventsCountInTheirWindowWithinTheGraceAndAreDroppedAfter() {
    busyFirstWindow();
    h.pipe(gw.snapshot(pool(0, 50).build(), at(330)));
    // Out of order: an event of 10:04:50 after one of 10:05:30, within the grace.
    h.pipe(gw.failed("c9", at(290)));
    h.pipe(gw.snapshot(pool(0, 50).build(), at(360)));
    PoolMetricsWindow first = h.publishedWindows().get(0);
    assertThat(first.getConnections().getFailed()).isEqualTo(2);

    // After the window closed: counted as dropped, the published window stays as it was.
    h.pipe(gw.failed("c8", at(295)));
    assertThat(h.metrics("gw-1").getEvents().getLateDropped()).isEqualTo(1);
    assertThat(h.storedWindows("gw-1", T0, T0)).containsExactly(first);
    // It is a real failure all the same: the sliding counts have it (c1, s2, c9 and c8).
    assertThat(h.metrics("gw-1").getPerformance().getFailuresLastHour()).isEqualTo(4);
  }

  @Test
  void windowWithOnlySnapshotsHasZeroCountsAndAHealth() {
    for (int s = 0; s < 300; s += 60) {
      h.pipe(gw.snapshot(pool(6, 44).addConnections(connection("c1", "active", 2, at(-60))).build(), at(s)));
    }
    h.pipe(gw.snapshot(pool(6, 44).build(), at(360)));
    PoolMetricsWindow w = h.publishedWindows().get(0);
    assertThat(w.getEvents()).isEqualTo(5);
    assertThat(w.getSnapshots()).isEqualTo(5);
    assertThat(w.getConnections().getCreated()).isZero();
    assertThat(w.getStreams().getCreated()).isZero();
    assertThat(w.getStreams().getAvgDurationSeconds()).isZero();
    assertThat(w.getRateLimit().getAvgUsed()).isEqualTo(6);
    assertThat(w.hasHealth()).isTrue();
    assertThat(w.getHealth().getFactors().getConnectionStability()).isEqualTo(100);
    assertThat(w.getHealth().getFactors().getQueuePerformance()).isEqualTo(100);
    assertThat(w.getHealth().getFactors().getRateLimitHeadroom()).isCloseTo(90, within(1e-9));
  }

  @Test
  void silentGatewayGetsWindowsWithoutEventsOrHealthOnTheAggregatorsClock() {
    h.pipe(gw.snapshot(pool(6, 44).build(), at(10)));
    // The gateway sends nothing more: its time moves with the aggregator's clock.
    h.wallClockBy(Duration.ofSeconds(349));
    assertThat(h.publishedWindows()).isEmpty(); // the gateway is at 10:05:59
    h.wallClockBy(Duration.ofSeconds(1));
    assertThat(h.publishedWindows()).singleElement().satisfies(w -> assertThat(w.getEvents()).isEqualTo(1));
    h.wallClockBy(Duration.ofMinutes(10));
    List<PoolMetricsWindow> silent = h.publishedWindows();
    assertThat(silent).extracting(PoolMetricsWindow::getWindowStartEpochMillis)
        .containsExactly(at(300).toEpochMilli(), at(600).toEpochMilli());
    assertThat(silent).allSatisfy(w -> {
      assertThat(w.getEvents()).isZero();
      assertThat(w.getSnapshots()).isZero();
      assertThat(w.hasHealth()).isFalse();
      assertThat(w.getFinal()).isTrue();
    });
    assertThat(h.metrics("gw-1").getGatewayState()).isEqualTo("silent");
    assertThat(h.storedWindows("gw-1", T0, at(900))).hasSize(3);
  }

  @Test
  void stoppedGatewayGetsNoWindowsAfterItsLast() {
    h.pipe(gw.snapshot(pool(6, 44).build(), at(10)), gw.stopped(at(20)));
    h.wallClockBy(Duration.ofMinutes(30));
    assertThat(h.publishedWindows()).singleElement()
        .satisfies(w -> assertThat(w.getWindowStartEpochMillis()).isEqualTo(T0.toEpochMilli()));
    assertThat(h.metrics("gw-1").getGatewayState()).isEqualTo("stopped");
    assertThat(h.metrics("gw-1").getConnections().getTotal()).isZero();
  }

  @Test
  void gapBetweenEventsIsFilledWithSilentWindows() {
    h.pipe(gw.snapshot(pool(6, 44).build(), at(10)));
    h.pipe(gw.snapshot(pool(6, 44).build(), at(1210))); // 10:20:10, with no wall-clock time passing
    assertThat(h.publishedWindows()).extracting(PoolMetricsWindow::getEvents).containsExactly(1L, 0L, 0L);
  }

  @Test
  void seriesPointsEveryTenSeconds() {
    h.pipe(gw.snapshot(pool(30, 20).addConnections(connection("c1", "active", 1, at(-60)))
        .addConnections(connection("c2", "idle", 0, at(-60))).build(), at(0)));
    h.pipe(gw.queueDepth(2, at(3)), gw.failed("c2", at(4)), gw.removed("c2", at(4)),
        gw.granted(10, at(5)).toBuilder().build(), gw.queueDepth(0, at(6)));
    h.pipe(gw.snapshot(pool(40, 10).addConnections(connection("c1", "active", 1, at(-60))).build(), at(12)));

    // The first point closes at 10:00:20 (its end plus one point).
    assertThat(h.storedPoints("gw-1", T0, T0)).singleElement().satisfies(p -> assertThat(p.getFinal()).isFalse());
    h.pipe(gw.snapshot(pool(40, 10).addConnections(connection("c1", "active", 1, at(-60))).build(), at(20)));
    PoolSeriesPoint p = h.storedPoints("gw-1", T0, T0).get(0);
    assertThat(p.getFinal()).isTrue();
    assertThat(p.getRateLimitPercent()).isCloseTo(100 * 31 / 60d, within(1e-9));
    assertThat(p.getConnections()).isEqualTo(1);
    assertThat(p.getQueueDepth()).isEqualTo(2);
    assertThat(p.getFailures()).isEqualTo(1);
    assertThat(p.getFailuresPerMinute()).isEqualTo(6);
    assertThat(p.getSamples()).isEqualTo(6); // the snapshot of 10:00:12 is the next point's

    // A silent stretch: points without samples, 30 minutes of them at most.
    h.wallClockBy(Duration.ofMinutes(40));
    List<PoolSeriesPoint> points = h.storedPoints("gw-1", T0, at(60 * 41));
    assertThat(points).hasSizeBetween(170, 182);
    assertThat(points.get(points.size() - 1).getSamples()).isZero();
    assertThat(points).allSatisfy(point -> assertThat(point.getStartEpochMillis() % 10_000).isZero());
  }

  @Test
  void windowStoreKeepsTheRetentionOnly() {
    h.close();
    h = new Harness(AggregatorConfig.builder().stateDir(stateDir).applicationId("aggregator-test")
        .retention(Duration.ofMinutes(15)).build());
    for (int minute = 0; minute <= 120; minute += 1) {
      h.pipe(gw.snapshot(pool(1, 49).build(), at(minute * 60L)));
    }
    List<PoolMetricsWindow> stored = h.storedWindows("gw-1", T0, at(120 * 60));
    assertThat(stored).isNotEmpty();
    assertThat(stored.get(0).getWindowStartEpochMillis()).isGreaterThanOrEqualTo(at(120 * 60 - 15 * 60).toEpochMilli()
        - Duration.ofMinutes(5).toMillis());
    // The topic has them all.
    assertThat(h.publishedWindows()).hasSize(23);
  }
}
