package dev.geyserpool.gateway.config.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in the config file: {@code 400ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 7d}, sums such as {@code 1m30s}, or ISO-8601 ({@code PT30S}). A bare number
 * has no unit and is refused: {@code 60} could mean seconds or milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
  /** How a duration is described in an error message. */
  public static final String RULE = "a duration such as 400ms, 30s, 5m, 1h, 7d or ISO-8601 PT30S";

  private static final Pattern PART = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("-?(\\d+(ns|us|ms|s|m|h|d))+");

  private Durations() {}

  /** Parses {@code text}; empty when it is not a duration in either form (or overflows). */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.startsWith("P") || upper.startsWith("-P")) {
      try {
        return Optional.of(Duration.parse(upper));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!WHOLE.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(s);
      while (part.find()) {
        total = total.plus(unit(part.group(2)).multipliedBy(Long.parseLong(part.group(1))));
      }
      return Optional.of(s.startsWith("-") ? total.negated() : total);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Formats in the largest unit that divides the duration exactly: {@code 5m}, {@code 500ms},
   * {@code 90s}, {@code 0s}; {@code null} as {@code null}.
   */
  public static String format(Duration duration) {
    if (duration == null) {
      return "null";
    }
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long seconds = duration.getSeconds();
    if (duration.getNano() == 0) {
      if (seconds % 86_400 == 0) {
        return seconds / 86_400 + "d";
      }
      if (seconds % 3_600 == 0) {
        return seconds / 3_600 + "h";
      }
      return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
    try {
      long nanos = duration.toNanos();
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
    } catch (ArithmeticException e) {
      return duration.toString(); // centuries with a fraction of a second: ISO-8601 is exact
    }
  }

  private static Duration unit(String unit) {
    switch (unit) {
      case "ns":
        return Duration.ofNanos(1);
      case "us":
        return Duration.ofNanos(1_000);
      case "ms":
        return Duration.ofMillis(1);
      case "s":
        return Duration.ofSeconds(1);
      case "m":
        return Duration.ofMinutes(1);
      case "h":
        return Duration.ofHours(1);
      case "d":
        return Duration.ofDays(1);
      default:
        throw new IllegalArgumentException("unknown unit " + unit);
    }
  }
}
