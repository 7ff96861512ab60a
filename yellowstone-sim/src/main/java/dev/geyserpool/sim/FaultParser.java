package dev.geyserpool.sim;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pieces of {@link Fault#parse(String)}. Stateless; thread-safe. */
final class FaultParser {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

  /** A parse error already in its final form, so {@code parse} does not wrap it twice. */
  static final class Failure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private FaultParser() {}

  static Failure bad(String spec, String problem) {
    return new Failure("fault spec '" + spec + "' " + problem + "; " + Fault.USAGE);
  }

  static Duration duration(String spec, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw bad(spec, "has '" + value + "' where a duration belongs");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofHours(n);
    }
  }
}
