package dev.geyserpool.sdk;

/**
 * Another live instance uses the monitor's id with different filters. Refused before anything
 * was sent; the message names the id, the other instance and what to do.
 */
public final class MonitorIdInUseException extends IllegalStateException {
  private final String otherInstanceId;

  public MonitorIdInUseException(String message, String otherInstanceId) {
    super(message);
    this.otherInstanceId = otherInstanceId;
  }

  /** The live instance that holds the id. */
  public String otherInstanceId() {
    return otherInstanceId;
  }
}
