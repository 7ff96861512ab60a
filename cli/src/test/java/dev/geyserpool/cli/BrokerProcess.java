package dev.geyserpool.cli;

import dev.geyserpool.kafka.embedded.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker in its own operating-system process (the embedded broker's main), so a test can
 * freeze it with SIGSTOP, as a stalled machine or a long GC pause would, and thaw it with SIGCONT.
 */
final class BrokerProcess implements AutoCloseable {
  private final Process process;
  private final String bootstrapServers;

  private BrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** In the child: starts the broker on the given data dir and ports, says READY, and waits to be killed. */
  public static void main(String[] args) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
        .dataDir(Path.of(args[0]))
        .ports(Integer.parseInt(args[1]), Integer.parseInt(args[2]))
        .start();
    System.out.println("READY " + broker.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Starts a broker process on a new data dir in {@code dir} and waits (bounded) until it serves. */
  static BrokerProcess start(Path dir, Duration timeout) throws Exception {
    int brokerPort;
    int controllerPort;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      brokerPort = a.getLocalPort();
      controllerPort = b.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        BrokerProcess.class.getName(), dir.toString(), Integer.toString(brokerPort), Integer.toString(controllerPort))
        .redirectError(dir.resolve("broker.log").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      if (line.startsWith("READY ")) {
        return new BrokerProcess(process, line.substring("READY ".length()).trim());
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the broker process did not start within " + timeout + "; see " + dir.resolve("broker.log"));
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** SIGSTOP: the broker stops answering, its sockets stay open. */
  void freeze() {
    signal("-STOP");
  }

  /** SIGCONT: it carries on where it stopped. */
  void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal the broker process", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
