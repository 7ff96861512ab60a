package dev.geyserpool.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a load run does, validated when built: each error names the option, the rule and the bad
 * value.
 *
 * @param rate Pump.fun transactions per second the simulator generates (votes and other
 *     transactions come on top, about 35%), 1 to 100,000
 * @param warmup traffic before measuring, so the JIT and the consumers settle; may be zero
 * @param duration the measured period, at least one second
 * @param monitors how many monitors to run (see {@link MonitorCatalogue#first}); ignored with
 *     {@code referenceMonitors}
 * @param referenceMonitors run the seven reference monitors (decoding, publishing their events to
 *     Kafka) instead of the catalogue's raw ones
 * @param slotInterval the simulated slot time
 * @param drainTimeout how long to wait after the traffic stops for every update to arrive
 * @param kafkaDataDir where the in-process broker keeps its data; empty for a temporary directory
 */
public record LoadOptions(
    int rate, Duration warmup, Duration duration, int monitors, boolean referenceMonitors, Duration slotInterval,
    Duration drainTimeout, Optional<Path> kafkaDataDir) {

  public LoadOptions {
    if (rate < 1 || rate > 100_000) {
      throw new IllegalArgumentException("--rate is " + rate + ", but must be between 1 and 100000 per second");
    }
    if (warmup == null || warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup is " + warmup + ", but must be zero or positive");
    }
    if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("--duration is " + duration + ", but must be at least 1s");
    }
    if (monitors < 1 || monitors > 64) {
      throw new IllegalArgumentException("--monitors is " + monitors + ", but must be between 1 and 64");
    }
    if (slotInterval == null || slotInterval.isNegative() || slotInterval.isZero()) {
      throw new IllegalArgumentException("--slot-interval is " + slotInterval + ", but must be positive");
    }
    if (drainTimeout == null || drainTimeout.isNegative() || drainTimeout.isZero()) {
      throw new IllegalArgumentException("--drain-timeout is " + drainTimeout + ", but must be positive");
    }
    kafkaDataDir = kafkaDataDir == null ? Optional.empty() : kafkaDataDir;
  }

  /** The defaults of {@code bin/geyser-pool bench}: 1,000 tx/s, 20 s warm-up, 30 s measured, 7 monitors. */
  public static LoadOptions defaults() {
    return new LoadOptions(1_000, Duration.ofSeconds(20), Duration.ofSeconds(30), 7, false, Duration.ofMillis(400),
        Duration.ofSeconds(60), Optional.empty());
  }

  /**
   * Events the simulator's generated log must hold so that nothing of the run is dropped from it:
   * each Pump.fun transaction brings up to one vote or other transaction and a handful of account
   * writes (at most 8 events in all), plus slots and blocks.
   */
  int generatedLogCapacity() {
    long seconds = warmup.toSeconds() + duration.toSeconds() + drainTimeout.toSeconds() + 30;
    long events = (long) rate * seconds * 8 + 100_000;
    return (int) Math.min(Integer.MAX_VALUE - 8, events);
  }
}
