package dev.geyserpool.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The JVM's memory as a load run reports it. Stateless. */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** Heap in use right after a full collection, in MiB. */
  static long heapUsedAfterGcMib() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  /** Peak resident set size (VmHWM) in MiB, or empty where /proc is not there (not Linux). */
  static OptionalLong peakRssMib() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          String kib = line.substring("VmHWM:".length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kib) >> 10);
        }
      }
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
