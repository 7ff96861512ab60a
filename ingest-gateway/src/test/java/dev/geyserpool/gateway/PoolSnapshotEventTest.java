package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.CallProgress;
import dev.geyserpool.gateway.pool.ConnectionBudget;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.MonitorSpec;
import dev.geyserpool.gateway.pool.PoolAction;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.gateway.pool.StreamKind;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.QueuedRequest;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import dev.geyserpool.wire.MonitorGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The POOL_SNAPSHOT message, built from a pool core on a fake clock. */
class PoolSnapshotEventTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long NOW_EPOCH_MICROS = 1_795_687_200_000_000L;

  @Test
  void theSnapshotHoldsConnectionsStreamsQueueRateLimitAndMonitorsWithTheirStates() {
    // A budget of one attempt and one stream per connection: the medium monitor's stream waits.
    PoolRules rules = FastRules.get();
    PoolRules oneAttempt = new PoolRules(rules.maxConnections(), 1,
        rules.maxMonitorsPerStream(), rules.connectionTtl(), 0, rules.idleTimeout(), rules.healthCheckInterval(),
        rules.streamSilenceTimeout(), 1, 60, Duration.ofSeconds(60), PoolRules.RateLimitScope.CONNECTIONS,
        rules.groupConnections(), rules.reserveConnections(), rules.requestTimeout(), rules.backoffMin(),
        rules.backoffMax(), rules.filterDebounce());
    ConnectionPool pool = new ConnectionPool(oneAttempt, new ConnectionBudget(1, Duration.ofSeconds(60)), bound -> 0L);
    long start = 1_000 * S;
    StreamKind high = new StreamKey(MonitorGroup.HIGH, CommitmentLevel.PROCESSED, List.of()).kind();
    StreamKind medium = new StreamKey(MonitorGroup.MEDIUM, CommitmentLevel.PROCESSED, List.of()).kind();
    pool.declare(new MonitorSpec("pf-price", high, 0), start);
    pool.declare(new MonitorSpec("pf-trades", high, 0), start);
    pool.declare(new MonitorSpec("pf-mint", medium, 0), start);
    pool.runOnce(start);
    String connection = pool.drainActions().stream().filter(PoolAction.Dial.class::isInstance)
        .map(a -> ((PoolAction.Dial) a).connectionId()).findFirst().orElseThrow();
    pool.connectionReady(connection, start + 40 * MS);
    String highSlot = pool.slotOf("pf-price").orElseThrow();
    String mediumSlot = pool.slotOf("pf-mint").orElseThrow();
    long now = start + 2 * S;
    pool.observe(highSlot, 1, new CallProgress(now, now, 100, 100, false), now);
    pool.runOnce(now);
    pool.drainActions();

    PoolStats stats = stats(Map.of("pf-price", "active", "pf-trades", "active", "pf-mint", "waiting"));
    PoolSnapshot snapshot = PoolSnapshotEvent.of(pool, oneAttempt, stats,
        Map.of("pf-mint", MonitorDeclaration.newBuilder().setMonitorId("pf-mint").setGroup("medium").build()),
        now, NOW_EPOCH_MICROS);

    assertThat(snapshot.getConnectionsList()).containsExactly(ConnectionSnapshot.newBuilder()
        .setConnectionId(connection).setState("active").setStreams(1).setGroup("high")
        .setCreatedAtEpochMicros(NOW_EPOCH_MICROS - 2_000_000).build());
    assertThat(snapshot.getStreamsList()).containsExactly(
        StreamSnapshot.newBuilder().setStreamId(highSlot).setConnectionId(connection).setGroup("high")
            .addMonitorIds("pf-price").addMonitorIds("pf-trades").setState("active")
            .setOpenedAtEpochMicros(NOW_EPOCH_MICROS - 2_000_000).build(),
        StreamSnapshot.newBuilder().setStreamId(mediumSlot).setGroup("medium").addMonitorIds("pf-mint")
            .setState("waiting").build());
    assertThat(snapshot.getQueueList()).containsExactly(QueuedRequest.newBuilder().setStreamId(mediumSlot)
        .setGroup("medium").addMonitorIds("pf-mint").setQueuedAtEpochMicros(NOW_EPOCH_MICROS - 2_000_000).build());
    assertThat(snapshot.getRateLimit()).isEqualTo(RateLimitSnapshot.newBuilder().setLimit(60).setEnforcedLimit(1)
        .setWindowMillis(60_000).setScope("connections").setUsed(1).setRemaining(0).setNextTokenInMillis(58_000).build());
    assertThat(snapshot.getMonitorsList()).containsExactly(
        MonitorSnapshot.newBuilder().setMonitorId("pf-mint").setGroup("medium").setState("waiting")
            .setStreamId(mediumSlot).build(),
        MonitorSnapshot.newBuilder().setMonitorId("pf-price").setGroup("high").setState("active")
            .setStreamId(highSlot).setConnectionId(connection).build(),
        MonitorSnapshot.newBuilder().setMonitorId("pf-trades").setGroup("high").setState("active")
            .setStreamId(highSlot).setConnectionId(connection).build());
    assertThat(snapshot.getMaxConnections()).isEqualTo(oneAttempt.maxConnections());
    assertThat(snapshot.getMaxStreamsPerConnection()).isEqualTo(oneAttempt.maxStreamsPerConnection());
    assertThat(snapshot.getSinkAvailable()).isTrue();
  }

  /** Stats whose rate-limit numbers are those of a spent budget of one. */
  private static PoolStats stats(Map<String, String> monitorStates) {
    return new PoolStats(1, 1, 0, 0, 0, 1, 0, 1, 60, 1, 58_000, 1,
        Map.of(), Map.of(), Map.of(), monitorStates,
        0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 40, 0, Instant.EPOCH);
  }
}
