package dev.geyserpool.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is invalid. Carries every problem found by one validation, so a user fixes
 * them all in one go; with a single problem the message is exactly that problem's message.
 *
 * <p>Immutable.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems at least one problem
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order the keys are checked. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).message();
    }
    return problems.size() + " configuration problems:" + problems.stream()
        .map(p -> "\n  - " + p.message()).collect(Collectors.joining());
  }
}
