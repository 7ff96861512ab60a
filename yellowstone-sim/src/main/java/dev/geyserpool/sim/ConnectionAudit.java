package dev.geyserpool.sim;

import java.time.Duration;

/**
 * An immutable snapshot of the provider-limit audit: every new HTTP/2 connection the simulator saw
 * (accepted or refused) and the Subscribe streams opened on them, so tests and the CLI can check
 * that a client never exceeded the provider's budget.
 *
 * @param totalConnections new connections ever seen (accepted + refused)
 * @param refusals connections refused because the limit was reached
 * @param inWindowNow connection attempts within the sliding window ending now, {@code (now−W, now]}
 * @param maxInAnyWindow the most attempts seen in any sliding window, computed exactly at each new
 *     connection over {@code (t−W, t]}; a well-behaved client keeps it ≤ {@code limit}
 * @param openConnections connections currently open
 * @param limit the configured limit per window
 * @param window the configured window
 * @param streamsOpened Subscribe streams ever opened
 * @param streamsOpen Subscribe streams open now
 */
public record ConnectionAudit(
    long totalConnections,
    long refusals,
    int inWindowNow,
    int maxInAnyWindow,
    int openConnections,
    int limit,
    Duration window,
    long streamsOpened,
    int streamsOpen) {

  /** Whether the limit was ever exceeded by attempts (refusals happened). */
  public boolean limitExceeded() {
    return maxInAnyWindow > limit;
  }

  /** {@code key=value} pairs, for logs and the CLI. */
  @Override
  public String toString() {
    return "connections=" + totalConnections
        + " refusals=" + refusals
        + " inWindow=" + inWindowNow
        + " maxInAnyWindow=" + maxInAnyWindow
        + " open=" + openConnections
        + " limit=" + limit
        + " window=" + window.toSeconds() + "s"
        + " streamsOpened=" + streamsOpened
        + " streamsOpen=" + streamsOpen;
  }
}
