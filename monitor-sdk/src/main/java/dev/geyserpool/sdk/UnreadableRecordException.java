package dev.geyserpool.sdk;

/**
 * A stream record addressed to the monitor that the SDK cannot turn into an update: its value
 * is no {@code SubscribeUpdate} (or {@code GapRecord}), a header is malformed, or it carries an
 * update kind no handler method takes. Such records go to the dead-letter topic with this
 * exception as the error; the monitor goes on.
 */
public final class UnreadableRecordException extends RuntimeException {
  public UnreadableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
