package dev.geyserpool.gateway.config.internal;

import dev.geyserpool.gateway.config.RateLimitScope;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one kind of value is read from its text (a YAML scalar or an environment variable, parsed
 * the same way) and shown again.
 *
 * @param rule what a valid value looks like, for "KEY is 'TEXT', but must be RULE"
 * @param parser the value of a text, or empty when the text is not one
 * @param formatter the text of a value, as it would be written in the file
 * @param <T> the value's type
 */
public record ValueType<T>(String rule, Function<String, Optional<T>> parser, Function<T, String> formatter) {
  private static final int KIB = 1024;

  /** A whole number within {@code int}. */
  public static final ValueType<Integer> INT = new ValueType<>("an integer", ValueType::parseInt, String::valueOf);

  /** {@code true} or {@code false}, any case; YAML 1.1's yes/no/on/off are refused as ambiguous. */
  public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false", text -> {
    String s = text.strip().toLowerCase(Locale.ROOT);
    return s.equals("true") ? Optional.of(true) : s.equals("false") ? Optional.of(false) : Optional.empty();
  }, String::valueOf);

  /** Any text, stripped; empty allowed (the setting's own rules decide). */
  public static final ValueType<String> TEXT = new ValueType<>("text", text -> Optional.of(text.strip()), s -> "'" + s + "'");

  /** See {@link Durations}. */
  public static final ValueType<Duration> DURATION = new ValueType<>(Durations.RULE, Durations::parse, Durations::format);

  /** Bytes as a number or with a binary suffix: {@code 67108864}, {@code 64MiB}, {@code 512KiB}, {@code 1GiB}. */
  public static final ValueType<Integer> BYTES = new ValueType<>(
      "a size in bytes such as 67108864 or 64MiB", ValueType::parseBytes, ValueType::formatBytes);

  /** A {@link RateLimitScope} id. */
  public static final ValueType<RateLimitScope> SCOPE = new ValueType<>(
      "one of " + Arrays.stream(RateLimitScope.values()).map(RateLimitScope::id).collect(Collectors.joining(", ")),
      RateLimitScope::parse, RateLimitScope::id);

  private static Optional<Integer> parseInt(String text) {
    try {
      return Optional.of(Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> parseBytes(String text) {
    String s = text.strip().replace(" ", "");
    long unit = 1;
    String[] suffixes = {"KiB", "MiB", "GiB"};
    long[] units = {KIB, KIB * KIB, KIB * KIB * KIB};
    for (int i = 0; i < suffixes.length; i++) {
      if (s.endsWith(suffixes[i])) {
        unit = units[i];
        s = s.substring(0, s.length() - suffixes[i].length());
      }
    }
    try {
      long bytes = Math.multiplyExact(Long.parseLong(s), unit);
      return bytes >= Integer.MIN_VALUE && bytes <= Integer.MAX_VALUE ? Optional.of((int) bytes) : Optional.empty();
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static String formatBytes(Integer bytes) {
    if (bytes != 0 && bytes % (KIB * KIB * KIB) == 0) {
      return bytes / (KIB * KIB * KIB) + "GiB";
    }
    if (bytes != 0 && bytes % (KIB * KIB) == 0) {
      return bytes / (KIB * KIB) + "MiB";
    }
    return String.valueOf(bytes);
  }
}
