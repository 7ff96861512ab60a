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
 * <p>Alongside the events, the log keeps the ground truth of what generated transactions did:
 * {@link #facts()}, each {@link dev.geyserpool.sim.traffic.ChainFact} with its slot and
 * transaction signature, in emission order, bounded by the same capacity ({@link #factsDropped()}
 * counts facts not kept).
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
   * A snapshot of what the generated transactions did, in emission order (within a transaction,
   * in the order {@link dev.geyserpool.sim.traffic.ChainFact} documents), each with the slot and
   * base58 signature of its transaction. Failed transactions and transactions emitted without
   * facts ({@code emitTransaction}) contribute none. Bounded by
   * {@link SimulatorConfig#generatedLogCapacity()} facts.
   */
  List<PlacedFact> facts();

  /** Facts not kept because the fact log was full. */
  long factsDropped();

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
