package dev.geyserpool.gateway.upstream;

/**
 * The gateway's hold on one update read from upstream: its read-ahead permit and its place below
 * the stream's resume point. Settle it exactly once, from any thread.
 */
public interface Receipt {
  /** The slot of the update, 0 when it has none. */
  long slot();

  /**
   * What delivered the update, in order with its other updates: the stream. Updates of one
   * source are published in their order per record key. By default each receipt is its own.
   */
  default Object source() {
    return this;
  }

  /** Frees the read-ahead permit: the update's bytes are no longer held. Idempotent. */
  void release();

  /**
   * Kafka holds the update for every monitor it matched, or it needs no holding: it no longer
   * keeps the resume point back. Releases too. Only the first settlement counts.
   */
  void settled();

  /**
   * Kafka refused the update: the stream's resume point stays at its slot and the stream is
   * ended and resumed. Releases too.
   */
  void failed(Exception cause);
}
