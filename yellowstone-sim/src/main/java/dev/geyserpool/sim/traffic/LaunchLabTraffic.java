package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.sim.traffic.LaunchLabTxFactory.LaunchTrade;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Raydium LaunchLab (bonk.fun) traffic: pool launches ({@code initialize_v2}), buys and sells on
 * the constant-product curve, and the migration of pools whose fund-raising ended.
 *
 * <p>As on pump, most pools die young: ordinary buys are 0.01–2.56 SOL (log-uniform) over every
 * pool. 15 % of launches, and at least every 5th (about one in four overall), are <em>hot</em>:
 * half of all buys go to the most advanced hot pool at 1.25–10 SOL, so ~85 SOL is raised in roughly 20 such buys. The
 * buy that sells the last of {@code total_base_sell} sets status 1 (Migrate); 16–39 generator
 * calls later (2–5 slots at the default 20 calls/s) {@code migrate_to_cpswap} sets status 2.
 *
 * <p>Bounded: at most {@link #MAX_POOLS} pools trade (the oldest is forgotten) and at most
 * {@link PendingMigrations#MAX_PENDING} migrations wait. Not thread-safe: owned by one
 * {@link PumpTrafficGenerator}.
 */
final class LaunchLabTraffic {
  static final int MAX_POOLS = 64;
  static final int HOT_PER_MILLE = 150;
  static final int HOT_AT_LEAST_EVERY = 5;
  /** Seconds per epoch (432 000 slots of ~400 ms) and the epoch at 2026-09-11 (a real PoolState). */
  private static final long EPOCH_SECONDS = 172_800;
  private static final long EPOCH_OFFSET = 9_320;

  private final TrafficContext ctx;
  private final LaunchLabTxFactory factory = new LaunchLabTxFactory();
  private final ArrayDeque<LaunchPool> pools = new ArrayDeque<>();
  private final PendingMigrations<LaunchPool> pending;
  private int launchesSinceHot;

  LaunchLabTraffic(TrafficContext ctx) {
    this.ctx = ctx;
    this.pending = new PendingMigrations<>(ctx);
  }

  int activePools() {
    return pools.size();
  }

  /** The Solana epoch at {@code unixSeconds}, as PoolState.epoch carries it (approximate). */
  static long epochAt(long unixSeconds) {
    return unixSeconds / EPOCH_SECONDS - EPOCH_OFFSET;
  }

  GeneratedTransaction create() {
    ByteString creator = ctx.wallet();
    LaunchPool p = new LaunchPool(ctx.key32(), creator, ctx.name(), ctx.symbol(), ctx.ipfsUri());
    launchesSinceHot++;
    if (ctx.chance(HOT_PER_MILLE) || launchesSinceHot >= HOT_AT_LEAST_EVERY) {
      p.hot = true;
      launchesSinceHot = 0;
    }
    pools.addLast(p);
    while (pools.size() > MAX_POOLS) {
      pools.pollFirst();
    }
    GeneratedTransaction tx = factory.create(p, ctx.ids(creator), epochAt(ctx.now()));
    ctx.settle(tx);
    return tx;
  }

  /** A buy: half go to the most advanced hot pool (1.25–10 SOL), the rest 0.01–2.56 SOL anywhere. */
  GeneratedTransaction buy() {
    LaunchPool hot = pools.stream().filter(p -> p.hot)
        .max(Comparator.comparingLong(p -> p.realBase)).orElse(null);
    if (hot != null && ctx.chance(500)) {
      return buy(hot, ctx.logUniform(1_250_000_000L, 3));
    }
    if (pools.isEmpty()) {
      return create();
    }
    return buy(ctx.pick(pools), ctx.logUniform(10_000_000L, 8));
  }

  /** A buy_exact_in of {@code amountIn} lamports (capped at what is left to sell). */
  GeneratedTransaction buy(LaunchPool p, long amountIn) {
    ByteString user = ctx.wallet();
    LaunchPool.Swap s = p.buy(amountIn);
    long minOut = s.amountOut() * 95 / 100;
    long wsol = ctx.wrappedSol.getOrDefault(user, 0L);
    long wrap = Math.max(0, s.amountIn() - wsol);
    LaunchTrade t = new LaunchTrade(p, user, s, minOut, p.holdings.getOrDefault(user, 0L), wsol + wrap, wrap,
        p.realBase, p.realQuote, p.quoteVaultBalance, p.status, ctx.now(), epochAt(ctx.now()));
    p.apply(s);
    p.holdings.merge(user, s.amountOut(), Long::sum);
    ctx.wrappedSol.put(user, wsol + wrap - s.amountIn());
    return settle(factory.trade(t, ctx.ids(user)), p);
  }

  /** A holder sells 10–100 % of its tokens; a buy when no one holds any. */
  GeneratedTransaction sell() {
    if (pools.isEmpty()) {
      return create();
    }
    LaunchPool p = ctx.pick(pools);
    List<ByteString> holders = TrafficContext.holders(p.holdings);
    if (holders.isEmpty()) {
      return buy(p, ctx.logUniform(10_000_000L, 8));
    }
    ByteString user = ctx.pick(holders);
    long held = p.holdings.get(user);
    long baseIn = ctx.sellPart(held);
    LaunchPool.Swap s = p.sell(baseIn);
    long wsol = ctx.wrappedSol.getOrDefault(user, 0L);
    LaunchTrade t = new LaunchTrade(p, user, s, s.amountOut() * 95 / 100, held, wsol, 0, p.realBase,
        p.realQuote, p.quoteVaultBalance, p.status, ctx.now(), epochAt(ctx.now()));
    p.apply(s);
    p.holdings.put(user, held - baseIn);
    ctx.wrappedSol.put(user, wsol + s.amountOut());
    return settle(factory.trade(t, ctx.ids(user)), p);
  }

  /** The migrations due by now, in the order their pools finished raising. */
  List<GeneratedTransaction> dueMigrations() {
    List<GeneratedTransaction> out = new ArrayList<>(1);
    for (LaunchPool p : pending.takeDue()) {
      out.add(migrate(p));
    }
    return out;
  }

  /** migrate_to_cpswap of a pool in status Migrate, now. */
  GeneratedTransaction migrate(LaunchPool p) {
    if (p.status != LaunchLabProgram.STATUS_MIGRATE) {
      throw new IllegalStateException("pool " + SolanaData.b58(p.pool) + " has status " + p.status
          + ", but only status 1 (Migrate) migrates");
    }
    p.status = LaunchLabProgram.STATUS_TRADE;
    GeneratedTransaction tx = factory.migrate(p, ctx.ids(LaunchLabProgram.MIGRATE_TO_CPSWAP_WALLET),
        epochAt(ctx.now()));
    ctx.settle(tx);
    return tx;
  }

  private GeneratedTransaction settle(GeneratedTransaction tx, LaunchPool p) {
    ctx.settle(tx);
    if (p.status == LaunchLabProgram.STATUS_MIGRATE && pools.remove(p)) {
      pending.schedule(p);
    }
    return tx;
  }
}
