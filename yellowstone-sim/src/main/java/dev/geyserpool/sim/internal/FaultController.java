package dev.geyserpool.sim.internal;

import dev.geyserpool.sim.Fault;
import dev.geyserpool.sim.FaultReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies faults: the imperative controls behind {@code YellowstoneSimulator} and the schedules of
 * {@link Fault}s. Connection faults go to the {@link ConnectionGate}, stalls to the
 * {@link EventHub}, lag to the {@link StreamFaults}; this class counts the actions and owns the
 * timers.
 *
 * <p>Timers run on the simulator's clock thread; each catches everything so its schedule never
 * dies. There is at most one pending auto-resume and one pending auto-admit: a new timed stall or
 * rejection replaces the previous timer, an untimed one cancels it.
 *
 * <p>Thread-safe: one lock guards the timer handles (no I/O under it); counters are atomic.
 */
public final class FaultController {
  private static final Logger log = LoggerFactory.getLogger(FaultController.class);

  private final EventHub hub;
  private final ConnectionGate gate;
  private final StreamFaults streams;
  private final ScheduledExecutorService clock;
  private final AtomicLong stalls = new AtomicLong();
  private final AtomicLong streamsStalled = new AtomicLong();

  private final Object lock = new Object();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private ScheduledFuture<?> pendingResume;
  private ScheduledFuture<?> pendingAdmit;

  public FaultController(
      EventHub hub, ConnectionGate gate, StreamFaults streams, ScheduledExecutorService clock) {
    this.hub = hub;
    this.gate = gate;
    this.streams = streams;
    this.clock = clock;
  }

  /** Resets every open client connection now; returns how many. */
  public int dropConnections() {
    int n = gate.dropAll();
    log.info("fault: dropped {} client connections", n);
    return n;
  }

  /** Stalls every open stream until {@link #resumeStreams()}; returns how many it stalled. */
  public int stallStreams() {
    synchronized (lock) {
      cancel(pendingResume);
      pendingResume = null;
    }
    return stallNow();
  }

  /** Stalls every open stream and resumes them after {@code duration}; returns how many it stalled. */
  public int stallStreams(Duration duration) {
    positive("stall duration", duration);
    int n = stallNow();
    synchronized (lock) {
      cancel(pendingResume);
      pendingResume = clock.schedule(guarded("resume streams", this::resumeStreams),
          duration.toNanos(), TimeUnit.NANOSECONDS);
    }
    return n;
  }

  /** Resumes every stalled stream; returns how many. */
  public int resumeStreams() {
    synchronized (lock) {
      cancel(pendingResume);
      pendingResume = null;
    }
    int n = hub.resumeAll();
    if (n > 0) {
      log.info("fault: resumed {} stalled streams", n);
    }
    return n;
  }

  /** Starts or stops resetting new connections at accept, with no timer. */
  public void rejectNewConnections(boolean on) {
    synchronized (lock) {
      cancel(pendingAdmit);
      pendingAdmit = null;
    }
    gate.reject(on);
    log.info("fault: {} new connections", on ? "rejecting" : "accepting");
  }

  /** Rejects new connections for {@code duration} from now. */
  public void rejectNewConnections(Duration duration) {
    positive("rejection duration", duration);
    gate.reject(true);
    synchronized (lock) {
      cancel(pendingAdmit);
      pendingAdmit = clock.schedule(guarded("accept connections", () -> gate.reject(false)),
          duration.toNanos(), TimeUnit.NANOSECONDS);
    }
    log.info("fault: rejecting new connections for {}", Fault.format(duration));
  }

  /** Delays every message to every stream by {@code lag}; zero turns it off. */
  public void lagStreams(Duration lag) {
    streams.lag(lag);
  }

  /**
   * Applies {@code fault} from now: periodic faults ({@code drop-connections-every},
   * {@code stall-streams}) start their schedule, first firing one period from now; a rejection
   * starts now for its duration; a lag applies now until cleared.
   */
  public void apply(Fault fault) {
    if (fault instanceof Fault.DropConnections d) {
      long every = d.every().toNanos();
      addSchedule(clock.scheduleAtFixedRate(guarded("drop connections", this::dropConnections),
          every, every, TimeUnit.NANOSECONDS));
    } else if (fault instanceof Fault.StallStreams s) {
      long every = s.every().toNanos();
      addSchedule(clock.scheduleAtFixedRate(guarded("stall streams", () -> stallStreams(s.stallFor())),
          every, every, TimeUnit.NANOSECONDS));
    } else if (fault instanceof Fault.RejectNewConnections r) {
      rejectNewConnections(r.duration());
    } else if (fault instanceof Fault.LagSlowClient l) {
      lagStreams(l.delay());
    } else {
      throw new IllegalArgumentException("unknown fault " + fault);
    }
    log.info("fault applied: {}", fault.spec());
  }

  /** Cancels every fault schedule and timer, resumes stalled streams, accepts connections, no lag. */
  public void clear() {
    synchronized (lock) {
      schedules.forEach(FaultController::cancel);
      schedules.clear();
      cancel(pendingAdmit);
      pendingAdmit = null;
    }
    resumeStreams();
    gate.reject(false);
    streams.lag(Duration.ZERO);
  }

  public FaultReport report() {
    return new FaultReport(gate.drops(), gate.dropped(), stalls.get(), streamsStalled.get(),
        hub.stalledNow(), streams.updatesSkipped(), gate.rejected(), gate.rejecting(), streams.lag());
  }

  private int stallNow() {
    int n = hub.stallAll();
    stalls.incrementAndGet();
    streamsStalled.addAndGet(n);
    log.info("fault: stalled {} streams", n);
    return n;
  }

  private void addSchedule(ScheduledFuture<?> f) {
    synchronized (lock) {
      schedules.add(f);
    }
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " is " + d + ", but must be positive");
    }
  }

  private static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        log.warn("simulator fault task '{}' failed; it keeps its schedule", what, t);
      }
    };
  }
}
