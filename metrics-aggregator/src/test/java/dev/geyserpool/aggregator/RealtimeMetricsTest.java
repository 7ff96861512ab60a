package dev.geyserpool.aggregator;

import static dev.geyserpool.aggregator.GatewayEvents.connection;
import static dev.geyserpool.aggregator.GatewayEvents.monitor;
import static dev.geyserpool.aggregator.GatewayEvents.pool;
import static dev.geyserpool.aggregator.GatewayEvents.queuedRequest;
import static dev.geyserpool.aggregator.GatewayEvents.stream;
import static dev.geyserpool.aggregator.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geyserpool.proto.pool.DialCause;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.SubscriptionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeMetricsTest {
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

  @Test
  void snapshotGivesEveryRealtimeField() {
    h.pipe(gw.snapshot(pool(35, 15)
        .addConnections(connection("c1", "active", 3, at(-100)))
        .addConnections(connection("c2", "active", 7, at(-300)))
        .addConnections(connection("c3", "idle", 0, at(-50)))
        .addConnections(connection("c4", "creating", 0, at(0)))
        .addConnections(connection("c5", "expired", 12, at(-310)))
        .addConnections(connection("c6", "failed", 0, at(-20)))
        .addConnections(connection("c7", "active", 16, at(-40)))
        .addStreams(stream("s1", "c1", "high", "active", at(-90), "pf-price", "pf-trans"))
        .addStreams(stream("s2", "c1", "high", "active", at(-90), "pf-price"))
        .addStreams(stream("s3", "c2", "medium", "active", at(-90), "pf-mint"))
        .addStreams(stream("s4", "", "low", "waiting", at(-90), "rl-acct"))
        .addQueue(queuedRequest("s4", "low", at(-5), "rl-acct"))
        .addQueue(queuedRequest("s5", "medium", at(-2), "rl-mint"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .addMonitors(monitor("pf-trans", "high", "active", "s1", "c1"))
        .addMonitors(monitor("pf-mint", "medium", "active", "s3", "c2"))
        .addMonitors(monitor("rl-mint", "medium", "waiting", "s5", ""))
        .addMonitors(monitor("pf-acct", "low", "failed", "", ""))
        .addMonitors(monitor("rl-acct", "low", "rejected", "s4", ""))
        .build(), at(0)));

    PoolMetrics m = h.metrics("gw-1");
    assertThat(m.getSynced()).isTrue();
    assertThat(m.getGatewayState()).isEqualTo("running");
    assertThat(m.getIncarnationId()).isEqualTo("inc-a");
    // c1, c2, c7 carry streams; c3 idle; c4 creating; c5 expiring; c6 failed is not in the pool.
    assertThat(m.getConnections().getTotal()).isEqualTo(6);
    assertThat(m.getConnections().getActive()).isEqualTo(3);
    assertThat(m.getConnections().getIdle()).isEqualTo(1);
    assertThat(m.getConnections().getCreating()).isEqualTo(1);
    assertThat(m.getConnections().getExpiring()).isEqualTo(1);
    assertThat(m.getConnections().getFailed()).isZero();
    assertThat(m.getConnections().getMaxConnections()).isEqualTo(40);

    assertThat(m.getRateLimit().getTokensAvailable()).isEqualTo(15);
    assertThat(m.getRateLimit().getTokensUsed1Min()).isEqualTo(35);
    assertThat(m.getRateLimit().getPercentUsed()).isCloseTo(100 * 35 / 60d, within(1e-9));
    assertThat(m.getRateLimit().getNextTokenInSeconds()).isZero();
    assertThat(m.getRateLimit().getQueuedRequests()).isEqualTo(2);
    assertThat(m.getRateLimit().getLimit()).isEqualTo(60);
    assertThat(m.getRateLimit().getEnforcedLimit()).isEqualTo(50);

    assertThat(m.getStreams().getTotal()).isEqualTo(3);
    assertThat(m.getStreams().getPerConnection().getFrom1To5()).isEqualTo(1);
    assertThat(m.getStreams().getPerConnection().getFrom6To10()).isEqualTo(1);
    assertThat(m.getStreams().getPerConnection().getFrom11To15()).isEqualTo(1);
    assertThat(m.getStreams().getPerConnection().getOver15()).isEqualTo(1);
    assertThat(m.getStreams().getByMonitorMap()).isEqualTo(Map.of("pf-price", 2, "pf-trans", 1, "pf-mint", 1));

    // Uptime: the mean age of c1, c2, c3, c4, c5, c7 (100, 300, 50, 0, 310, 40 s).
    assertThat(m.getPerformance().getConnectionUptimeSeconds()).isCloseTo(800 / 6d, within(1e-6));
    assertThat(m.getPerformance().getReconnectsLastHour()).isZero();

    assertThat(m.getMonitors().getTotal()).isEqualTo(6);
    assertThat(m.getMonitors().getActive()).isEqualTo(3);
    assertThat(m.getMonitors().getWaiting()).isEqualTo(1);
    assertThat(m.getMonitors().getFailed()).isEqualTo(2);
    assertThat(m.getMonitors().getByGroup().getHighFrequency()).isEqualTo(2);
    assertThat(m.getMonitors().getByGroup().getMediumFrequency()).isEqualTo(2);
    assertThat(m.getMonitors().getByGroup().getLowFrequency()).isEqualTo(2);
  }

  @Test
  void connectionEventsAfterTheSnapshotMoveTheCounts() {
    h.pipe(gw.snapshot(pool(1, 49)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .build(), at(0)));
    h.pipe(gw.created("c2", DialCause.DIAL_FIRST, at(1)));
    assertThat(h.metrics("gw-1").getConnections().getCreating()).isEqualTo(1);
    assertThat(h.metrics("gw-1").getConnections().getTotal()).isEqualTo(2);

    h.pipe(gw.active("c2", 150, at(2)));
    PoolMetrics ready = h.metrics("gw-1");
    assertThat(ready.getConnections().getCreating()).isZero();
    assertThat(ready.getConnections().getIdle()).isEqualTo(1); // ready, no stream yet
    assertThat(ready.getPerformance().getAvgConnectionTimeMillis()).isEqualTo(150);

    h.pipe(gw.opened("s2", "c2", "medium", 200, at(3), "pf-mint"));
    PoolMetrics streaming = h.metrics("gw-1");
    assertThat(streaming.getConnections().getActive()).isEqualTo(2);
    assertThat(streaming.getConnections().getIdle()).isZero();
    assertThat(streaming.getStreams().getTotal()).isEqualTo(2);
    assertThat(streaming.getStreams().getByMonitorMap()).containsEntry("pf-mint", 1);
    assertThat(streaming.getPerformance().getAvgQueueWaitTimeMillis()).isEqualTo(200);
    assertThat(streaming.getMonitors().getActive()).isEqualTo(2);

    // A connection whose dial time the gateway did not give: ready minus created.
    h.pipe(gw.created("c3", DialCause.DIAL_REPLACEMENT, at(4)), gw.idle("c3", at(4).plusMillis(450)));
    assertThat(h.metrics("gw-1").getPerformance().getAvgConnectionTimeMillis()).isEqualTo(300);

    h.pipe(gw.failed("c1", at(10)), gw.removed("c1", at(10)));
    PoolMetrics failed = h.metrics("gw-1");
    assertThat(failed.getConnections().getFailed()).isEqualTo(1);
    assertThat(failed.getConnections().getTotal()).isEqualTo(2);
    assertThat(failed.getPerformance().getFailuresLastHour()).isEqualTo(1);

    // "failed in the last 5 min": the gateway's time moves on with the aggregator's clock.
    h.wallClockBy(Duration.ofMinutes(5));
    assertThat(h.metrics("gw-1").getConnections().getFailed()).isEqualTo(1);
    h.wallClockBy(Duration.ofSeconds(1));
    assertThat(h.metrics("gw-1").getConnections().getFailed()).isZero();
    assertThat(h.metrics("gw-1").getPerformance().getFailuresLastHour()).isEqualTo(1);
    assertThat(h.metrics("gw-1").getGatewayState()).isEqualTo("silent");
  }

  @Test
  void expiredAndRecycledConnections() {
    h.pipe(gw.snapshot(pool(2, 48)
        .addConnections(connection("c1", "active", 1, at(-290)))
        .addConnections(connection("c2", "idle", 0, at(-30)))
        .addStreams(stream("s1", "c1", "high", "active", at(-290), "pf-price"))
        .build(), at(0)));
    h.pipe(gw.expired("c1", at(1)));
    assertThat(h.metrics("gw-1").getConnections().getExpiring()).isEqualTo(1);
    assertThat(h.metrics("gw-1").getConnections().getActive()).isZero();
    h.pipe(gw.recycled("c2", at(2)), gw.resumed("s1", "c2", "high", 0, at(2), "pf-price"));
    PoolMetrics m = h.metrics("gw-1");
    assertThat(m.getConnections().getActive()).isEqualTo(1);
    assertThat(m.getConnections().getIdle()).isZero();
    assertThat(m.getStreams().getPerConnection().getFrom1To5()).isEqualTo(1);
    // A planned move is not a reconnect.
    assertThat(m.getPerformance().getReconnectsLastHour()).isZero();
  }

  @Test
  void rateLimitFollowsTokenEventsBetweenSnapshots() {
    h.pipe(gw.snapshot(pool(10, 0).build(), at(0)));
    assertThat(h.metrics("gw-1").getRateLimit().getNextTokenInSeconds()).isEqualTo(4.0);
    h.pipe(gw.granted(39, at(1)).toBuilder().setAtEpochMicros(Harness.micros(at(0).plusMillis(1500))).build());
    PoolMetrics granted = h.metrics("gw-1");
    assertThat(granted.getRateLimit().getTokensUsed1Min()).isEqualTo(11);
    assertThat(granted.getRateLimit().getTokensAvailable()).isEqualTo(39);
    assertThat(granted.getRateLimit().getPercentUsed()).isCloseTo(100 * 11 / 60d, within(1e-9));
    // The next token comes 4 s after the snapshot said so: 2.5 s left 1.5 s later.
    assertThat(granted.getRateLimit().getNextTokenInSeconds()).isEqualTo(2.5);

    h.pipe(gw.denied(at(2)));
    assertThat(h.metrics("gw-1").getRateLimit().getTokensAvailable()).isZero();
    h.pipe(gw.restored(30, at(3)));
    assertThat(h.metrics("gw-1").getRateLimit().getTokensUsed1Min()).isEqualTo(30);
    assertThat(h.metrics("gw-1").getRateLimit().getTokensAvailable()).isEqualTo(20);
    // The next snapshot is the truth again.
    h.pipe(gw.snapshot(pool(5, 45).build(), at(4)));
    assertThat(h.metrics("gw-1").getRateLimit().getTokensUsed1Min()).isEqualTo(5);
  }

  @Test
  void queueDepthAndWaits() {
    h.pipe(gw.snapshot(pool(0, 50).addConnections(connection("c1", "idle", 0, at(-10))).build(), at(0)));
    h.pipe(gw.queued("s5", "medium", at(1), "rl-mint"));
    PoolMetrics queued = h.metrics("gw-1");
    assertThat(queued.getRateLimit().getQueuedRequests()).isEqualTo(1);
    assertThat(queued.getMonitors().getWaiting()).isEqualTo(1);

    h.pipe(gw.opened("s5", "c1", "medium", 1000, at(2), "rl-mint"));
    assertThat(h.metrics("gw-1").getRateLimit().getQueuedRequests()).isZero();
    assertThat(h.metrics("gw-1").getMonitors().getActive()).isEqualTo(1);

    h.pipe(gw.queueDepth(4, at(3)));
    assertThat(h.metrics("gw-1").getRateLimit().getQueuedRequests()).isEqualTo(4);
    h.pipe(gw.timedOut("s9", 3000, at(4)));
    // Waits: 1000 ms (opened), 3000 ms (timed out).
    assertThat(h.metrics("gw-1").getPerformance().getAvgQueueWaitTimeMillis()).isEqualTo(2000);
  }

  @Test
  void reconnectsAreStreamsOpenedAgainAfterAFailure() {
    h.pipe(gw.snapshot(pool(2, 48)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addConnections(connection("c2", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addStreams(stream("s2", "c2", "low", "active", at(-60), "pf-acct"))
        .build(), at(0)));
    h.pipe(gw.streamFailed("s1", "c1", at(10), "pf-price"), gw.resumed("s1", "c1", "high", 0, at(11), "pf-price"));
    assertThat(h.metrics("gw-1").getPerformance().getReconnectsLastHour()).isEqualTo(1);
    // s2 goes down with its connection and comes back on another one.
    h.pipe(gw.failed("c2", at(20)), gw.removed("c2", at(20)), gw.created("c3", DialCause.DIAL_REPLACEMENT, at(20)),
        gw.active("c3", 100, at(21)), gw.resumed("s2", "c3", "low", 1200, at(21), "pf-acct"));
    assertThat(h.metrics("gw-1").getPerformance().getReconnectsLastHour()).isEqualTo(2);
    // A first open is not a reconnect.
    h.pipe(gw.opened("s3", "c3", "low", 0, at(30), "rl-acct"));
    assertThat(h.metrics("gw-1").getPerformance().getReconnectsLastHour()).isEqualTo(2);

    h.wallClockBy(Duration.ofMinutes(60).minusSeconds(18)); // the gateway is at 3612 s
    assertThat(h.metrics("gw-1").getPerformance().getReconnectsLastHour()).isEqualTo(1);
    h.wallClockBy(Duration.ofSeconds(11));
    assertThat(h.metrics("gw-1").getPerformance().getReconnectsLastHour()).isZero();
  }

  @Test
  void aMonitorsNewConnectionIsKeptWhenASubscriptionStatusOvertookIt() {
    h.pipe(gw.snapshot(pool(1, 49)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .build(), at(0)));
    assertThat(h.monitor("pf-price").getConnectionId()).isEqualTo("c1");
    // The gateway's status of the reconnect is stamped after the pool's snapshot that places it.
    h.status("pf-price", SubscriptionState.SUBSCRIPTION_ACTIVE, "on stream s2 via c2", at(5));
    h.pipe(gw.snapshot(pool(2, 48)
        .addConnections(connection("c2", "active", 1, at(3)))
        .addStreams(stream("s2", "c2", "high", "active", at(3), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s2", "c2"))
        .build(), at(4)));
    MonitorMetrics moved = h.monitor("pf-price");
    assertThat(moved.getConnectionId()).isEqualTo("c2");
    assertThat(moved.getStreamId()).isEqualTo("s2");
    assertThat(moved.getStateReason()).isEqualTo("on stream s2 via c2");
    // An older placement arriving late does not undo it.
    h.pipe(gw.withSequence(gw.event(dev.geyserpool.proto.pool.PoolEventType.POOL_SNAPSHOT, at(2)).setSnapshot(pool(1, 49)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .build()), 1));
    assertThat(h.monitor("pf-price").getConnectionId()).isEqualTo("c2");
  }

  @Test
  void membershipEventsMoveMonitors() {
    h.pipe(gw.snapshot(pool(1, 49)
        .addConnections(connection("c1", "active", 1, at(-60)))
        .addStreams(stream("s1", "c1", "high", "active", at(-60), "pf-price"))
        .addMonitors(monitor("pf-price", "high", "active", "s1", "c1"))
        .build(), at(0)));
    h.pipe(gw.joined("s1", "c1", "high", at(1), "pf-trans"));
    PoolMetrics joined = h.metrics("gw-1");
    assertThat(joined.getMonitors().getTotal()).isEqualTo(2);
    assertThat(joined.getMonitors().getActive()).isEqualTo(2);
    assertThat(joined.getStreams().getByMonitorMap()).containsEntry("pf-trans", 1);
    h.pipe(gw.left("s1", "c1", at(2), "pf-price"));
    PoolMetrics left = h.metrics("gw-1");
    assertThat(left.getMonitors().getTotal()).isEqualTo(1);
    assertThat(left.getStreams().getByMonitorMap()).doesNotContainKey("pf-price");
    assertThat(left.getMonitors().getByGroup().getHighFrequency()).isEqualTo(1);
  }

  @Test
  void sequenceHolesLateAndDuplicateEventsAreCounted() {
    h.pipe(gw.started(at(0)), gw.snapshot(pool(0, 50).build(), at(1)));
    gw.lose(3); // 3, 4, 5 never arrive (yet)
    h.pipe(gw.created("c1", DialCause.DIAL_FIRST, at(2)));
    assertThat(h.metrics("gw-1").getEvents().getMissing()).isEqualTo(3);
    assertThat(h.metrics("gw-1").getEvents().getLastSequence()).isEqualTo(6);

    // Event 4 arrives after 6: it fills its hole and counts (a failure), but does not rewind the pool.
    h.pipe(gw.withSequence(gw.event(dev.geyserpool.proto.pool.PoolEventType.CONNECTION_FAILED, at(1).plusMillis(500))
        .setConnectionId("c0"), 4));
    PoolMetrics late = h.metrics("gw-1");
    assertThat(late.getEvents().getMissing()).isEqualTo(2);
    assertThat(late.getEvents().getLate()).isEqualTo(1);
    assertThat(late.getConnections().getFailed()).isEqualTo(1);
    assertThat(late.getConnections().getCreating()).isEqualTo(1);

    // Event 6 again: a duplicate, ignored.
    h.pipe(gw.withSequence(gw.event(dev.geyserpool.proto.pool.PoolEventType.CONNECTION_FAILED, at(2))
        .setConnectionId("c1"), 6));
    PoolMetrics dup = h.metrics("gw-1");
    assertThat(dup.getEvents().getDuplicates()).isEqualTo(1);
    assertThat(dup.getConnections().getFailed()).isEqualTo(1);
    assertThat(dup.getEvents().getApplied()).isEqualTo(3);
  }

  @Test
  void messagesPerSecondPerMonitorAndGroupFromHeartbeats() {
    h.heartbeat("pf-price", "high", "running", 512, at(0));
    h.heartbeat("pf-trans", "high", "running", 387, at(1));
    h.heartbeat("pf-mint", "medium", "running", 12, at(1));

    assertThat(h.monitor("pf-price").getMessagesPerSecond()).isEqualTo(512);
    assertThat(h.monitor("pf-price").getProcessState()).isEqualTo("running");
    assertThat(h.monitor("pf-price").getLag()).isEqualTo(3);
    assertThat(h.monitor("pf-price").getLatencyP99Millis()).isEqualTo(40);
    assertThat(h.group("high").getMessagesPerSecond()).isEqualTo(899);
    assertThat(h.group("high").getMonitors()).isEqualTo(2);
    assertThat(h.group("high").getReporting()).isEqualTo(2);
    assertThat(h.group("medium").getMessagesPerSecond()).isEqualTo(12);

    h.heartbeat("pf-price", "high", "running", 600, at(5));
    assertThat(h.group("high").getMessagesPerSecond()).isEqualTo(987);
    assertThat(h.monitor("pf-price").getDeliveredTotal()).isEqualTo(512 * 5 + 600 * 5);

    // pf-trans's heartbeats stop: after 30 s it counts 0.
    h.wallClockBy(Duration.ofSeconds(30));
    assertThat(h.group("high").getMessagesPerSecond()).isEqualTo(987);
    h.wallClockBy(Duration.ofSeconds(2));
    assertThat(h.monitor("pf-trans").getProcessState()).isEqualTo("silent");
    assertThat(h.monitor("pf-trans").getMessagesPerSecond()).isZero();
    assertThat(h.group("high").getReporting()).isLessThan(2);

    // A monitor that moves to another group leaves the old one.
    h.heartbeat("pf-mint", "low", "running", 20, h.wall().plusSeconds(1));
    assertThat(h.group("medium").getMonitors()).isZero();
    assertThat(h.group("low").getMessagesPerSecond()).isEqualTo(20);
  }
}
