package dev.geyserpool.gateway.pool;

/** The lifecycle of one logical stream slot: a merged Subscribe stream that survives reconnects. */
public enum StreamState {
  /** Needs a connection: just declared, or its connection failed; placement will find one. */
  PENDING,
  /** Open on a connection; the request was sent, no data yet. */
  OPENING,
  /** Open and receiving data. */
  STREAMING,
  /** Failed; waits for its backoff before it is placed again. */
  BACKOFF,
  /** Closed: its last monitor left. Terminal. */
  CLOSED;

  /** Whether the slot is on a connection now. */
  public boolean isOpen() {
    return this == OPENING || this == STREAMING;
  }
}
