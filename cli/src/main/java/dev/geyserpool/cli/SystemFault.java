package dev.geyserpool.cli;

import dev.geyserpool.sim.Fault;
import java.time.Duration;

/**
 * A fault the demo inflicts on its own system rather than on the simulator, as a value; the
 * {@link FaultSchedule} carries it out. Both kinds take {@code <every>/<down>}: every
 * {@code every} from the start of traffic a part stops, and it is back {@code down} later.
 *
 * <ul>
 *   <li>{@code restart-gateway-every=<every>/<down>}: the gateway stops abruptly, as a crash
 *       ({@code GatewayServer.halt()}: nothing buffered is sent, no last checkpoint), and a new
 *       gateway with the same settings and gateway id starts {@code down} later, so the
 *       connection ledger and the stream checkpoints carry over. {@link RestartGateway}
 *   <li>{@code stop-broker-every=<every>/<down>}: the in-process Kafka broker stops, and starts
 *       again {@code down} later on the same ports and data dir, so every client keeps its
 *       bootstrap address. {@link StopBroker}
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #spec()} gives the canonical {@code KIND=VALUE} form,
 * which {@link DemoFault#parse} reads back.
 */
sealed interface SystemFault extends DemoFault permits SystemFault.RestartGateway, SystemFault.StopBroker {
  /** The kinds, as {@code KIND=VALUE} patterns, for usage messages. */
  String KINDS = RestartGateway.KIND + "=<every>/<down>, " + StopBroker.KIND + "=<every>/<down>";

  /** The kind, e.g. {@code restart-gateway-every}. */
  String kind();

  /** How often the part stops, counted from the start of traffic. */
  Duration every();

  /** How long it stays down each time; shorter than {@link #every()}. */
  Duration down();

  /** The canonical {@code KIND=VALUE} form. */
  default String spec() {
    return kind() + "=" + Fault.format(every()) + "/" + Fault.format(down());
  }

  /** Every {@code every}, halt the gateway; a new one starts {@code down} later. */
  record RestartGateway(Duration every, Duration down) implements SystemFault {
    public static final String KIND = "restart-gateway-every";

    public RestartGateway {
      check(KIND, every, down);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** Every {@code every}, stop the broker; it starts again on the same ports {@code down} later. */
  record StopBroker(Duration every, Duration down) implements SystemFault {
    public static final String KIND = "stop-broker-every";

    public StopBroker {
      check(KIND, every, down);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** Whether {@code kind} names a system fault. */
  static boolean isKind(String kind) {
    return RestartGateway.KIND.equals(kind) || StopBroker.KIND.equals(kind);
  }

  /**
   * The fault of a system {@code kind} with its {@code every} and {@code down} times.
   *
   * @throws IllegalArgumentException naming the kind and the rule a time breaks
   */
  static SystemFault of(String kind, Duration every, Duration down) {
    return switch (kind) {
      case RestartGateway.KIND -> new RestartGateway(every, down);
      case StopBroker.KIND -> new StopBroker(every, down);
      default -> throw new IllegalArgumentException("'" + kind + "' is no system fault; known: " + KINDS);
    };
  }

  private static void check(String kind, Duration every, Duration down) {
    positive(kind, "period", every);
    positive(kind, "down time", down);
    if (down.compareTo(every) >= 0) {
      // The part must be back before it is due to stop again.
      throw new IllegalArgumentException(kind + ": the down time " + Fault.format(down)
          + " must be shorter than the period " + Fault.format(every));
    }
  }

  private static void positive(String kind, String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(kind + ": the " + what + " is " + (d == null ? "null" : Fault.format(d))
          + ", but must be positive");
    }
  }
}
