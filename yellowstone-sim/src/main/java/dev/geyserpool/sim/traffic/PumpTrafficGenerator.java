package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Generates launchpad traffic, random but deterministic from a seed, as plain
 * {@link GeneratedTransaction}s that the simulator places in slots. Each {@link #next()} call
 * returns the migrations that fell due, one primary transaction and sometimes background ones:
 *
 * <ul>
 *   <li>65 % Pump.fun bonding curves ({@link PumpCurveTraffic}): 10 % launches (create_v2 with the
 *       creator's first buy), 54 % buys (4 % of them failing on slippage), 36 % sells;
 *   <li>15 % PumpSwap ({@link PumpSwapTraffic}): buys and sells on graduated coins' pools (a pump
 *       buy while no coin has graduated yet);
 *   <li>20 % Raydium LaunchLab ({@link LaunchLabTraffic}): 12 % launches, 58 % buys, 30 % sells;
 *   <li>after the primary, 25 % of calls add a vote and 10 % a non-launchpad v0 transaction.
 * </ul>
 *
 * <p>Graduations happen at a visible pace while most launches die young: about one pump launch
 * in six and one LaunchLab launch in four is hot and draws half of all buys at 1–10 SOL. With the default seed (42) and rate (20
 * calls/s, 400 ms slots) the first pump curve completes at call 175 (≈9 s), migrates at call 196
 * (≈10 s), and the first LaunchLab pool reaches status Migrate at call 277 (≈14 s) and Trade at
 * call 297 (≈15 s); seeds 1–9 all show both migrations within 750 calls (≈37 s). Over 3000 calls
 * about 10 % of pump launches graduate.
 *
 * <p>Bounded state: 256 trader wallets, 16 validators, at most {@link #MAX_ACTIVE_CURVES} curves,
 * {@link PumpSwapTraffic#MAX_POOLS} PumpSwap pools and {@link LaunchLabTraffic#MAX_POOLS}
 * LaunchLab pools trading. Not thread-safe: one owner (the simulator's clock thread under its
 * generator lock, or a test) calls it.
 */
public final class PumpTrafficGenerator {
  public static final int MAX_ACTIVE_CURVES = PumpCurveTraffic.MAX_ACTIVE_CURVES;

  private final TrafficContext ctx;
  private final PumpSwapTraffic pumpSwap;
  private final PumpCurveTraffic curves;
  private final LaunchLabTraffic launchLab;
  private long voteSlot = 350_000_000L;

  /**
   * @param seed the seed of every random choice
   * @param unixSeconds event timestamps (wall clock seconds)
   */
  public PumpTrafficGenerator(long seed, LongSupplier unixSeconds) {
    this.ctx = new TrafficContext(seed, unixSeconds);
    this.pumpSwap = new PumpSwapTraffic(ctx);
    this.curves = new PumpCurveTraffic(ctx, pumpSwap::completed);
    this.launchLab = new LaunchLabTraffic(ctx);
  }

  /** The migrations due now, the next launchpad transaction, and sometimes a vote or other. */
  public List<GeneratedTransaction> next() {
    ctx.calls++;
    List<GeneratedTransaction> out = new ArrayList<>(3);
    out.addAll(pumpSwap.dueMigrations());
    out.addAll(launchLab.dueMigrations());
    int p = ctx.random.nextInt(1000);
    if (curves.active() == 0 || p < 65) {
      out.add(curves.create());
    } else if (p < 650) {
      out.add(p < 416 ? (ctx.chance(40) ? curves.failedBuy() : curves.buy()) : curves.sell());
    } else if (p < 800) {
      out.add(pumpSwap.trade().orElseGet(curves::buy));
    } else if (p < 824) {
      out.add(launchLab.create());
    } else if (p < 940) {
      out.add(launchLab.buy());
    } else {
      out.add(launchLab.sell());
    }
    int extra = ctx.random.nextInt(1000);
    if (extra < 250) {
      out.add(vote());
    } else if (extra < 350) {
      out.add(other());
    }
    return out;
  }

  /** Launches a Pump.fun token: create_v2 + ATA + the creator's first buy, in one transaction. */
  public GeneratedTransaction create() {
    return curves.create();
  }

  /** A Pump.fun buy (a hot curve's large buy half the time while one trades). */
  public GeneratedTransaction buy() {
    return curves.buy();
  }

  /** A Pump.fun buy whose max_sol_cost is below the cost: fails with error 6002, changes nothing. */
  public GeneratedTransaction failedBuy() {
    return curves.failedBuy();
  }

  /** A Pump.fun holder sells 10–100 % of its tokens; a buy when no one holds any. */
  public GeneratedTransaction sell() {
    return curves.sell();
  }

  /** A PumpSwap buy or sell on a graduated coin's pool; empty while none has migrated. */
  public Optional<GeneratedTransaction> pumpSwapTrade() {
    return pumpSwap.trade();
  }

  /** Launches a Raydium LaunchLab pool (initialize_v2). */
  public GeneratedTransaction launchLabCreate() {
    return launchLab.create();
  }

  /** A Raydium LaunchLab buy_exact_in. */
  public GeneratedTransaction launchLabBuy() {
    return launchLab.buy();
  }

  /** A Raydium LaunchLab sell_exact_in; a buy when no one holds tokens of the chosen pool. */
  public GeneratedTransaction launchLabSell() {
    return launchLab.sell();
  }

  public GeneratedTransaction vote() {
    int v = ctx.random.nextInt(TrafficContext.VALIDATORS);
    ByteString identity = ctx.validators.get(v);
    ByteString voteAccount = SolanaData.derive("vote-account", identity);
    GeneratedTransaction tx = OtherTraffic.vote(identity, voteAccount, voteSlot++,
        ctx.lamports.get(identity), ctx.signature(), ctx.key32());
    ctx.settle(tx);
    return tx;
  }

  public GeneratedTransaction other() {
    ByteString payer = ctx.wallet();
    ByteString recipient = ctx.wallet();
    GeneratedTransaction tx = OtherTraffic.lookupTableTransfer(payer, recipient, ctx.lamports.get(payer),
        1_000_000L + ctx.random.nextLong(100_000_000L), ctx.signature(), ctx.key32());
    ctx.settle(tx);
    return tx;
  }

  /** Pump.fun curves currently trading (for tests and diagnostics). */
  public int activeCurves() {
    return curves.active();
  }

  /** PumpSwap pools of graduated coins currently trading. */
  public int activeSwapPools() {
    return pumpSwap.activePools();
  }

  /** LaunchLab pools currently trading (status Fund). */
  public int activeLaunchLabPools() {
    return launchLab.activePools();
  }

  /** Package-private hooks for tests that drive one program directly. */
  PumpCurveTraffic curveTraffic() {
    return curves;
  }

  PumpSwapTraffic pumpSwapTraffic() {
    return pumpSwap;
  }

  LaunchLabTraffic launchLabTraffic() {
    return launchLab;
  }
}
