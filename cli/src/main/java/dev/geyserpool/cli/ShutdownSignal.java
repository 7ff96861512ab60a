package dev.geyserpool.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for a long-running command: the JVM's shutdown hook releases
 * {@link #await()}, then holds the JVM (bounded by {@code drain}) until the command's cleanup
 * ends with {@link #close()}, so a stopping gateway or monitor commits and closes cleanly.
 *
 * <p>Use with try-with-resources around the command's work. Thread-safe.
 */
final class ShutdownSignal implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private ShutdownSignal(String name, Duration drain) {
    this.hook = new Thread(() -> {
      stop.countDown();
      try {
        finished.await(drain.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
  }

  /** Installs the hook; the JVM waits up to {@code drain} for {@link #close()} once a signal came. */
  static ShutdownSignal install(String name, Duration drain) {
    ShutdownSignal signal = new ShutdownSignal(name, drain);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Waits for Ctrl-C or SIGTERM. */
  void await() throws InterruptedException {
    stop.await();
  }

  /** Waits for Ctrl-C or SIGTERM at most {@code timeout}; true when a signal came. */
  boolean await(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The command's cleanup is done: lets a signalled JVM exit, or removes the hook when none came. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // A signal came: the hook is running and has just been released.
    }
  }
}
