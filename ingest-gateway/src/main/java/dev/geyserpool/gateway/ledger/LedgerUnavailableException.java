package dev.geyserpool.gateway.ledger;

/**
 * The connection ledger could not be written or read in time. The gateway must then not dial: an
 * attempt that is not in the ledger would not be counted by a gateway starting after a crash, and
 * the provider's limit could be exceeded. The message names the topic, the bootstrap servers and
 * what to do; the cause is kept.
 *
 * <p>Unchecked because the caller's answer is always the same (skip this dial, retry after its
 * backoff) and it sits on the pool's serialized thread, not on a hot path.
 */
public final class LedgerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its full message and the Kafka error behind it (may be null). */
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
