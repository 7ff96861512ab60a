package dev.geyserpool.sim;

import java.time.Duration;

/**
 * A fault the simulator can inject, as a value: configured with
 * {@link SimulatorConfig.Builder#fault(Fault)} (applied on a schedule in automatic mode), applied
 * at run time with {@link YellowstoneSimulator#applyFault(Fault)}, or parsed from the CLI's
 * {@code KIND=VALUE} strings with {@link #parse(String)}.
 *
 * <p>Grammar ({@code <d>} is a whole number with a unit {@code ms}, {@code s}, {@code m} or
 * {@code h}, e.g. {@code 200ms}, {@code 5s}):
 *
 * <ul>
 *   <li>{@code drop-connections-every=<d>}: every {@code d}, close every open client TCP connection
 *       abruptly (RST); open calls fail with UNAVAILABLE and clients must reconnect, which costs a
 *       new connection in the provider's budget. {@link DropConnections}
 *   <li>{@code stall-streams=<every>/<for>}: every {@code every}, the Subscribe streams open at that
 *       moment go silent for {@code for} (shorter than {@code every}): no updates, no pings, no
 *       pongs, no close, while the connection stays up. What they miss is skipped, not delivered
 *       later; the replay ring still holds it for {@code from_slot}. {@link StallStreams}
 *   <li>{@code reject-new-connections=<d>}: for {@code d} from when the fault is applied, every new
 *       TCP connection is reset as soon as it is accepted (clients see UNAVAILABLE); open
 *       connections and streams carry on. {@link RejectNewConnections}
 *   <li>{@code lag-slow-client=<d>}: every update, ping and pong reaches each stream no earlier than
 *       {@code d} after it was queued, as over a slow path. {@link LagSlowClient}
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #spec()} (and {@code toString()}) give the canonical
 * {@code KIND=VALUE} form, which {@code parse} reads back.
 */
public sealed interface Fault {
  /** What every parse error ends with: the known kinds and the value format. */
  String USAGE = "known kinds: drop-connections-every=<d>, stall-streams=<every>/<for>, "
      + "reject-new-connections=<d>, lag-slow-client=<d>; a duration <d> is a whole number with a "
      + "unit ms, s, m or h, e.g. 200ms or 5s";

  /** The kind, e.g. {@code drop-connections-every}. */
  String kind();

  /** The canonical {@code KIND=VALUE} form. */
  default String spec() {
    return kind() + "=" + value();
  }

  /** The value part of {@link #spec()}. */
  String value();

  /** Every {@code every}, reset every open client connection. */
  record DropConnections(Duration every) implements Fault {
    public static final String KIND = "drop-connections-every";

    public DropConnections {
      every = positive(KIND, "period", every);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String value() {
      return format(every);
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** Every {@code every}, the open streams go silent for {@code stallFor}. */
  record StallStreams(Duration every, Duration stallFor) implements Fault {
    public static final String KIND = "stall-streams";

    public StallStreams {
      every = positive(KIND, "period", every);
      stallFor = positive(KIND, "stall time", stallFor);
      if (stallFor.compareTo(every) >= 0) {
        throw new IllegalArgumentException(KIND + ": the stall time " + format(stallFor)
            + " must be shorter than the period " + format(every));
      }
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String value() {
      return format(every) + "/" + format(stallFor);
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** For {@code duration} from when applied, reset every new connection at accept. */
  record RejectNewConnections(Duration duration) implements Fault {
    public static final String KIND = "reject-new-connections";

    public RejectNewConnections {
      duration = positive(KIND, "duration", duration);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String value() {
      return format(duration);
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** Delay every message to every stream by {@code delay}. */
  record LagSlowClient(Duration delay) implements Fault {
    public static final String KIND = "lag-slow-client";

    public LagSlowClient {
      delay = positive(KIND, "delay", delay);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String value() {
      return format(delay);
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /**
   * Reads a {@code KIND=VALUE} spec (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the spec, what is wrong, the known kinds and the value
   *     format
   */
  static Fault parse(String spec) {
    String text = spec == null ? "" : spec.strip();
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw FaultParser.bad(spec, "is not KIND=VALUE");
    }
    String kind = text.substring(0, eq).strip();
    String value = text.substring(eq + 1).strip();
    try {
      switch (kind) {
        case DropConnections.KIND:
          return new DropConnections(FaultParser.duration(spec, value));
        case StallStreams.KIND: {
          int slash = value.indexOf('/');
          if (slash < 0) {
            throw FaultParser.bad(spec, "has value '" + value + "', but stall-streams takes <every>/<for>, e.g. 20s/8s");
          }
          return new StallStreams(FaultParser.duration(spec, value.substring(0, slash).strip()),
              FaultParser.duration(spec, value.substring(slash + 1).strip()));
        }
        case RejectNewConnections.KIND:
          return new RejectNewConnections(FaultParser.duration(spec, value));
        case LagSlowClient.KIND:
          return new LagSlowClient(FaultParser.duration(spec, value));
        default:
          throw FaultParser.bad(spec, "has unknown kind '" + kind + "'");
      }
    } catch (FaultParser.Failure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // A well-formed value that breaks a rule (zero, stall not shorter than its period).
      throw FaultParser.bad(spec, "is invalid: " + e.getMessage());
    }
  }

  /**
   * A duration the way specs write it: the largest of h, m, s, ms that divides it exactly
   * ({@code 5s}, {@code 1500ms}); sub-millisecond durations in ISO-8601.
   */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  private static Duration positive(String kind, String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(kind + ": the " + what + " is "
          + (d == null ? "null" : format(d)) + ", but must be positive");
    }
    return d;
  }
}
