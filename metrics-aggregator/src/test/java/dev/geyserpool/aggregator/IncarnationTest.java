package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.GatewayEvents.connection;
import static dev.geyserpool.aggregator.GatewayEvents.monitor;
import static dev.geyserpool.aggregator.GatewayEvents.pool;
import static dev.geyserpool.aggregator.GatewayEvents.stream;
import static dev.geyserpool.aggregator.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.pool.DialCause;
import dev.geyserpool.proto.pool.PoolMetrics;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway restarts (a new incarnation) and an aggregator that joins a running gateway. */
class IncarnationTest {
  @TempDir
  Path stateDir;

  private Harness h;

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

  private static void runningPool(Harness h, GatewayEvents gw, long atSecond) {
    h.pipe(gw.snapshot(pool(12, 38)
        .addConnections(connection("conn-1", "active", 2, at(-60)))
        .addConnections(connection("conn-2", "active", 1, at(-60)))
        .addStreams(stream("s1", "conn-1", "high", "active", at(-60), "pf-price"))
        .addStreams(stream("s2", "conn-1", "high", "active", at(-60), "pf-trans"))
        .addStreams(stream("s3", "conn-2", "medium", "active", at(-60), "pf-mint"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "conn-1"))
        .addMonitors(monitor("pf-trans", "high", "active", "s2", "conn-1"))
        .addMonitors(monitor("pf-mint", "medium", "active", "s3", "conn-2"))
        .build(), at(atSecond)));
  }

  @Test
  void newIncarnationReplacesTheOldOnesPool() {
    GatewayEvents first = new GatewayEvents("gw-1", "inc-a");
    h.pipe(first.started(at(0)));
    runningPool(h, first, 1);
    h.pipe(first.failed("conn-2", at(2)), first.removed("conn-2", at(2)));
    for (int i = 0; i < 7; i++) {
      runningPool(h, first, 3 + i);
    }
    assertThat(h.metrics("gw-1").getEvents().getLastSequence()).isEqualTo(11);

    // The gateway crashed (no GATEWAY_STOPPED) and starts again: ids and sequence numbers restart.
    GatewayEvents second = new GatewayEvents("gw-1", "inc-b");
    h.pipe(second.started(at(30)), second.created("conn-1", DialCause.DIAL_FIRST, at(31)));
    PoolMetrics restarted = h.metrics("gw-1");
    assertThat(restarted.getIncarnationId()).isEqualTo("inc-b");
    assertThat(restarted.getSynced()).isFalse();
    assertThat(restarted.getConnections().getTotal()).isEqualTo(1);
    assertThat(restarted.getConnections().getCreating()).isEqualTo(1);
    assertThat(restarted.getStreams().getTotal()).isZero();
    assertThat(restarted.getMonitors().getTotal()).isZero();
    assertThat(restarted.getEvents().getLastSequence()).isEqualTo(2);
    assertThat(restarted.getEvents().getDuplicates()).isZero();
    assertThat(restarted.getEvents().getMissing()).isZero();
    assertThat(restarted.getEvents().getIncarnations()).isEqualTo(2);
    // What happened before the restart happened: the old incarnation's failure still counts.
    assertThat(restarted.getConnections().getFailed()).isEqualTo(1);
    // The rate-limit window carries over until the new incarnation's first snapshot.
    assertThat(restarted.getRateLimit().getTokensUsed1Min()).isEqualTo(12);

    runningPool(h, second, 32);
    assertThat(h.metrics("gw-1").getSynced()).isTrue();
    assertThat(h.metrics("gw-1").getConnections().getTotal()).isEqualTo(2);
  }

