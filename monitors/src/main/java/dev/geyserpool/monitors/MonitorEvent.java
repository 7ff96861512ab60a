package dev.geyserpool.monitors;

/**
 * One thing a reference monitor reports, published as JSON to {@code monitor.<id>.events} and
 * printed as one readable line. Implementations are immutable records whose components are the
 * JSON fields (snake_case); raw on-chain amounts stay integers, human values are decimals.
 */
public interface MonitorEvent {
  /** The event type, e.g. {@code token_minted}; the JSON field {@code type}. */
  String type();

  /** The token mint the event is about, or null when the monitor could not tell. */
  String mint();

  /**
   * The record key: the mint, or when it is unknown the account the event is about (a bonding
   * curve whose launch the monitor did not see), so one key's events stay in order.
   */
  String key();

  /** The slot the event happened in. */
  long slot();

  /** The transaction that caused it (base58), or null for an account write with none named. */
  String signature();

  /** One readable line, without the monitor id. */
  String line();
}
