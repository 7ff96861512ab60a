package dev.geyserpool.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the process's CPU goes during a load run, by component, from each thread's CPU time and
 * the process's: every component runs in this one JVM, so on a small machine they compete for
 * the same cores, and this says which one a saturated run is short of.
 *
 * <p>Threads are attributed by name: the simulator's are {@code ysim-*}; the gateway's are
 * {@code geyser-gateway-*}, {@code geyser-publisher}, {@code geyser-upstream-*},
 * {@code geyser-subscriptions}, {@code geyserpool-*}, gRPC's client executor and the gateway's
 * producers; the monitors' are {@code geyser-monitor-*}, {@code geyser-heartbeat-*} and their
 * Kafka clients; the rest of the Java threads are the in-process broker's. What no Java thread
 * accounts for (garbage collection, the JIT compilers) is {@code jvm-gc-jit}. On Linux it also
 * reports {@code other-processes}: the machine's busy time not spent in this JVM, so a run on a
 * shared machine says how much it was disturbed.
 *
 * <p>Not thread-safe: the load run's own thread takes the snapshots.
 */
final class CpuAccounting {
  /** The components, in report order. */
  static final List<String> COMPONENTS = List.of("simulator", "gateway", "kafka-broker", "monitors", "jvm-gc-jit", "bench");

  /**
   * CPU time per live thread, of the whole process and of the whole machine (busy time of every
   * core from /proc/stat, in clock ticks; -1 where unknown) at one instant.
   */
  record Snapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> threadNames, long machineBusyTicks,
      long gcMillis, long jitMillis) {}

  /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final java.nio.file.Path PROC_STAT = java.nio.file.Path.of("/proc/stat");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  CpuAccounting() {
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  Snapshot snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        cpu.put(info.getThreadId(), nanos);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    return new Snapshot(os.getProcessCpuTime(), cpu, names, machineBusyTicks(), gc, jitMillis);
  }

  /** user + nice + system + irq + softirq + steal over all cores, or -1 when /proc/stat is not there. */
  private static long machineBusyTicks() {
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(PROC_STAT)) {
      String[] f = in.readLine().trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
          + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Cores used by each component between two snapshots ({@code seconds} apart), plus
   * {@code total}. A thread that ended in between is left out (its share lands in jvm-gc-jit).
   */
  static Map<String, Double> coresUsed(Snapshot from, Snapshot to, double seconds) {
    Map<String, Long> nanos = new LinkedHashMap<>();
    COMPONENTS.forEach(c -> nanos.put(c, 0L));
    long threadsTotal = 0;
    for (Map.Entry<Long, Long> e : to.threadNanos().entrySet()) {
      long used = e.getValue() - from.threadNanos().getOrDefault(e.getKey(), 0L);
      threadsTotal += used;
      nanos.merge(componentOf(to.threadNames().get(e.getKey())), used, Long::sum);
    }
    long process = to.processNanos() - from.processNanos();
    nanos.put("jvm-gc-jit", Math.max(0, process - threadsTotal));
    Map<String, Double> cores = new LinkedHashMap<>();
    nanos.forEach((component, n) -> cores.put(component, n / 1e9 / seconds));
    cores.put("total", process / 1e9 / seconds);
    if (from.machineBusyTicks() >= 0 && to.machineBusyTicks() >= 0) {
      double machine = (to.machineBusyTicks() - from.machineBusyTicks()) / TICKS_PER_SECOND / seconds;
      // Other processes on the machine: they take cores this run would otherwise have.
      cores.put("other-processes", Math.max(0, machine - process / 1e9 / seconds));
    }
    return cores;
  }

  /** Milliseconds the collectors reported (pauses and, for G1, its concurrent cycles) between two snapshots. */
  static long gcMillis(Snapshot from, Snapshot to) {
    return to.gcMillis() - from.gcMillis();
  }

  /** Milliseconds the JIT compilers spent between two snapshots, or -1 when the JVM does not say. */
  static long jitMillis(Snapshot from, Snapshot to) {
    return from.jitMillis() < 0 ? -1 : to.jitMillis() - from.jitMillis();
  }

  static String componentOf(String thread) {
    if (thread.startsWith("ysim-")) {
      return "simulator";
    }
    if (thread.startsWith("geyser-monitor-") || thread.startsWith("geyser-heartbeat-") || thread.contains("| geyser-monitor.")) {
      return "monitors";
    }
    if (thread.startsWith("geyser-") || thread.startsWith("geyserpool-") || thread.startsWith("grpc-default-executor")
        || thread.contains("| geyser-gateway") || thread.contains("| geyserpool-")) {
      return "gateway";
    }
    if (thread.equals("main")) {
      return "bench";
    }
    return "kafka-broker";
  }
}
