package dev.geyserpool.sdk;

import java.util.Locale;

/**
 * The lifecycle of a {@link Monitor}. Transitions: NEW → STARTING → RUNNING → STOPPING →
 * STOPPED; STARTING → FAILED when the gateway rejects the declaration or does not answer;
 * RUNNING → FAILED when consuming stops on an error it cannot pass (e.g. the dead-letter topic
 * refuses a record); FAILED → STOPPING when {@link Monitor#close()} cleans up after that.
 */
public enum MonitorState {
  /** Built, not started. */
  NEW,
  /** {@link Monitor#start()} is declaring and waiting for the gateway. */
  STARTING,
  /** Accepted; consuming and sending heartbeats. */
  RUNNING,
  /** {@link Monitor#close()} is stopping the consumer. */
  STOPPING,
  /** Closed; nothing runs. */
  STOPPED,
  /** Did not start, or stopped consuming on an error; {@link Monitor#close()} still cleans up. */
  FAILED;

  /** The state's name in heartbeats: {@code running}, {@code stopping}, ... */
  public String heartbeatName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a monitor may move from this state to {@code next}. */
  public boolean canMoveTo(MonitorState next) {
    return switch (this) {
      case NEW -> next == STARTING || next == STOPPED;
      case STARTING -> next == RUNNING || next == FAILED;
      case RUNNING -> next == STOPPING || next == FAILED;
      case FAILED -> next == STOPPING || next == STOPPED;
      case STOPPING -> next == STOPPED;
      case STOPPED -> false;
    };
  }
}
