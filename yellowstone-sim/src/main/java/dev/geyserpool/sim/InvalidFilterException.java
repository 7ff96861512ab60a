package dev.geyserpool.sim;

/**
 * A {@code SubscribeRequest} that Yellowstone would refuse. The message is the description the
 * server sends with {@code INVALID_ARGUMENT} before it ends the stream (Yellowstone ends the whole
 * stream on one bad filter), and names the filter, the rule and the bad value.
 */
public final class InvalidFilterException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidFilterException(String message) {
    super(message);
  }
}
