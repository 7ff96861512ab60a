package dev.geyserpool.gateway.config.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Predicates and quoting for the values of {@code GatewaySettings}: addresses, server lists, files.
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {
  private Values() {}

  /** {@code 'value'}, or {@code null}, as a text value is shown in a message. */
  public static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** {@code host:port} with a non-blank host and a port from 1 to 65535 ({@code [::1]:10000} too). */
  public static boolean isHostPort(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      return false;
    }
    String port = value.substring(colon + 1);
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65_535 && !value.substring(0, colon).isBlank();
  }

  /** A comma-separated list of {@link #isHostPort host:port}. */
  public static boolean isServerList(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    for (String server : value.split(",")) {
      if (!isHostPort(server.strip())) {
        return false;
      }
    }
    return true;
  }

  /** A regular file this process can read. */
  public static boolean isReadableFile(String path) {
    try {
      Path p = Path.of(path);
      return Files.isRegularFile(p) && Files.isReadable(p);
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
