package dev.geyserpool.gateway;

import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.ConnectionRequestQueue;
import dev.geyserpool.gateway.pool.ConnectionState;
import dev.geyserpool.gateway.pool.PoolConnection;
import dev.geyserpool.gateway.pool.PoolRules;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.pool.StreamState;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.QueuedRequest;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the {@code POOL_SNAPSHOT} event's {@link PoolSnapshot}: the whole pool at one instant, so
 * an aggregator that starts late or lost its state is right again from the next one. It is built
 * in the same pass as the {@link PoolStats} of that instant, and takes the counts both share from
 * them, so the event says what {@code /stats} said.
 *
 * <p>Runs on the control thread (it reads the pool core); the message it returns is immutable.
 */
final class PoolSnapshotEvent {
  private PoolSnapshotEvent() {}

  /**
   * @param stats the stats taken at {@code nowNanos}
   * @param declarations the declared monitors, for the group of those not on a stream
   * @param nowEpochMicros the wall-clock time of {@code nowNanos}, to date the pool's monotonic times
   */
  static PoolSnapshot of(ConnectionPool pool, PoolRules rules, PoolStats stats,
      Map<String, MonitorDeclaration> declarations, long nowNanos, long nowEpochMicros) {
    PoolSnapshot.Builder snapshot = PoolSnapshot.newBuilder()
        .setMaxConnections(rules.maxConnections())
        .setMaxStreamsPerConnection(rules.maxStreamsPerConnection())
        .setSinkAvailable(pool.sinkAvailable());
    for (PoolConnection c : pool.connections().values()) {
      snapshot.addConnections(ConnectionSnapshot.newBuilder()
          .setConnectionId(c.id())
          .setState(state(c.state()))
          .setStreams(c.streams().size())
          .setCreatedAtEpochMicros(epochMicros(c.createdAtNanos(), nowNanos, nowEpochMicros))
          .setGroup(c.group() == null ? "" : c.group().id()));
    }
    for (StreamSlot slot : pool.slots().values()) {
      StreamSnapshot.Builder stream = StreamSnapshot.newBuilder()
          .setStreamId(slot.id())
          .setConnectionId(nonNull(slot.connectionId()))
          .setSuccessorConnectionId(nonNull(slot.movingToConnectionId()))
          .setGroup(slot.kind().group().id())
          .addAllMonitorIds(new TreeSet<>(slot.monitors()))
          .setState(state(slot.state()));
      if (slot.state().isOpen()) {
        stream.setOpenedAtEpochMicros(epochMicros(slot.openedAtNanos(), nowNanos, nowEpochMicros));
      }
      snapshot.addStreams(stream);
    }
    for (ConnectionRequestQueue.Request r : pool.waitingRequests()) {
      StreamSlot slot = pool.slots().get(r.slotId());
      if (slot == null) {
        continue;
      }
      snapshot.addQueue(QueuedRequest.newBuilder()
          .setStreamId(slot.id())
          .setGroup(slot.kind().group().id())
          .addAllMonitorIds(new TreeSet<>(slot.monitors()))
          .setQueuedAtEpochMicros(epochMicros(r.enqueuedAtNanos(), nowNanos, nowEpochMicros)));
    }
    snapshot.setRateLimit(RateLimitSnapshot.newBuilder()
        .setLimit(stats.rateLimitMax())
        .setEnforcedLimit(stats.rateLimitEffective())
        .setWindowMillis(rules.budgetWindow().toMillis())
        .setScope(rules.scope().name().toLowerCase(Locale.ROOT))
        .setUsed(stats.rateLimitUsed())
        .setRemaining(stats.rateLimitRemaining())
        .setNextTokenInMillis(stats.nextTokenInMillis()));
    stats.monitorStates().forEach((monitor, state) -> {
      MonitorSnapshot.Builder m = MonitorSnapshot.newBuilder().setMonitorId(monitor).setState(state);
      StreamSlot slot = pool.slotOf(monitor).map(id -> pool.slots().get(id)).orElse(null);
      MonitorDeclaration declared = declarations.get(monitor);
      if (slot != null) {
        m.setGroup(slot.kind().group().id()).setStreamId(slot.id()).setConnectionId(nonNull(slot.connectionId()));
      } else if (declared != null) {
        m.setGroup(groupId(declared.getGroup()));
      }
      snapshot.addMonitors(m);
    });
    return snapshot.build();
  }

  /** The lifecycle names of {@code ConnectionSnapshot.state}. */
  static String state(ConnectionState state) {
    return switch (state) {
      case CREATED -> "creating";
      case ACTIVE -> "active";
      case IDLE -> "idle";
      case EXPIRED -> "expired";
      case FAILED -> "failed";
      case REMOVED -> "removed";
    };
  }

  /** The names of {@code StreamSnapshot.state}. */
  static String state(StreamState state) {
    return switch (state) {
      case PENDING -> "waiting";
      case OPENING -> "opening";
      case STREAMING -> "active";
      case BACKOFF -> "backing-off";
      case CLOSED -> "closed";
    };
  }

  private static long epochMicros(long atNanos, long nowNanos, long nowEpochMicros) {
    return nowEpochMicros - (nowNanos - atNanos) / 1_000;
  }

  private static String groupId(String declared) {
    try {
      return dev.geyserpool.wire.MonitorGroup.parse(declared).id();
    } catch (IllegalArgumentException e) {
      return declared; // validated when declared; kept as written otherwise
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
