package dev.geyserpool.gateway.config.internal;

import java.util.Collection;
import java.util.Locale;

/**
 * Names derived from key paths: the environment variable that overrides a key, and the known key
 * nearest to a misspelt one.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyNames {
  /** Every override variable starts with this. */
  public static final String ENV_PREFIX = "GEYSERPOOL_";

  private KeyNames() {}

  /**
   * {@code GEYSERPOOL_} + the key path in upper snake case: dots become underscores and a word
   * boundary inside a camelCase name gets one, so {@code pool.maxConnections} is
   * {@code GEYSERPOOL_POOL_MAX_CONNECTIONS} and {@code pool.groupShares.high} is
   * {@code GEYSERPOOL_POOL_GROUP_SHARES_HIGH}.
   */
  public static String envVar(String keyPath) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    char previous = '.';
    for (char c : keyPath.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else {
        if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
          out.append('_');
        }
        out.append(Character.toUpperCase(c));
      }
      previous = c;
    }
    return out.toString();
  }

  /** The candidate with the smallest edit distance to {@code name}, ignoring case; ties go to the first. */
  public static String nearest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
