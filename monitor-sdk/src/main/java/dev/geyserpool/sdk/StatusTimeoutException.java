package dev.geyserpool.sdk;

/**
 * No gateway answered a monitor's declaration within the status timeout: none runs against the
 * same Kafka cluster, or it is too busy. The message names the topic waited on and what to check.
 */
public final class StatusTimeoutException extends IllegalStateException {
  public StatusTimeoutException(String message) {
    super(message);
  }
}
