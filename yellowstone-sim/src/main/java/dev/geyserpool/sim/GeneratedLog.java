package dev.geyserpool.sim;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import java.util.List;

/**
 * Every event the simulator generated or was asked to emit, in emission order, for end-to-end
 * accounting: the demo and tests compute what a stream with given filters must have received
 * ({@code generated=}) and compare it with what arrived downstream.
 *
 * <p>Bounded by {@link SimulatorConfig#generatedLogCapacity()}: past it, events are still streamed
 * but no longer logged, and {@link #dropped()} counts them. Memory is roughly 2–4 KB per Pump.fun
 * transaction plus its account writes.
 *
 * <p>Thread-safe: readers get snapshots; the simulator appends concurrently.
 */
public interface GeneratedLog {
  /** Events held now. */
  int size();

  /** Events not logged because the log was full. */
  long dropped();

  /** A snapshot of the logged events, oldest first. */
  List<SimEvent> events();

  /**
   * The updates a stream opened before the first logged event with {@code request} would have
   * received by now (commitment included: events of slots not yet at the request's commitment
   * are left out). Pings and pongs are not part of it.
   *
   * @throws IllegalArgumentException when the request is invalid (the message is the
   *     INVALID_ARGUMENT description)
   */
  List<SubscribeUpdate> matching(SubscribeRequest request);

  /** As {@link #matching(SubscribeRequest)} with an already compiled matcher. */
  List<SubscribeUpdate> matching(FilterMatcher matcher);

  /** How many updates {@link #matching(SubscribeRequest)} would return, without building them all. */
  long countMatching(SubscribeRequest request);
}
