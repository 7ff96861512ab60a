package dev.geyserpool.monitors;

/**
 * Where a reference monitor's events go. Called on the monitor's consumer thread only.
 * {@link #flush()} runs before the SDK commits a batch, so an event is durable before the update
 * that caused it is marked handled (at-least-once output).
 */
public interface EventSink extends AutoCloseable {
  /** Prepares for monitor {@code monitorId}'s events (creates its topic); called before it starts. */
  default void open(String monitorId) {}

  /** Hands over one event of monitor {@code monitorId}. */
  void publish(String monitorId, MonitorEvent event);

  /** Makes everything published so far durable; throws when it cannot. */
  default void flush() throws Exception {}

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
      public void flush() throws Exception {
        for (EventSink s : sinks) {
          s.flush();
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
