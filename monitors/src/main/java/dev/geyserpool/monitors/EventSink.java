package dev.geyserpool.monitors;

/**
 * Where reference monitors' events go. A sink may serve several monitors; each calls it on its own
 * consumer thread. {@link #flush(String)} runs before the SDK commits a monitor's batch, so an event
 * is durable before the update that caused it is marked handled (at-least-once output).
 */
public interface EventSink extends AutoCloseable {
  /** Prepares for monitor {@code monitorId}'s events (creates its topic); called before it starts. */
  default void open(String monitorId) {}

  /** Hands over one event of monitor {@code monitorId}. */
  void publish(String monitorId, MonitorEvent event);

  /** Makes everything {@code monitorId} published so far durable; throws when it cannot. */
  default void flush(String monitorId) throws Exception {}

  @Override
  default void close() {}

  /** A sink that hands every event to each of {@code sinks}, in order. */
  static EventSink all(EventSink... sinks) {
    return new EventSink() {
      @Override
      public void open(String monitorId) {
        for (EventSink s : sinks) {
          s.open(monitorId);
        }
      }

      @Override
      public void publish(String monitorId, MonitorEvent event) {
        for (EventSink s : sinks) {
          s.publish(monitorId, event);
        }
      }

      @Override
      public void flush(String monitorId) throws Exception {
        for (EventSink s : sinks) {
          s.flush(monitorId);
        }
      }

      @Override
      public void close() {
        for (EventSink s : sinks) {
          s.close();
        }
      }
    };
  }
}
