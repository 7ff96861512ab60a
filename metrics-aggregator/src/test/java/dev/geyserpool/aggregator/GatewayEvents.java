package dev.geyserpool.aggregator;

import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.DialCause;
import dev.geyserpool.proto.pool.FailureKind;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.QueuedRequest;
import dev.geyserpool.proto.pool.RateLimitSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import java.time.Instant;
import java.util.List;

/** Builds one gateway incarnation's events as the schema describes them, numbering them 1, 2, 3, ... */
final class GatewayEvents {
  final String gatewayId;
  final String incarnationId;
  private long sequence;

  GatewayEvents(String gatewayId, String incarnationId) {
    this(gatewayId, incarnationId, 0);
  }

  /** Starts numbering after {@code lastSequence} (an aggregator that joins a running gateway). */
  GatewayEvents(String gatewayId, String incarnationId, long lastSequence) {
    this.gatewayId = gatewayId;
    this.incarnationId = incarnationId;
    this.sequence = lastSequence;
  }

  long lastSequence() {
    return sequence;
  }

  /** Skips {@code n} sequence numbers, as if those events were lost. */
  void lose(int n) {
    sequence += n;
  }

  PoolEvent.Builder event(PoolEventType type, Instant at) {
    return PoolEvent.newBuilder().setType(type).setAtEpochMicros(Harness.micros(at)).setGatewayId(gatewayId)
        .setIncarnationId(incarnationId).setSequence(++sequence);
  }

  /** An event with an explicit sequence number (late or duplicate ones). */
  PoolEvent withSequence(PoolEvent.Builder e, long seq) {
    sequence--;
    return e.setSequence(seq).build();
  }

  PoolEvent started(Instant at) {
    return event(PoolEventType.GATEWAY_STARTED, at).build();
  }

  PoolEvent stopped(Instant at) {
    return event(PoolEventType.GATEWAY_STOPPED, at).build();
  }

  PoolEvent created(String conn, DialCause cause, Instant at) {
    return event(PoolEventType.CONNECTION_CREATED, at).setConnectionId(conn).setDialCause(cause).setGroup("high")
        .setValue(1).build();
  }

  PoolEvent active(String conn, long connectMillis, Instant at) {
    return event(PoolEventType.CONNECTION_ACTIVE, at).setConnectionId(conn).setValue(connectMillis).build();
  }

  PoolEvent idle(String conn, Instant at) {
    return event(PoolEventType.CONNECTION_IDLE, at).setConnectionId(conn).build();
  }

  PoolEvent expired(String conn, Instant at) {
    return event(PoolEventType.CONNECTION_EXPIRED, at).setConnectionId(conn).setReason("TTL reached").build();
  }

  PoolEvent recycled(String conn, Instant at) {
    return event(PoolEventType.CONNECTION_RECYCLED, at).setConnectionId(conn).build();
  }

  PoolEvent failed(String conn, Instant at) {
    return event(PoolEventType.CONNECTION_FAILED, at).setConnectionId(conn).setFailure(FailureKind.FAILURE_UNAVAILABLE)
        .setReason("UNAVAILABLE: connection reset").build();
  }

  PoolEvent removed(String conn, Instant at) {
    return event(PoolEventType.CONNECTION_REMOVED, at).setConnectionId(conn).build();
  }

