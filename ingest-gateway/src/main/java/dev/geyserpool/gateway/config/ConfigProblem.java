package dev.geyserpool.gateway.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration: the key it is about and a message that names the key,
 * the rule and the bad value, for example
 * {@code pool.maxStreamsPerConnection is 0, but must be between 1 and 100}.
 *
 * @param key the key path, such as {@code pool.maxConnections}
 * @param message the full sentence shown to the user
 */
public record ConfigProblem(String key, String message) {
  /** Checks that both parts are present. */
  public ConfigProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }
}
