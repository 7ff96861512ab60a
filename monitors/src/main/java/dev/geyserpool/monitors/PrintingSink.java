package dev.geyserpool.monitors;

import java.io.PrintStream;

/** Prints one readable line per event: {@code [<monitor>] <line>}. Thread-safe (PrintStream is). */
public final class PrintingSink implements EventSink {
  private final PrintStream out;

  public PrintingSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void publish(String monitorId, MonitorEvent event) {
    out.println("[" + monitorId + "] " + event.line());
  }

  @Override
  public void flush(String monitorId) {
    out.flush();
  }
}
