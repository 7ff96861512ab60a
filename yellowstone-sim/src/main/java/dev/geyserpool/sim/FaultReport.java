package dev.geyserpool.sim;

import java.time.Duration;

/**
 * An immutable snapshot of the faults a simulator injected, so a test or the demo's summary line
 * can show what the client under test had to survive.
 *
 * @param drops times every open connection was dropped ({@code dropConnections} calls and
 *     scheduled {@code drop-connections-every} ticks)
 * @param connectionsDropped client TCP connections reset by those drops
 * @param stalls stall actions ({@code stallStreams} calls and scheduled stall ticks)
 * @param streamsStalled Subscribe streams silenced by those stalls
 * @param stalledNow streams stalled now (not yet resumed)
 * @param updatesSkipped updates, pings and pongs a stalled stream did not get (the replay ring still
 *     holds the events; only the stream missed them)
 * @param rejectedWhileDown new TCP connections reset at accept while rejecting; these never reach
 *     the gRPC server, so the {@link ConnectionAudit} does not count them
 * @param rejectingNow whether new connections are being rejected now
 * @param lag the delay every message to every stream gets now ({@code lag-slow-client}); zero when
 *     off
 */
public record FaultReport(
    long drops,
    long connectionsDropped,
    long stalls,
    long streamsStalled,
    int stalledNow,
    long updatesSkipped,
    long rejectedWhileDown,
    boolean rejectingNow,
    Duration lag) {

  /** {@code key=value} pairs, for logs and the demo's summary line. */
  @Override
  public String toString() {
    return "drops=" + drops
        + " connectionsDropped=" + connectionsDropped
        + " stalls=" + stalls
        + " streamsStalled=" + streamsStalled
        + " stalledNow=" + stalledNow
        + " updatesSkipped=" + updatesSkipped
        + " rejectedWhileDown=" + rejectedWhileDown
        + " rejecting=" + rejectingNow
        + " lag=" + Fault.format(lag);
  }
}
