package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.AggregatorConfig;
import dev.geyserpool.aggregator.internal.state.GatewayState;
import dev.geyserpool.aggregator.internal.state.PointAccumulator;
import dev.geyserpool.aggregator.internal.state.WindowAccumulator;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import dev.geyserpool.proto.pool.PoolWindowConnections;
import dev.geyserpool.proto.pool.PoolWindowRateLimit;
import dev.geyserpool.proto.pool.PoolWindowStreams;
import java.util.List;
import java.util.TreeSet;

/**
 * One gateway's open 5-minute windows and 10-second chart points, and the cursors before which
 * everything is closed. Windows line up on the epoch ({@code start = t - t % width}); a window
 * closes once the gateway's time passes its end plus the grace, in order, and an event for a
 * closed window is late and dropped. A window or point in which nothing arrived is emitted all
 * the same while the gateway is presumed running (not after GATEWAY_STOPPED), so the history has
 * no holes: with {@code events = 0} and no health (the pool was not seen, so its health is
 * unknown). The cursor never trails the gateway's time by more than the retention (the store
 * would drop such windows anyway), which bounds the work after a long silence.
 *
 * <p>A view over the caller's {@link GatewayState.Builder}; not thread-safe.
 */
final class HistoryWindows {
  private final GatewayState.Builder state;
  private final HealthScorer scorer;
  private final long windowMillis;
  private final long graceMillis;
  private final long retentionMillis;
  private final long pointMillis;
  private final long spanMillis;
  private final TreeSet<Long> touchedWindows = new TreeSet<>();
  private final TreeSet<Long> touchedPoints = new TreeSet<>();

  HistoryWindows(AggregatorConfig config, HealthScorer scorer, GatewayState.Builder state) {
    this.state = state;
    this.scorer = scorer;
    this.windowMillis = config.window().toMillis();
    this.graceMillis = config.grace().toMillis();
    this.retentionMillis = config.retention().toMillis();
    this.pointMillis = config.seriesResolution().toMillis();
    this.spanMillis = config.seriesSpan().toMillis();
  }

  private static long floor(long millis, long width) {
    return Math.floorDiv(millis, width) * width;
  }

  /** The open window holding {@code atMillis}, created if needed; null when that window is closed. */
  WindowAccumulator.Builder window(long atMillis) {
    long start = floor(atMillis, windowMillis);
    if (state.getNextWindowStartMillis() == 0) {
      state.setNextWindowStartMillis(start);
    }
    if (start < state.getNextWindowStartMillis()) {
      return null;
    }
    touchedWindows.add(start);
    int i = 0;
    while (i < state.getWindowsCount() && state.getWindows(i).getStartMillis() < start) {
      i++;
    }
    if (i == state.getWindowsCount() || state.getWindows(i).getStartMillis() != start) {
      state.addWindows(i, WindowAccumulator.newBuilder().setStartMillis(start).build());
    }
    return state.getWindowsBuilder(i);
  }

  /** The open point holding {@code atMillis}, created if needed; null when that point is closed. */
  PointAccumulator.Builder point(long atMillis) {
    long start = floor(atMillis, pointMillis);
    if (state.getNextPointStartMillis() == 0) {
      state.setNextPointStartMillis(start);
    }
    if (start < state.getNextPointStartMillis()) {
      return null;
    }
    touchedPoints.add(start);
    int i = 0;
    while (i < state.getPointsCount() && state.getPoints(i).getStartMillis() < start) {
      i++;
    }
    if (i == state.getPointsCount() || state.getPoints(i).getStartMillis() != start) {
      state.addPoints(i, PointAccumulator.newBuilder().setStartMillis(start).build());
    }
    return state.getPointsBuilder(i);
  }

  /**
   * Closes the windows and points that {@code nowMillis} passed (end plus grace), emitting them
   * final, with silent ones for the gaps when {@code fillSilent}; then adds the open ones touched
   * since the last call, not final.
   *
   * @param distribution the stream distribution factor now, for a window that saw no snapshot
   */
  void advance(long nowMillis, boolean fillSilent, double distribution, List<PoolMetricsWindow> windowsOut,
      List<PoolSeriesPoint> pointsOut) {
    if (state.getNextWindowStartMillis() != 0) {
      long jump = floor(nowMillis - retentionMillis, windowMillis);
      long next = state.getNextWindowStartMillis();
      while (next + windowMillis + graceMillis <= nowMillis) {
        if (state.getWindowsCount() > 0 && state.getWindows(0).getStartMillis() <= next) {
          windowsOut.add(view(state.getWindows(0), true, distribution));
          state.removeWindows(0);
        } else if (fillSilent && next >= jump) {
          windowsOut.add(silentWindow(next));
        }
        next += windowMillis;
        if (next < jump) {
          next = state.getWindowsCount() > 0 ? Math.min(jump, state.getWindows(0).getStartMillis()) : jump;
        }
      }
      state.setNextWindowStartMillis(next);
    }
    if (state.getNextPointStartMillis() != 0) {
      long jump = floor(nowMillis - spanMillis, pointMillis);
      long next = state.getNextPointStartMillis();
      while (next + 2 * pointMillis <= nowMillis) {
        if (state.getPointsCount() > 0 && state.getPoints(0).getStartMillis() <= next) {
          pointsOut.add(view(state.getPoints(0), true));
          state.removePoints(0);
        } else if (fillSilent && next >= jump) {
          pointsOut.add(PoolSeriesPoint.newBuilder().setGatewayId(state.getGatewayId()).setStartEpochMillis(next)
              .setFinal(true).build());
        }
        next += pointMillis;
        if (next < jump) {
          next = state.getPointsCount() > 0 ? Math.min(jump, state.getPoints(0).getStartMillis()) : jump;
        }
      }
      state.setNextPointStartMillis(next);
    }
    for (WindowAccumulator w : state.getWindowsList()) {
      if (touchedWindows.contains(w.getStartMillis())) {
        windowsOut.add(view(w, false, distribution));
      }
    }
    for (PointAccumulator p : state.getPointsList()) {
      if (touchedPoints.contains(p.getStartMillis())) {
        pointsOut.add(view(p, false));
      }
    }
    touchedWindows.clear();
    touchedPoints.clear();
  }

