package dev.geyserpool.gateway.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A credential, such as the provider's {@code x-token}. Its {@link #toString()} is masked, so it
 * can sit in a config object that is logged without leaking.
 */
public final class Secret {
  private static final Secret NONE = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret none() {
    return NONE;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  /** Reads a secret from a file, trimming a trailing newline. */
  public static Secret fromFile(Path file) throws IOException {
    return of(Files.readString(file, StandardCharsets.UTF_8).strip());
  }

  /** Reads a secret from an environment variable; none when unset. */
  public static Secret fromEnv(String variable) {
    return of(System.getenv(variable));
  }

  public boolean isPresent() {
    return !value.isEmpty();
  }

  /** The secret itself: pass it to the wire, never to a log. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return isPresent() ? "****" : "(none)";
  }
}