  @Test
  void lateEventsOfAnOlderIncarnationAreCountedButNotApplied() {
    GatewayEvents first = new GatewayEvents("gw-1", "inc-a");
    h.pipe(first.started(at(0)));
    runningPool(h, first, 1);
    GatewayEvents second = new GatewayEvents("gw-1", "inc-b");
    h.pipe(second.started(at(30)), second.snapshot(pool(1, 49).build(), at(31)));

    // The old process's last records arrive after the new one's first.
    h.pipe(first.created("conn-9", DialCause.DIAL_FIRST, at(29)), first.failed("conn-1", at(35)));
    PoolMetrics m = h.metrics("gw-1");
    assertThat(m.getIncarnationId()).isEqualTo("inc-b");
    assertThat(m.getEvents().getStaleIncarnation()).isEqualTo(2);
    assertThat(m.getConnections().getTotal()).isZero();
    assertThat(m.getConnections().getFailed()).isEqualTo(1); // the failure was real
  }

  @Test
  void stoppedGatewayThatStartsAgainRunsAgain() {
    GatewayEvents first = new GatewayEvents("gw-1", "inc-a");
    h.pipe(first.started(at(0)));
    runningPool(h, first, 1);
    h.pipe(first.stopped(at(2)));
    assertThat(h.metrics("gw-1").getGatewayState()).isEqualTo("stopped");
    assertThat(h.metrics("gw-1").getConnections().getTotal()).isZero();
    assertThat(h.monitor("pf-price").getState()).isEqualTo("unknown");

    GatewayEvents second = new GatewayEvents("gw-1", "inc-b");
    h.pipe(second.started(at(10)));
    runningPool(h, second, 11);
    assertThat(h.metrics("gw-1").getGatewayState()).isEqualTo("running");
    assertThat(h.monitor("pf-price").getState()).isEqualTo("active");
  }

  @Test
  void aggregatorThatStartsAfterTheGatewayIsRightFromTheFirstSnapshot() {
    // The aggregator's first record of gw-1 is event 501: no holes before it are counted.
    GatewayEvents gw = new GatewayEvents("gw-1", "inc-a", 500);
    h.pipe(gw.opened("s7", "conn-3", "low", 0, at(0), "pf-acct"), gw.failed("conn-2", at(0)));
    PoolMetrics partial = h.metrics("gw-1");
    assertThat(partial.getSynced()).isFalse();
    assertThat(partial.getEvents().getMissing()).isZero();
    assertThat(partial.getStreams().getTotal()).isEqualTo(1);
    assertThat(partial.getConnections().getActive()).isEqualTo(1); // conn-3, learnt from the stream
    assertThat(partial.getConnections().getFailed()).isEqualTo(1);

    runningPool(h, gw, 1);
    PoolMetrics synced = h.metrics("gw-1");
    assertThat(synced.getSynced()).isTrue();
    assertThat(synced.getConnections().getTotal()).isEqualTo(2);
    assertThat(synced.getConnections().getActive()).isEqualTo(2);
    assertThat(synced.getStreams().getTotal()).isEqualTo(3);
    assertThat(synced.getStreams().getByMonitorMap()).doesNotContainKey("pf-acct");
    assertThat(synced.getMonitors().getTotal()).isEqualTo(3);
    assertThat(synced.getRateLimit().getTokensUsed1Min()).isEqualTo(12);
    assertThat(synced.getEvents().getLastSequence()).isEqualTo(503);

    // Events since the snapshot apply on top of it.
    h.pipe(gw.closed("s3", "conn-2", at(2)));
    assertThat(h.metrics("gw-1").getStreams().getTotal()).isEqualTo(2);
    assertThat(h.metrics("gw-1").getConnections().getIdle()).isEqualTo(1);
  }

  @Test
  void gatewaysAreKeptApart() {
    GatewayEvents a = new GatewayEvents("gw-a", "inc-1");
    GatewayEvents b = new GatewayEvents("gw-b", "inc-1");
    runningPool(h, a, 0);
    h.pipe(b.snapshot(pool(3, 47).build(), at(0)));
    assertThat(h.metrics("gw-a").getConnections().getTotal()).isEqualTo(2);
    assertThat(h.metrics("gw-b").getConnections().getTotal()).isZero();
    assertThat(h.metrics("gw-b").getRateLimit().getTokensUsed1Min()).isEqualTo(3);
  }
}