  PoolEvent opened(String stream, String conn, String group, long queueWaitMillis, Instant at, String... monitors) {
    return event(PoolEventType.STREAM_OPENED, at).setStreamId(stream).setConnectionId(conn).setGroup(group)
        .setQueueWaitMicros(queueWaitMillis * 1000).addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent resumed(String stream, String conn, String group, long queueWaitMillis, Instant at, String... monitors) {
    return event(PoolEventType.STREAM_RESUMED, at).setStreamId(stream).setConnectionId(conn).setGroup(group)
        .setQueueWaitMicros(queueWaitMillis * 1000).addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent closed(String stream, String conn, Instant at) {
    return event(PoolEventType.STREAM_CLOSED, at).setStreamId(stream).setConnectionId(conn).build();
  }

  PoolEvent streamFailed(String stream, String conn, Instant at, String... monitors) {
    return event(PoolEventType.STREAM_FAILED, at).setStreamId(stream).setConnectionId(conn)
        .setFailure(FailureKind.FAILURE_TIMEOUT).addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent joined(String stream, String conn, String group, Instant at, String... monitors) {
    return event(PoolEventType.MONITOR_JOINED, at).setStreamId(stream).setConnectionId(conn).setGroup(group)
        .addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent left(String stream, String conn, Instant at, String... monitors) {
    return event(PoolEventType.MONITOR_LEFT, at).setStreamId(stream).setConnectionId(conn)
        .addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent queued(String stream, String group, Instant at, String... monitors) {
    return event(PoolEventType.REQUEST_QUEUED, at).setStreamId(stream).setGroup(group)
        .addAllMonitorIds(List.of(monitors)).build();
  }

  PoolEvent timedOut(String stream, long waitedMillis, Instant at) {
    return event(PoolEventType.REQUEST_TIMED_OUT, at).setStreamId(stream).setValue(waitedMillis).build();
  }

  PoolEvent queueDepth(int depth, Instant at) {
    return event(PoolEventType.QUEUE_DEPTH, at).setValue(depth).build();
  }

  PoolEvent granted(int remaining, Instant at) {
    return event(PoolEventType.TOKEN_GRANTED, at).setValue(remaining).build();
  }

  PoolEvent denied(Instant at) {
    return event(PoolEventType.TOKEN_DENIED, at).setValue(0).build();
  }

  PoolEvent restored(int attempts, Instant at) {
    return event(PoolEventType.TOKENS_RESTORED, at).setValue(attempts).build();
  }

  PoolEvent snapshot(PoolSnapshot snapshot, Instant at) {
    return event(PoolEventType.POOL_SNAPSHOT, at).setSnapshot(snapshot).build();
  }

  // ---- snapshots -----------------------------------------------------------------------------

  static PoolSnapshot.Builder pool(int used, int remaining) {
    return PoolSnapshot.newBuilder().setMaxConnections(40).setMaxStreamsPerConnection(15).setSinkAvailable(true)
        .setRateLimit(RateLimitSnapshot.newBuilder().setLimit(60).setEnforcedLimit(50).setWindowMillis(60_000)
            .setScope("connections").setUsed(used).setRemaining(remaining).setNextTokenInMillis(remaining > 0 ? 0 : 4000));
  }

  static ConnectionSnapshot connection(String id, String state, int streams, Instant createdAt) {
    return ConnectionSnapshot.newBuilder().setConnectionId(id).setState(state).setStreams(streams)
        .setCreatedAtEpochMicros(Harness.micros(createdAt)).setGroup("high").build();
  }

  static StreamSnapshot stream(String id, String conn, String group, String state, Instant openedAt,
      String... monitors) {
    return StreamSnapshot.newBuilder().setStreamId(id).setConnectionId(conn).setGroup(group).setState(state)
        .setOpenedAtEpochMicros(Harness.micros(openedAt)).addAllMonitorIds(List.of(monitors)).build();
  }

  static MonitorSnapshot monitor(String id, String group, String state, String stream, String conn) {
    return MonitorSnapshot.newBuilder().setMonitorId(id).setGroup(group).setState(state).setStreamId(stream)
        .setConnectionId(conn).build();
  }

  static QueuedRequest queuedRequest(String stream, String group, Instant at, String... monitors) {
    return QueuedRequest.newBuilder().setStreamId(stream).setGroup(group).setQueuedAtEpochMicros(Harness.micros(at))
        .addAllMonitorIds(List.of(monitors)).build();
  }
}
