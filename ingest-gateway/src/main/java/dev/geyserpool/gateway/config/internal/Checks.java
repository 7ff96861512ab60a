package dev.geyserpool.gateway.config.internal;

import dev.geyserpool.gateway.config.ConfigException;
import dev.geyserpool.gateway.config.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one validation, each phrased "KEY is VALUE, but must be RULE". Every
 * check returns whether the value passed, so a cross-field check runs only on valid inputs.
 *
 * <p>Not thread-safe: one validation uses one instance.
 */
public final class Checks {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Records a problem whose message the caller composed. */
  public boolean fail(String key, String message) {
    problems.add(new ConfigProblem(key, message));
    return false;
  }

  /** Records {@code KEY is VALUE, but must be RULE}. */
  public boolean fail(String key, Object shownValue, String rule) {
    return fail(key, key + " is " + shownValue + ", but must be " + rule);
  }

  /** {@code min <= value <= max}. */
  public boolean between(String key, long value, long min, long max) {
    return value >= min && value <= max || fail(key, value, "between " + min + " and " + max);
  }

  /** {@code 0 < value <= max}. */
  public boolean positive(String key, Duration value, Duration max) {
    boolean ok = value != null && !value.isNegative() && !value.isZero() && value.compareTo(max) <= 0;
    return ok || fail(key, Durations.format(value), "positive and at most " + Durations.format(max));
  }

  /** {@code min <= value <= max}. */
  public boolean between(String key, Duration value, Duration min, Duration max) {
    boolean ok = value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    return ok || fail(key, Durations.format(value), "between " + Durations.format(min) + " and " + Durations.format(max));
  }

  /** Adds problems found elsewhere, such as a nested section's. */
  public void addAll(List<ConfigProblem> more) {
    problems.addAll(more);
  }

  /** The problems so far. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** Throws a {@link ConfigException} with every problem, if there is one. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
