package dev.geyserpool.gateway;

/**
 * Hears how each monitor stands as the pool serves it. Called on the gateway's control thread:
 * must not block.
 */
@FunctionalInterface
public interface MonitorStatusListener {
  /**
   * @param state {@code active}, {@code waiting}, {@code failed}, {@code rejected} or {@code gap}
   * @param message what happened, for the monitor's owner
   */
  void onStatus(String monitorId, String state, String message);

  static MonitorStatusListener none() {
    return (monitorId, state, message) -> { };
  }
}
