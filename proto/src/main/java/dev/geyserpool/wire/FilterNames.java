package dev.geyserpool.wire;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How monitor filters are named on a shared stream. The gateway merges the filters of many
 * monitors into one {@code SubscribeRequest}; each keeps its own name, {@code <monitorId>/<filter>},
 * and Yellowstone tags every update with each name it matched, so one update serves many monitors
 * and the gateway can tell which.
 */
public final class FilterNames {
  /** Yellowstone rejects filter names longer than this many bytes. */
  public static final int MAX_NAME_BYTES = 128;

  private static final char SEPARATOR = '/';
  private static final Pattern MONITOR_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern FILTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private FilterNames() {}

  /** The stream-wide name of a monitor's filter. */
  public static String qualify(String monitorId, String filterName) {
    return monitorId + SEPARATOR + filterName;
  }

  /** The monitor a stream-wide filter name belongs to, or empty for a name not of that form. */
  public static Optional<String> monitorOf(String qualifiedName) {
    int at = qualifiedName.indexOf(SEPARATOR);
    return at <= 0 ? Optional.empty() : Optional.of(qualifiedName.substring(0, at));
  }

  /** The monitor's own name of a stream-wide filter name. */
  public static String localName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.indexOf(SEPARATOR) + 1);
  }

  /** Why {@code id} is not a valid monitor id, or empty when it is one. */
  public static Optional<String> monitorIdProblem(String id) {
    if (id == null || !MONITOR_ID.matcher(id).matches()) {
      return Optional.of(
          "monitor id '" + id + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    return Optional.empty();
  }

  /** Why {@code name} is not a valid filter name for {@code monitorId}, or empty when it is one. */
  public static Optional<String> filterNameProblem(String monitorId, String name) {
    if (name == null || !FILTER_NAME.matcher(name).matches()) {
      return Optional.of(
          "filter name '" + name + "' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
    int bytes = qualify(monitorId, name).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      return Optional.of(
          "filter name '" + qualify(monitorId, name) + "' is " + bytes
              + " bytes; Yellowstone allows at most " + MAX_NAME_BYTES + ": shorten the monitor id or filter name");
    }
    return Optional.empty();
  }
}
