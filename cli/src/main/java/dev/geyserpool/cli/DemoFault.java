package dev.geyserpool.cli;

import dev.geyserpool.sim.Fault;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault {@code demo --fault} takes: one the simulator injects ({@link OfSimulator}, parsed by
 * {@link Fault#parse}) or one the demo inflicts on its own system ({@link SystemFault}). Both
 * are written {@code KIND=VALUE}; the kind decides which. {@code sim --fault} takes simulator
 * faults only ({@link #parseSimulatorFault}).
 *
 * <p>Parse errors name the spec and what is wrong, and end with every kind the command takes.
 * Immutable and thread-safe.
 */
sealed interface DemoFault permits DemoFault.OfSimulator, SystemFault {
  /** The simulator's kinds, in {@link Fault}'s order. */
  List<String> SIMULATOR_KINDS = List.of(Fault.DropConnections.KIND, Fault.StallStreams.KIND,
      Fault.RejectNewConnections.KIND, Fault.LagSlowClient.KIND);

  /** What every demo parse error ends with: the known kinds of both sorts and the value format. */
  String USAGE = "known kinds: simulator faults drop-connections-every=<d>, stall-streams=<every>/<for>, "
      + "reject-new-connections=<d>, lag-slow-client=<d>; system faults " + SystemFault.KINDS
      + "; a duration <d> is a whole number with a unit ms, s, m or h, e.g. 200ms or 5s";

  /** The canonical {@code KIND=VALUE} form. */
  String spec();

  /** A simulator fault given to the demo. */
  record OfSimulator(Fault fault) implements DemoFault {
    @Override
    public String spec() {
      return fault.spec();
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /**
   * Reads a demo {@code KIND=VALUE} spec (surrounding blanks ignored): a simulator fault or a
   * system fault.
   *
   * @throws IllegalArgumentException naming the spec, what is wrong, and the known kinds
   */
  static DemoFault parse(String spec) {
    String kind = Specs.kind(spec, USAGE);
    if (SystemFault.isKind(kind)) {
      return Specs.systemFault(spec, kind);
    }
    if (SIMULATOR_KINDS.contains(kind)) {
      return new OfSimulator(Fault.parse(spec));
    }
    throw Specs.bad(spec, "has unknown kind '" + kind + "'", USAGE);
  }

  /**
   * Reads a simulator fault for {@code sim}, which runs the simulator alone: a system fault is
   * refused with a message saying where it belongs.
   *
   * @throws IllegalArgumentException naming the spec, what is wrong, and the simulator's kinds
   */
  static Fault parseSimulatorFault(String spec) {
    String kind = Specs.kind(spec, Fault.USAGE);
    if (SystemFault.isKind(kind)) {
      throw Specs.bad(spec, "is a system fault, which only demo injects (sim runs the simulator alone; use"
          + " bin/geyser-pool demo --fault " + spec.strip() + ")", Fault.USAGE);
    }
    return Fault.parse(spec);
  }

  /** The pieces of the parsers. Stateless. */
  final class Specs {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    private Specs() {}

    static IllegalArgumentException bad(String spec, String problem, String usage) {
      return new IllegalArgumentException("fault spec '" + spec + "' " + problem + "; " + usage);
    }

    /** The kind of a {@code KIND=VALUE} spec. */
    static String kind(String spec, String usage) {
      String text = spec == null ? "" : spec.strip();
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw bad(spec, "is not KIND=VALUE", usage);
      }
      return text.substring(0, eq).strip();
    }

    static SystemFault systemFault(String spec, String kind) {
      String value = spec.strip().substring(spec.strip().indexOf('=') + 1).strip();
      int slash = value.indexOf('/');
      if (slash < 0) {
        throw bad(spec, "has value '" + value + "', but " + kind + " takes <every>/<down>, e.g. 30s/10s", USAGE);
      }
      Duration every = duration(spec, value.substring(0, slash).strip());
      Duration down = duration(spec, value.substring(slash + 1).strip());
      try {
        return SystemFault.of(kind, every, down);
      } catch (IllegalArgumentException e) {
        // A well-formed value that breaks a rule (zero, down not shorter than its period).
        throw bad(spec, "is invalid: " + e.getMessage(), USAGE);
      }
    }

    private static Duration duration(String spec, String value) {
      Matcher m = DURATION.matcher(value);
      if (!m.matches()) {
        throw bad(spec, "has '" + value + "' where a duration belongs", USAGE);
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }
}
