package dev.geyserpool.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * The aggregator API's port as a command gives it: probed before anything starts, so a taken port
 * fails the command at once, naming the port and the option that changes it, instead of after the
 * broker, the simulator and the gateway came up. The probe only narrows the race with another
 * process; {@link #bindFailure} gives the same sentence when the real bind loses it. Stateless.
 */
final class ApiPort {
  private ApiPort() {}

  /**
   * Why the API could not listen on {@code host:port} now, naming {@code option}; empty when the
   * port is free or 0 (any free port).
   */
  static Optional<String> problem(String host, int port, String option) {
    if (port == 0) {
      return Optional.empty();
    }
    try (ServerSocket probe = new ServerSocket()) {
      // As Jetty binds: a port held only by connections in TIME_WAIT is free.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(sentence(host, port, option, e));
    }
  }

  /** The sentence of {@link #problem} when {@code failure} was caused by a bind failure; empty otherwise. */
  static Optional<String> bindFailure(Throwable failure, String host, int port, String option) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        return Optional.of(sentence(host, port, option, bind));
      }
    }
    return Optional.empty();
  }

  private static String sentence(String host, int port, String option, IOException e) {
    return "the aggregator API cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): port " + port
        + " is taken or not available; stop what listens there, or choose another port with " + option
        + " (0 picks a free one)";
  }
}
