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

  /** Whether a slot in this state may go to {@code next}. */
  public boolean canBecome(StreamState next) {
    return switch (this) {
      case PENDING -> next == OPENING || next == CLOSED;
      case OPENING -> next == STREAMING || next == PENDING || next == BACKOFF || next == CLOSED;
      case STREAMING -> next == PENDING || next == BACKOFF || next == CLOSED;
      case BACKOFF -> next == PENDING || next == CLOSED;
      case CLOSED -> false;
    };
  }

  /** Whether the slot is on a connection now. */
  public boolean isOpen() {
    return this == OPENING || this == STREAMING;
  }
}