  /** The open windows and points as they stand, not final. */
  void openViews(double distribution, List<PoolMetricsWindow> windowsOut, List<PoolSeriesPoint> pointsOut) {
    for (WindowAccumulator w : state.getWindowsList()) {
      windowsOut.add(view(w, false, distribution));
    }
    for (PointAccumulator p : state.getPointsList()) {
      pointsOut.add(view(p, false));
    }
  }

  private PoolMetricsWindow silentWindow(long start) {
    return PoolMetricsWindow.newBuilder()
        .setGatewayId(state.getGatewayId())
        .setWindowStartEpochMillis(start)
        .setWindowEndEpochMillis(start + windowMillis)
        .setFinal(true)
        .setConnections(PoolWindowConnections.getDefaultInstance())
        .setRateLimit(PoolWindowRateLimit.getDefaultInstance())
        .setStreams(PoolWindowStreams.getDefaultInstance())
        .build();
  }

  PoolMetricsWindow view(WindowAccumulator w, boolean isFinal, double distribution) {
    double avgUsed = w.getUsedSamples() == 0 ? 0 : (double) w.getUsedSum() / w.getUsedSamples();
    PoolMetricsWindow.Builder b = PoolMetricsWindow.newBuilder()
        .setGatewayId(state.getGatewayId())
        .setWindowStartEpochMillis(w.getStartMillis())
        .setWindowEndEpochMillis(w.getStartMillis() + windowMillis)
        .setFinal(isFinal)
        .setConnections(PoolWindowConnections.newBuilder()
            .setCreated(w.getConnectionsCreated())
            .setFailed(w.getConnectionsFailed())
            .setRecycled(w.getConnectionsRecycled())
            .setExpired(w.getConnectionsExpired()))
        .setRateLimit(PoolWindowRateLimit.newBuilder()
            .setMaxUsed(w.getMaxUsed())
            .setAvgUsed(avgUsed)
            .setViolations(w.getViolations())
            .setQueueDepthMax(w.getQueueDepthMax())
            .setLimit(w.getLimit()))
        .setStreams(PoolWindowStreams.newBuilder()
            .setCreated(w.getStreamsCreated())
            .setCompleted(w.getStreamsCompleted())
            .setFailed(w.getStreamsFailed())
            .setAvgDurationSeconds(w.getDurations() == 0 ? 0 : w.getDurationSumSeconds() / w.getDurations()))
        .setEvents(w.getEvents())
        .setSnapshots(w.getSnapshots());
    if (w.getEvents() > 0) {
      double stability = scorer.connectionStability(w.getConnectionsFailed() + w.getStreamsFailed(), windowMillis);
      double headroom = scorer.rateLimitHeadroom(w.getUsedSamples() > 0 ? avgUsed : w.getMaxUsed(), w.getLimit());
      double spread = w.getDistributionSamples() > 0 ? w.getDistributionSum() / w.getDistributionSamples() : distribution;
      double queue = scorer.queuePerformance(
          w.getQueueWaits() == 0 ? 0 : w.getQueueWaitSumMillis() / w.getQueueWaits(), w.getQueueWaits());
      b.setHealth(scorer.score(stability, headroom, spread, queue));
    }
    return b.build();
  }

  PoolSeriesPoint view(PointAccumulator p, boolean isFinal) {
    return PoolSeriesPoint.newBuilder()
        .setGatewayId(state.getGatewayId())
        .setStartEpochMillis(p.getStartMillis())
        .setRateLimitPercent(p.getRateLimitPercent())
        .setConnections(p.getConnections())
        .setQueueDepth(p.getQueueDepth())
        .setFailures(p.getFailures())
        .setFailuresPerMinute(p.getFailures() * 60_000d / pointMillis)
        .setSamples(p.getSamples())
        .setFinal(isFinal)
        .build();
  }
}
