package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.internal.state.GatewayState;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolConnectionMetrics;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMonitorCounts;
import dev.geyserpool.proto.pool.PoolMonitorsByGroup;
import dev.geyserpool.proto.pool.PoolPerformanceMetrics;
import dev.geyserpool.proto.pool.PoolRateLimitMetrics;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.PoolStreamMetrics;
import dev.geyserpool.proto.pool.PoolStreamsPerConnection;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import java.util.Map;
import java.util.TreeMap;

/** Builds the seed's {@code GrpcPoolMetrics} ({@link PoolMetrics}) from a gateway's tracked state. Stateless. */
final class RealtimeMetrics {
  private RealtimeMetrics() {}

  static PoolMetrics build(GatewayTracker tracker, long now) {
    GatewayState.Builder state = tracker.rawState();
    PoolSnapshot pool = tracker.model().pool().build();
    long hourAgo = now - GatewayTracker.hourMicros();

    int total = 0;
    int active = 0;
    int idle = 0;
    int creating = 0;
    int expiring = 0;
    double ageSum = 0;
    int aged = 0;
    PoolStreamsPerConnection.Builder perConnection = PoolStreamsPerConnection.newBuilder();
    for (ConnectionSnapshot c : pool.getConnectionsList()) {
      String s = c.getState();
      if (s.equals(PoolModel.FAILED)) {
        continue;
      }
      total++;
      if (s.equals(PoolModel.CREATING)) {
        creating++;
      } else if (s.equals(PoolModel.EXPIRED)) {
        expiring++;
      } else if (c.getStreams() > 0) {
        active++;
      } else {
        idle++;
      }
      if (c.getCreatedAtEpochMicros() > 0 && c.getCreatedAtEpochMicros() <= now) {
        ageSum += (now - c.getCreatedAtEpochMicros()) / 1e6;
        aged++;
      }
      int streams = c.getStreams();
      if (streams >= 1 && streams <= 5) {
        perConnection.setFrom1To5(perConnection.getFrom1To5() + 1);
      } else if (streams >= 6 && streams <= 10) {
        perConnection.setFrom6To10(perConnection.getFrom6To10() + 1);
      } else if (streams >= 11 && streams <= 15) {
        perConnection.setFrom11To15(perConnection.getFrom11To15() + 1);
      } else if (streams > 15) {
        perConnection.setOver15(perConnection.getOver15() + 1);
      }
    }

    RateLimitSnapshot rl = pool.getRateLimit();
    int limit = GatewayTracker.limit(rl);
    double percent = limit <= 0 ? 0 : 100d * rl.getUsed() / limit;
    long sinceSnapshotMillis = state.getLastSnapshotAtMicros() == 0 ? 0
        : Math.max(0, (now - state.getLastSnapshotAtMicros()) / 1000);
    double nextTokenIn = Math.max(0, rl.getNextTokenInMillis() - sinceSnapshotMillis) / 1000d;

    int activeStreams = 0;
    Map<String, Integer> byMonitor = new TreeMap<>();
    for (StreamSnapshot s : pool.getStreamsList()) {
      if (s.getState().equals(PoolModel.ACTIVE)) {
        activeStreams++;
        for (String monitor : s.getMonitorIdsList()) {
          byMonitor.merge(monitor, 1, Integer::sum);
        }
      }
    }

    PoolMonitorCounts.Builder monitors = PoolMonitorCounts.newBuilder();
    PoolMonitorsByGroup.Builder byGroup = PoolMonitorsByGroup.newBuilder();
    for (MonitorSnapshot m : pool.getMonitorsList()) {
      monitors.setTotal(monitors.getTotal() + 1);
      switch (m.getState()) {
        case PoolModel.ACTIVE -> monitors.setActive(monitors.getActive() + 1);
        case PoolModel.WAITING -> monitors.setWaiting(monitors.getWaiting() + 1);
        case PoolModel.FAILED, PoolModel.REJECTED -> monitors.setFailed(monitors.getFailed() + 1);
        default -> { }
      }
      switch (m.getGroup()) {
        case "high" -> byGroup.setHighFrequency(byGroup.getHighFrequency() + 1);
        case "medium" -> byGroup.setMediumFrequency(byGroup.getMediumFrequency() + 1);
        case "low" -> byGroup.setLowFrequency(byGroup.getLowFrequency() + 1);
        default -> { }
      }
    }
    monitors.setByGroup(byGroup);

    double meanWait = tracker.meanQueueWait(hourAgo, now);
    int waits = tracker.queueWaitsSince(hourAgo, now);
    int failures = tracker.failuresSince(hourAgo, now);
    HealthScorer scorer = tracker.scorer();
    String gatewayState = state.getStopped() ? "stopped" : tracker.isSilent() ? "silent" : "running";

    return PoolMetrics.newBuilder()
        .setGatewayId(state.getGatewayId())
        .setIncarnationId(state.getIncarnationId())
        .setAsOfEpochMicros(now)
        .setLastEventAtEpochMicros(state.getLastEventAtMicros())
        .setLastSnapshotAtEpochMicros(state.getLastSnapshotAtMicros())
        .setSynced(state.getSynced())
        .setGatewayState(gatewayState)
        .setSinkAvailable(pool.getSinkAvailable())
        .setConnections(PoolConnectionMetrics.newBuilder()
            .setTotal(total)
            .setActive(active)
            .setIdle(idle)
            .setFailed(tracker.connectionFailuresSince(now - GatewayTracker.fiveMinutesMicros(), now))
            .setCreating(creating)
            .setExpiring(expiring)
            .setMaxConnections(pool.getMaxConnections()))
        .setRateLimit(PoolRateLimitMetrics.newBuilder()
            .setTokensAvailable(rl.getRemaining())
            .setTokensUsed1Min(rl.getUsed())
            .setPercentUsed(percent)
            .setNextTokenInSeconds(nextTokenIn)
            .setQueuedRequests(state.getQueueDepth())
            .setLimit(rl.getLimit())
            .setEnforcedLimit(rl.getEnforcedLimit())
            .setWindowMillis(rl.getWindowMillis())
            .setScope(rl.getScope()))
        .setStreams(PoolStreamMetrics.newBuilder()
            .setTotal(activeStreams)
            .setPerConnection(perConnection)
            .putAllByMonitor(byMonitor))
        .setPerformance(PoolPerformanceMetrics.newBuilder()
            .setAvgConnectionTimeMillis(tracker.meanConnectTime(hourAgo, now))
            .setAvgQueueWaitTimeMillis(meanWait)
            .setConnectionUptimeSeconds(aged == 0 ? 0 : ageSum / aged)
            .setReconnectsLastHour(tracker.reconnectsSince(hourAgo, now))
            .setFailuresLastHour(failures))
        .setMonitors(monitors)
        .setHealth(scorer.score(
            scorer.connectionStability(failures, GatewayTracker.hourMicros() / 1000),
            scorer.rateLimitHeadroom(rl.getUsed(), limit),
            scorer.streamDistribution(GatewayTracker.streamsPerConnectionOf(pool)),
            scorer.queuePerformance(meanWait, waits)))
        .setEvents(state.getAccounting().toBuilder().setLastSequence(state.getLastSequence()))
        .setPool(pool)
        .build();
  }
}
