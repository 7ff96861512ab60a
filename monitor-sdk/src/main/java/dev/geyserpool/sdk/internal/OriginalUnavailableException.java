package dev.geyserpool.sdk.internal;

/**
 * The record a {@code same} record points at could not be read for now (Kafka did not answer in
 * time): nothing is wrong with the records, so the reader goes back to the {@code same} record and
 * tries again instead of dead-lettering it.
 */
public final class OriginalUnavailableException extends RuntimeException {
  public OriginalUnavailableException(String message) {
    super(message);
  }
}
