package dev.geyserpool.aggregator.internal;

import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.QueuedRequest;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One gateway's pool as the aggregator rebuilds it: the latest {@code PoolSnapshot}, replaced
 * whole by each new one, with the lifecycle events since applied to it. Events about a
 * connection or stream the model does not hold (an aggregator that started between snapshots)
 * add it, so the model is as right as the events allow until the next snapshot makes it exact.
 *
 * <p>A view over a {@link PoolSnapshot.Builder} owned by the caller; not thread-safe. The pool
 * is small (the seed's 40 connections, tens of streams), so lookups scan.
 */
final class PoolModel {
  static final String CREATING = "creating";
  static final String ACTIVE = "active";
  static final String IDLE = "idle";
  static final String EXPIRED = "expired";
  static final String FAILED = "failed";
  static final String WAITING = "waiting";
  static final String REJECTED = "rejected";
  static final String BACKING_OFF = "backing-off";

  private final PoolSnapshot.Builder pool;

  PoolModel(PoolSnapshot.Builder pool) {
    this.pool = pool;
  }

  /** The snapshot's words for a connection state, in this model's: the pool core says created. */
  static String connectionState(String reported) {
    String state = reported == null ? "" : reported.trim().toLowerCase(Locale.ROOT);
    return state.equals("created") ? CREATING : state;
  }

  void replace(PoolSnapshot snapshot) {
    pool.clear().mergeFrom(snapshot);
    for (ConnectionSnapshot.Builder c : pool.getConnectionsBuilderList()) {
      c.setState(connectionState(c.getState()));
    }
    for (MonitorSnapshot.Builder m : pool.getMonitorsBuilderList()) {
      m.setState(m.getState().trim().toLowerCase(Locale.ROOT));
    }
    for (StreamSnapshot.Builder s : pool.getStreamsBuilderList()) {
      s.setState(s.getState().trim().toLowerCase(Locale.ROOT));
    }
  }

  /** A stopped gateway holds nothing but its rate-limit window (the ledger carries it to the next start). */
  void clearForStop() {
    RateLimitSnapshot rateLimit = pool.getRateLimit();
    int maxConnections = pool.getMaxConnections();
    int maxStreams = pool.getMaxStreamsPerConnection();
    pool.clear().setRateLimit(rateLimit).setMaxConnections(maxConnections).setMaxStreamsPerConnection(maxStreams);
  }

  PoolSnapshot.Builder pool() {
    return pool;
  }

  RateLimitSnapshot.Builder rateLimit() {
    return pool.getRateLimitBuilder();
  }

  // ---- connections ---------------------------------------------------------------------------

  private int connectionIndex(String id) {
    for (int i = 0; i < pool.getConnectionsCount(); i++) {
      if (pool.getConnections(i).getConnectionId().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** The connection, added in {@code stateIfNew} when the model does not hold it yet. */
  ConnectionSnapshot.Builder connection(String id, String stateIfNew) {
    int i = connectionIndex(id);
    if (i >= 0) {
      return pool.getConnectionsBuilder(i);
    }
    return pool.addConnectionsBuilder().setConnectionId(id).setState(stateIfNew);
  }

  boolean hasConnection(String id) {
    return connectionIndex(id) >= 0;
  }

  void removeConnection(String id) {
    int i = connectionIndex(id);
    if (i >= 0) {
      pool.removeConnections(i);
    }
    for (StreamSnapshot.Builder s : pool.getStreamsBuilderList()) {
      if (s.getConnectionId().equals(id)) {
        s.setConnectionId("");
      }
    }
  }

  /** The streams the model places on a connection. */
  List<String> streamsOn(String connectionId) {
    List<String> ids = new ArrayList<>();
    for (StreamSnapshot s : pool.getStreamsList()) {
      if (s.getConnectionId().equals(connectionId)) {
        ids.add(s.getStreamId());
      }
    }
    return ids;
  }

  /** Sets a connection's stream count from the streams placed on it, and makes an idle one carrying streams active. */
  void recount(String connectionId) {
    if (connectionId.isEmpty() || !hasConnection(connectionId)) {
      return;
    }
    int streams = 0;
    for (StreamSnapshot s : pool.getStreamsList()) {
      if (s.getConnectionId().equals(connectionId) && !s.getState().equals(BACKING_OFF)) {
        streams++;
      }
    }
    ConnectionSnapshot.Builder c = connection(connectionId, CREATING);
    c.setStreams(streams);
    if (streams > 0 && c.getState().equals(IDLE)) {
      c.setState(ACTIVE);
    }
  }

  // ---- streams -------------------------------------------------------------------------------

  private int streamIndex(String id) {
    for (int i = 0; i < pool.getStreamsCount(); i++) {
      if (pool.getStreams(i).getStreamId().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  StreamSnapshot.Builder stream(String id) {
    int i = streamIndex(id);
    return i < 0 ? null : pool.getStreamsBuilder(i);
  }

  /** A stream call started on a connection: the stream is active there with these monitors. */
  void streamOpened(String id, String connectionId, String group, Collection<String> monitors, long atMicros) {
    StreamSnapshot.Builder s = stream(id);
    String previousConnection = "";
    if (s == null) {
      s = pool.addStreamsBuilder().setStreamId(id);
    } else {
      previousConnection = s.getConnectionId();
    }
    s.setConnectionId(connectionId).setState(ACTIVE).setOpenedAtEpochMicros(atMicros);
    if (!group.isEmpty()) {
      s.setGroup(group);
    }
    if (!monitors.isEmpty()) {
      s.clearMonitorIds().addAllMonitorIds(new LinkedHashSet<>(monitors));
    }
    if (!connectionId.isEmpty()) {
      connection(connectionId, ACTIVE);
    }
    recount(previousConnection);
    recount(connectionId);
    for (String monitor : s.getMonitorIdsList()) {
      setMonitor(monitor, s.getGroup(), ACTIVE, id, connectionId);
    }
  }

  /** A stream call failed: the stream is detached and backs off; returns when it had opened (0 unknown). */
  long streamFailed(String id, Collection<String> monitors) {
    StreamSnapshot.Builder s = stream(id);
    if (s == null) {
      s = pool.addStreamsBuilder().setStreamId(id).addAllMonitorIds(monitors);
    }
    long openedAt = s.getOpenedAtEpochMicros();
    String connectionId = s.getConnectionId();
    s.setState(BACKING_OFF).setConnectionId("");
    recount(connectionId);
    for (String monitor : s.getMonitorIdsList()) {
      setMonitor(monitor, s.getGroup(), WAITING, id, "");
    }
    return openedAt;
  }

  /** A stream closed normally and is gone; returns when it had opened (0 unknown). */
  long streamClosed(String id) {
    int i = streamIndex(id);
    if (i < 0) {
      return 0;
    }
    StreamSnapshot s = pool.getStreams(i);
    pool.removeStreams(i);
    recount(s.getConnectionId());
    return s.getOpenedAtEpochMicros();
  }

  void monitorsJoined(String streamId, String connectionId, String group, Collection<String> monitors) {
    StreamSnapshot.Builder s = stream(streamId);
    if (s == null) {
      s = pool.addStreamsBuilder().setStreamId(streamId).setConnectionId(connectionId).setGroup(group)
          .setState(connectionId.isEmpty() ? WAITING : ACTIVE);
      recount(connectionId);
    }
    Set<String> members = new LinkedHashSet<>(s.getMonitorIdsList());
    members.addAll(monitors);
    s.clearMonitorIds().addAllMonitorIds(members);
    String state = s.getState().equals(ACTIVE) ? ACTIVE : WAITING;
    for (String monitor : monitors) {
      setMonitor(monitor, s.getGroup().isEmpty() ? group : s.getGroup(), state, streamId, s.getConnectionId());
    }
  }

  void monitorsLeft(String streamId, Collection<String> monitors) {
    StreamSnapshot.Builder s = stream(streamId);
    if (s != null) {
      Set<String> members = new LinkedHashSet<>(s.getMonitorIdsList());
      members.removeAll(monitors);
      s.clearMonitorIds().addAllMonitorIds(members);
    }
    for (String monitor : monitors) {
      if (!placed(monitor)) {
        removeMonitor(monitor);
      }
    }
  }

  /** The streams serving a monitor in state active. */
  int activeStreamsOf(String monitor) {
    int n = 0;
    for (StreamSnapshot s : pool.getStreamsList()) {
      if (s.getState().equals(ACTIVE) && s.getMonitorIdsList().contains(monitor)) {
        n++;
      }
    }
    return n;
  }

  private boolean placed(String monitor) {
    for (StreamSnapshot s : pool.getStreamsList()) {
      if (s.getMonitorIdsList().contains(monitor)) {
        return true;
      }
    }
    for (QueuedRequest q : pool.getQueueList()) {
      if (q.getMonitorIdsList().contains(monitor)) {
        return true;
      }
    }
    return false;
  }

  // ---- queue ---------------------------------------------------------------------------------

  /** A request joined the queue; false when the model had it queued already. */
  boolean enqueue(String streamId, String group, Collection<String> monitors, long atMicros) {
    for (QueuedRequest q : pool.getQueueList()) {
      if (q.getStreamId().equals(streamId)) {
        return false;
      }
    }
    pool.addQueue(QueuedRequest.newBuilder().setStreamId(streamId).setGroup(group).addAllMonitorIds(monitors)
        .setQueuedAtEpochMicros(atMicros));
    for (String monitor : monitors) {
      setMonitor(monitor, group, WAITING, streamId, "");
    }
    return true;
  }

  /** A request left the queue; false when the model did not have it. */
  boolean dequeue(String streamId) {
    for (int i = 0; i < pool.getQueueCount(); i++) {
      if (pool.getQueue(i).getStreamId().equals(streamId)) {
        pool.removeQueue(i);
        return true;
      }
    }
    return false;
  }

  // ---- monitors ------------------------------------------------------------------------------

  void setMonitor(String id, String group, String state, String streamId, String connectionId) {
    for (MonitorSnapshot.Builder m : pool.getMonitorsBuilderList()) {
      if (m.getMonitorId().equals(id)) {
        m.setState(state).setStreamId(streamId).setConnectionId(connectionId);
        if (!group.isEmpty()) {
          m.setGroup(group);
        }
        return;
      }
    }
    pool.addMonitors(MonitorSnapshot.newBuilder().setMonitorId(id).setGroup(group).setState(state)
        .setStreamId(streamId).setConnectionId(connectionId));
  }

  void setMonitorState(String id, String state) {
    for (MonitorSnapshot.Builder m : pool.getMonitorsBuilderList()) {
      if (m.getMonitorId().equals(id)) {
        m.setState(state);
        return;
      }
    }
    pool.addMonitors(MonitorSnapshot.newBuilder().setMonitorId(id).setState(state));
  }

  private void removeMonitor(String id) {
    for (int i = 0; i < pool.getMonitorsCount(); i++) {
      if (pool.getMonitors(i).getMonitorId().equals(id)) {
        pool.removeMonitors(i);
        return;
      }
    }
  }

  /** The monitor ids a stream serves in the model (empty when it does not hold the stream). */
  List<String> monitorsOf(String streamId) {
    StreamSnapshot.Builder s = stream(streamId);
    return s == null ? List.of() : List.copyOf(s.getMonitorIdsList());
  }
}
