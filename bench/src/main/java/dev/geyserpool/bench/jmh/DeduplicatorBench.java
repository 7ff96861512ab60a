package dev.geyserpool.bench.jmh;

import dev.geyserpool.gateway.publish.Deduplicator;
import dev.geyserpool.proto.Base58;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link Deduplicator#firstTime} at steady state with the gateway's default memory (300 slots):
 *
 * <ul>
 *   <li>{@link #firstTime}: live traffic; {@code perSlot} new transaction identities per slot,
 *       slots rolling forward, so the oldest slot is evicted as each new one opens and the
 *       deduplicator holds 300 × perSlot identities;
 *   <li>{@link #replayedOverlap}: a resumed stream replaying the remembered slots: every call
 *       hits an identity already recorded and returns false.
 * </ul>
 *
 * <p>Identities are real-shaped ({@code tx:} + base58 of a 64-byte signature, 91 characters),
 * built once, so the benchmark measures the deduplicator, not the encoding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeduplicatorBench {
  /** The monitors one update matched (a stream's typical few). */
  private static final java.util.List<String> MONITORS = java.util.List.of("pump-price", "pump-transactions");

  static final int SLOTS_REMEMBERED = 300;
  static final int IDENTITIES = 1 << 16;
  static final long FIRST_SLOT = 350_000_000L;
  static final long CONTENT = 42L;

  /** Updates per slot on one stream (mainnet carries ~1,000–4,000 transactions per 400 ms slot). */
  @Param({"256"})
  int perSlot;

  private String[] identities;
  private Deduplicator live;
  private long liveCount;
  private long liveWrong;
  private Deduplicator replay;
  private long replayCount;
  private long replayWrong;

  @Setup(Level.Trial)
  public void identities() {
    SplittableRandom random = new SplittableRandom(7);
    identities = new String[IDENTITIES];
    byte[] signature = new byte[64];
    for (int i = 0; i < IDENTITIES; i++) {
      random.nextBytes(signature);
      identities[i] = "tx:" + Base58.encode(signature);
    }
  }

  @Setup(Level.Iteration)
  public void fill() {
    // Live: start at steady state, every remembered slot full.
    live = new Deduplicator(SLOTS_REMEMBERED);
    liveCount = 0;
    for (int i = 0; i < SLOTS_REMEMBERED * perSlot; i++) {
      nextLive();
    }
    liveWrong = 0;
    // Replay: the remembered slots, each holding its identities.
    replay = new Deduplicator(SLOTS_REMEMBERED);
    for (long n = 0; n < (long) SLOTS_REMEMBERED * perSlot; n++) {
      replay.markPublished(FIRST_SLOT + n / perSlot, identities[(int) (n & (IDENTITIES - 1))], MONITORS, CONTENT, 0, 0);
    }
    replayCount = 0;
    replayWrong = 0;
  }

  private boolean nextLive() {
    long n = liveCount++;
    // An identity comes back after 65,536 calls, by then in a newer slot: new there, as on chain.
    long slot = FIRST_SLOT + n / perSlot;
    String identity = identities[(int) (n & (IDENTITIES - 1))];
    Deduplicator.Claim claim = live.claim(slot, identity, MONITORS, CONTENT);
    if (claim.publication() == null) {
      return false;
    }
    live.resolve(claim.publication(), slot, identity, true, 0, 0);
    return true;
  }

  @Benchmark
  public boolean firstTime() {
    boolean first = nextLive();
    if (!first) {
      liveWrong++;
    }
    return first;
  }

  @Benchmark
  public boolean replayedOverlap() {
    long n = replayCount++ % ((long) SLOTS_REMEMBERED * perSlot);
    boolean first = !replay.claim(FIRST_SLOT + n / perSlot, identities[(int) (n & (IDENTITIES - 1))], MONITORS, CONTENT)
        .duplicate();
    if (first) {
      replayWrong++;
    }
    return first;
  }

  @TearDown(Level.Iteration)
  public void check() {
    if (liveWrong > 0 || replayWrong > 0) {
      throw new IllegalStateException("wrong path measured: " + liveWrong + " live identities seen as duplicates, "
          + replayWrong + " replayed identities seen as new");
    }
  }
}
