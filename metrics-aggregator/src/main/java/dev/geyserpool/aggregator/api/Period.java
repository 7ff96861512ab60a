package dev.geyserpool.aggregator.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code period} query parameter: a whole number of minutes or hours, such as {@code 30m} or {@code 2h}. */
final class Period {
  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,5})([mh])");

  private Period() {}

  /**
   * The period {@code text} names, at most {@code longest}.
   *
   * @throws ApiException 400 naming the accepted forms and bounds
   */
  static Duration parse(String text, Duration longest) {
    String accepted = "give minutes or hours such as 30m or 2h, from 1m up to " + format(longest);
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("period is missing: " + accepted);
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw ApiException.badRequest("period '" + text + "' is not a period: " + accepted);
    }
    long amount = Long.parseLong(m.group(1));
    Duration period = m.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    if (period.compareTo(longest) > 0) {
      throw ApiException.badRequest("period '" + text + "' is longer than the history kept (" + format(longest)
          + "): " + accepted);
    }
    return period;
  }

  /** {@code 30m}, {@code 24h}, or {@code 90s} for a duration that is no whole number of minutes. */
  static String format(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
