package dev.geyserpool.gateway;

import dev.geyserpool.gateway.checkpoint.CheckpointStore;
import dev.geyserpool.gateway.pool.ConnectionPool;
import dev.geyserpool.gateway.pool.StreamSlot;
import dev.geyserpool.gateway.upstream.SubscribeStream;
import dev.geyserpool.gateway.upstream.SubscribeStream.ResumePoint;
import dev.geyserpool.proto.pool.StreamCheckpoint;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each monitor's resume point as this run knows it: restored from the {@link CheckpointStore}
 * at start (only those written against this gateway's upstream), then following the
 * acknowledged resume point of the stream that serves the monitor, and offered to the store.
 *
 * <p>A restored checkpoint applies to a monitor until this run has written one for it: a monitor
 * declared again later resumes from its stream's point, not from the start's.
 *
 * <p>Threading: owned by the gateway's control thread.
 */
final class CheckpointTracker {
  private static final Logger log = LoggerFactory.getLogger(CheckpointTracker.class);

  private final CheckpointStore store;
  private final Clock clock;
  private final String gatewayId;
  private final String upstreamTarget;
  private final Map<String, StreamCheckpoint> restored;
  private final Map<String, StreamCheckpoint> checkpointByMonitor = new HashMap<>();
  /** Monitors whose checkpoint this run has written: a restored one no longer applies to them. */
  private final Set<String> checkpointedThisRun = new HashSet<>();
  /** Per monitor, what earlier calls (and runs) wrote, until the resume point passes it. */
  private final Map<String, Carry> carries = new HashMap<>();

  /**
   * The earliest time a record of an earlier call of a monitor's stream can carry, while the resume
   * point has not passed the highest slot those calls wrote: the dedup seed of a restart must read
   * from there, not from when the current call started, or it misses their records.
   */
  private static final class Carry {
    long firstSeen = Long.MAX_VALUE;
    long coveredUntil = Long.MIN_VALUE;
    String call;
    long callFirstSeen = Long.MAX_VALUE;
    long callHighest = Long.MIN_VALUE;
  }

  CheckpointTracker(CheckpointStore store, Clock clock, String gatewayId, String upstreamTarget) {
    this.store = store;
    this.clock = clock;
    this.gatewayId = gatewayId;
    this.upstreamTarget = upstreamTarget;
    this.restored = Map.copyOf(usable(store.restored(), upstreamTarget));
    checkpointByMonitor.putAll(restored);
  }

  /**
   * What the dedup seed found: no earlier run wrote a record of a slot past {@code highestSlot}.
   * Until a monitor's resume point passes it, its checkpoints keep the restored first-seen time.
   */
  void restoredCoveredUntil(long highestSlot) {
    restored.forEach((monitor, c) -> {
      Carry k = carries.computeIfAbsent(monitor, m -> new Carry());
      k.firstSeen = c.getFirstSeenAtEpochMillis() > 0 ? c.getFirstSeenAtEpochMillis()
          : c.getWrittenAtEpochMillis() - 60_000;
      k.coveredUntil = highestSlot > 0 ? highestSlot : c.getResumeFromSlot();
    });
  }

  /** The checkpoints of an earlier run this gateway resumes from. */
  Map<String, StreamCheckpoint> restored() {
    return restored;
  }

  /** Where a monitor declared now must resume from: its restored checkpoint, or 0. */
  long restoredResumeSlot(String monitorId) {
    StreamCheckpoint c = checkpointedThisRun.contains(monitorId) ? null : checkpointByMonitor.get(monitorId);
    return c == null ? 0 : c.getResumeFromSlot();
  }

  /** Deletes the restored checkpoints of monitors not in {@code declared} that this run has not served. */
  void forgetRestoredExcept(Set<String> declared) {
    for (String monitor : restored.keySet()) {
      if (!declared.contains(monitor) && !checkpointedThisRun.contains(monitor)) {
        log.info("Deleting the checkpoint of monitor {}: it is no longer declared", monitor);
        remove(monitor);
      }
    }
  }

  /** A monitor was removed: its checkpoint goes. */
  void remove(String monitorId) {
    carries.remove(monitorId);
    checkpointByMonitor.remove(monitorId);
    checkpointedThisRun.remove(monitorId);
    store.remove(monitorId);
  }

  /** The checkpoints written against {@code target}; the others are logged and left alone. */
  private static Map<String, StreamCheckpoint> usable(Map<String, StreamCheckpoint> restored, String target) {
    Map<String, StreamCheckpoint> out = new HashMap<>();
    restored.forEach((monitor, c) -> {
      if (target.equals(c.getUpstreamTarget())) {
        out.put(monitor, c);
      } else {
        log.info("Not resuming monitor {} from its checkpoint (slot {}): it was written against upstream '{}', this "
            + "gateway reads '{}'", monitor, c.getResumeFromSlot(), c.getUpstreamTarget(), target);
      }
    });
    return out;
  }

  /**
   * Each served monitor's checkpoint follows the acknowledged resume point of its stream's
   * primary call, held back by any gap whose record Kafka does not hold yet.
   */
  /** Moves the served monitors' checkpoints to where their streams' Kafka data ends; offers what changed. */
  void update(ConnectionPool pool, StreamCalls calls, GapReporter gaps) {
    long nowMillis = clock.millis();
    boolean changed = false;
    for (StreamSlot slot : pool.slots().values()) {
      if (!slot.state().isOpen()) {
        continue;
      }
      int primary = slot.primaryGeneration();
      SubscribeStream call = calls.call(slot.id(), primary);
      if (call == null) {
        continue;
      }
      ResumePoint point = call.resumePoint();
      long resume = Math.min(point.slot(), gaps.floor(slot.id()));
      if (slot.pendingGapFrom() > 0) {
        // A gap is to be reported from there: until it is, a restart must find it again.
        resume = Math.min(resume, slot.pendingGapFrom());
      }
      if (resume <= 0 || resume == Long.MAX_VALUE) {
        continue;
      }
      String callId = slot.id() + "#" + primary;
      for (String monitor : slot.servedMonitors()) {
        long firstSeen = carry(monitor, callId, call, point, resume, nowMillis);
        StreamCheckpoint previous = checkpointByMonitor.get(monitor);
        if (previous != null && previous.getResumeFromSlot() == resume && checkpointedThisRun.contains(monitor)
            && previous.getFirstSeenAtEpochMillis() == firstSeen) {
          continue;
        }
        checkpointByMonitor.put(monitor, StreamCheckpoint.newBuilder()
            .setMonitorId(monitor)
            .setResumeFromSlot(resume)
            .setFirstSeenAtEpochMillis(firstSeen)
            .setStreamId(slot.id())
            .setGatewayId(gatewayId)
            .setUpstreamTarget(upstreamTarget)
            .build());
        checkpointedThisRun.add(monitor);
        changed = true;
      }
    }
    if (changed) {
      Map<String, StreamCheckpoint> served = new HashMap<>();
      for (String monitor : checkpointedThisRun) {
        StreamCheckpoint c = checkpointByMonitor.get(monitor);
        if (c != null) {
          served.put(monitor, c);
        }
      }
      store.offer(served);
    }
  }

  /**
   * The first-seen time of a monitor's checkpoint at {@code resume}: the current call's, but no
   * later than what earlier calls of its stream (or the run before) wrote, while the resume point
   * has not passed the highest slot they wrote.
   */
  private long carry(String monitor, String callId, SubscribeStream call, ResumePoint point, long resume,
      long nowMillis) {
    Carry k = carries.computeIfAbsent(monitor, m -> new Carry());
    if (!callId.equals(k.call)) {
      if (k.call != null && k.callHighest != Long.MIN_VALUE) {
        k.firstSeen = Math.min(k.firstSeen, k.callFirstSeen);
        k.coveredUntil = Math.max(k.coveredUntil, k.callHighest);
      }
      k.call = callId;
      k.callFirstSeen = Long.MAX_VALUE;
      k.callHighest = Long.MIN_VALUE;
    }
    long own = point.firstSeenAtEpochMillis() > 0 ? point.firstSeenAtEpochMillis() : nowMillis;
    k.callFirstSeen = Math.min(k.callFirstSeen, own);
    if (call.lastSlot() > 0) {
      k.callHighest = Math.max(k.callHighest, call.lastSlot());
    }
    if (resume > k.coveredUntil) {
      k.firstSeen = Long.MAX_VALUE; // the replay passed everything earlier calls wrote
      k.coveredUntil = Long.MIN_VALUE;
    }
    return Math.min(k.firstSeen, own);
  }
}
