package dev.geyserpool.cli;

import dev.geyserpool.sim.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the demo's {@link SystemFault}s on their schedule: at {@code k × every} from the
 * start each fault's part stops, at {@code k × every + down} it is brought back. A gateway due
 * back while the broker is down waits for the broker (it cannot start without Kafka), and an
 * action that fails is logged, counted and tried again after {@link #RETRY}: the schedule never
 * dies. {@link #close()} stops the schedule and brings back whatever is down, so the owner
 * finds the whole system running.
 *
 * <p>Times: {@link #runOnce} decides what is due at the time it is given; after bringing a part
 * back it reads the injected ticker again, since that takes seconds.
 *
 * <p>Threading: one named daemon thread ({@code geyser-demo-faults}) runs {@link #runOnce} and
 * with it every action on the {@link Target}, one at a time; its queue holds one task, the next
 * run, which each run schedules. {@link #close()} lets an action in progress finish, drops the
 * next run and then brings parts back on the caller's thread.
 * {@link #report()} may be read from any thread. Whoever starts the schedule closes it.
 */
final class FaultSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);
  /** How soon a failed action is tried again. */
  static final Duration RETRY = Duration.ofSeconds(1);
  /** Longest wait between runs, so a schedule far in the future still checks in. */
  private static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  /** The parts a schedule stops and brings back; {@link EmbeddedSystem} is one. */
  interface Target {
    void haltGateway();

    void startGateway();

    void stopBroker();

    void startBroker();
  }

  /** Where one fault's part is. */
  enum Phase {
    /** Running; stops at {@code nextAtNanos}. */
    UP,
    /** Stopped; brought back at {@code nextAtNanos} (or as soon as it can be). */
    DOWN
  }

  /** One fault's progress: owned by the thread running {@link #runOnce}. */
  private static final class Drill {
    final SystemFault fault;
    final long startNanos;
    Phase phase = Phase.UP;
    long cycle = 1;
    long nextAtNanos;

    Drill(SystemFault fault, long startNanos) {
      this.fault = fault;
      this.startNanos = startNanos;
      this.nextAtNanos = startNanos + fault.every().toNanos();
    }

    boolean isBroker() {
      return fault instanceof SystemFault.StopBroker;
    }
  }

  private final List<Drill> drills = new ArrayList<>();
  private final Target target;
  private final LongSupplier ticker;
  private final AtomicLong gatewayRestarts = new AtomicLong();
  private final AtomicLong brokerStops = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledThreadPoolExecutor executor;

  /** A schedule run by calling {@link #runOnce} (tests); {@link #start} runs it on its own thread. */
  FaultSchedule(List<SystemFault> faults, Target target, LongSupplier ticker) {
    this.target = target;
    this.ticker = ticker;
    long start = ticker.getAsLong();
    for (SystemFault fault : faults) {
      drills.add(new Drill(fault, start));
    }
  }

  /**
   * Starts the schedule now on its thread; with no faults it does nothing.
   *
   * @throws IllegalArgumentException when a kind is given twice ({@link #requireDistinctKinds})
   */
  static FaultSchedule start(List<SystemFault> faults, Target target) {
    requireDistinctKinds(faults);
    FaultSchedule schedule = new FaultSchedule(faults, target, System::nanoTime);
    if (!faults.isEmpty()) {
      schedule.executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "geyser-demo-faults");
        t.setDaemon(true);
        return t;
      });
      schedule.executor.setMaximumPoolSize(1);
      // close() lets an action in progress finish (a start cut short would leave parts running)
      // and drops the next run.
      schedule.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      schedule.executor.execute(schedule::run);
      log.info("System faults scheduled: {}", faults);
    }
    return schedule;
  }

  /**
   * Refuses two faults of one kind: their stops would overlap.
   *
   * @throws IllegalArgumentException naming the kind and both specs
   */
  static void requireDistinctKinds(List<SystemFault> faults) {
    for (int i = 0; i < faults.size(); i++) {
      for (int j = i + 1; j < faults.size(); j++) {
        if (faults.get(i).kind().equals(faults.get(j).kind())) {
          throw new IllegalArgumentException("--fault " + faults.get(i).kind() + " is given twice (" + faults.get(i)
              + ", " + faults.get(j) + "); give each system fault once");
        }
      }
    }
  }

  private void run() {
    long delay = RETRY.toNanos();
    try {
      delay = runOnce(ticker.getAsLong());
    } catch (RuntimeException | Error e) {
      // runOnce catches what the actions throw; this is the last line, so the schedule goes on.
      log.error("fault schedule failed; running again in {}", Fault.format(RETRY), e);
    }
    try {
      // At least a millisecond apart: a due action that keeps failing must not spin.
      executor.schedule(this::run, Math.max(TimeUnit.MILLISECONDS.toNanos(1), delay), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // close() stopped the schedule.
    }
  }

  /**
   * Carries out every action due at {@code nowNanos}; returns the nanos until the next one is
   * due (at most a second).
   */
  long runOnce(long nowNanos) {
    long delay = MAX_DELAY_NANOS;
    for (Drill drill : drills) {
      if (nowNanos - drill.nextAtNanos >= 0) {
        act(drill, nowNanos);
      }
      delay = Math.min(delay, Math.max(0, drill.nextAtNanos - nowNanos));
    }
    return delay;
  }

  private void act(Drill drill, long nowNanos) {
    boolean stopping = drill.phase == Phase.UP;
    if (!stopping && !drill.isBroker() && brokerDown()) {
      // The gateway reads the ledger and its checkpoints from Kafka as it starts: wait for the broker.
      drill.nextAtNanos = nowNanos + RETRY.toNanos();
      return;
    }
    try {
      if (drill.isBroker()) {
        if (stopping) {
          target.stopBroker();
        } else {
          target.startBroker();
        }
      } else if (stopping) {
        target.haltGateway();
      } else {
        target.startGateway();
      }
    } catch (RuntimeException | Error e) {
      failures.incrementAndGet();
      drill.nextAtNanos = nowNanos + RETRY.toNanos();
      log.error("{} (cycle {}): {} the {} failed; trying again in {}", drill.fault, drill.cycle,
          stopping ? "stopping" : "bringing back", drill.isBroker() ? "broker" : "gateway", Fault.format(RETRY), e);
      return;
    }
    if (stopping) {
      drill.phase = Phase.DOWN;
      drill.nextAtNanos = drill.startNanos + drill.cycle * drill.fault.every().toNanos() + drill.fault.down().toNanos();
      (drill.isBroker() ? brokerStops : gatewayRestarts).incrementAndGet();
      log.info("{} (cycle {}): {} stopped; back in {} ms", drill.fault, drill.cycle,
          drill.isBroker() ? "broker" : "gateway", Math.max(0, drill.nextAtNanos - ticker.getAsLong()) / 1_000_000);
    } else {
      drill.phase = Phase.UP;
      // The next stop keeps to the grid of the start; one that fell due while the part was
      // coming back is skipped (read the clock again: bringing a part back takes seconds).
      long backAt = ticker.getAsLong();
      do {
        drill.cycle++;
        drill.nextAtNanos = drill.startNanos + drill.cycle * drill.fault.every().toNanos();
      } while (drill.nextAtNanos - backAt <= 0);
      log.info("{}: {} back", drill.fault, drill.isBroker() ? "broker" : "gateway");
    }
  }

  private boolean brokerDown() {
    return drills.stream().anyMatch(d -> d.isBroker() && d.phase == Phase.DOWN);
  }

  /** Gateway halts so far, each followed by a start. */
  long gatewayRestarts() {
    return gatewayRestarts.get();
  }

  /** Broker stops so far, each followed by a start. */
  long brokerStops() {
    return brokerStops.get();
  }

  /**
   * The system faults carried out so far, as {@code key=value} pairs for the summary line:
   * {@code gatewayRestarts} and {@code brokerStops} count the stops (each followed by a start),
   * {@code faultFailures} the actions that failed and were tried again.
   */
  String report() {
    return "gatewayRestarts=" + gatewayRestarts.get() + " brokerStops=" + brokerStops.get()
        + " faultFailures=" + failures.get();
  }

  /**
   * Stops the schedule, waits for an action in progress, then brings back every part that is
   * down (the broker first, the gateway needs it), on the caller's thread.
   *
   * @throws IllegalStateException when an action is still running after two minutes, or the
   *     wait is interrupted (flag set): nothing is brought back then, two actions must not overlap
   * @throws RuntimeException what bringing a part back threw
   */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the fault schedule's action did not end within "
              + Fault.format(STOP_TIMEOUT) + " (" + report() + "); the parts it stopped stay stopped");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the fault schedule's action ended (" + report() + ")", e);
      }
    }
    restore();
  }

  /** Brings back every part that is down: the broker first. */
  private void restore() {
    List<Drill> brokerFirst = new ArrayList<>(drills);
    brokerFirst.sort((a, b) -> Boolean.compare(b.isBroker(), a.isBroker()));
    for (Drill drill : brokerFirst) {
      if (drill.phase != Phase.DOWN) {
        continue;
      }
      if (drill.isBroker()) {
        target.startBroker();
      } else {
        target.startGateway();
      }
      drill.phase = Phase.UP;
      log.info("{}: {} back for the end of the run", drill.fault, drill.isBroker() ? "broker" : "gateway");
    }
  }
}
