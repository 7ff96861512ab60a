package dev.geyserpool.sdk;

/**
 * A stream record addressed to the monitor that the SDK cannot turn into an update: its value
 * is no {@code SubscribeUpdate} (or {@code GapRecord}), a header is malformed, it carries an
 * update kind no handler method takes, or it is of type {@code same} and the earlier record it
 * repeats is gone (retention), is no update record or cannot be read. Such records go to the
 * dead-letter topic with this exception as the error; the monitor goes on.
 */
public final class UnreadableRecordException extends RuntimeException {
  public UnreadableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
