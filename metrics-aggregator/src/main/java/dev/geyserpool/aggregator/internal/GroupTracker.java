package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.internal.state.GroupInput;
import dev.geyserpool.aggregator.internal.state.GroupState;
import dev.geyserpool.proto.pool.GroupMetrics;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One monitor group's messages per second: the sum of its monitors' latest rates (a monitor
 * whose heartbeats stopped counts 0). Over state loaded from the store; not thread-safe.
 */
public final class GroupTracker {
  private final GroupMetrics.Builder metrics;
  private final Set<String> reporting;

  public GroupTracker(String group, GroupState stored) {
    GroupState s = stored == null ? GroupState.getDefaultInstance() : stored;
    this.metrics = s.getMetrics().toBuilder().setGroup(group);
    this.reporting = new LinkedHashSet<>(s.getReportingList());
  }

  public void onInput(GroupInput input) {
    String monitor = input.getMonitorId();
    if (input.getRemoved()) {
      metrics.removeByMonitor(monitor);
      reporting.remove(monitor);
    } else {
      metrics.putByMonitor(monitor, input.getReporting() ? input.getMessagesPerSecond() : 0);
      if (input.getReporting()) {
        reporting.add(monitor);
      } else {
        reporting.remove(monitor);
      }
    }
    double sum = 0;
    for (double rate : metrics.getByMonitorMap().values()) {
      sum += rate;
    }
    metrics.setMessagesPerSecond(sum)
        .setMonitors(metrics.getByMonitorCount())
        .setReporting(reporting.size())
        .setAsOfEpochMicros(Math.max(metrics.getAsOfEpochMicros(), input.getAtMicros()));
  }

  public GroupMetrics metrics() {
    return metrics.build();
  }

  public GroupState state() {
    return GroupState.newBuilder().setMetrics(metrics).addAllReporting(reporting).build();
  }
}
