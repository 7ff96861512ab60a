package dev.geyserpool.sdk;

import java.util.List;

/**
 * A monitor's declaration has problems; nothing was sent. Each problem names the field and the
 * fix; they are the same words the gateway would answer with, because both run
 * {@code FilterValidator}.
 */
public final class InvalidDeclarationException extends IllegalArgumentException {
  private final transient List<String> problems;

  public InvalidDeclarationException(String monitorId, List<String> problems) {
    super("monitor '" + monitorId + "' cannot be declared (" + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + "):\n- " + String.join("\n- ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
