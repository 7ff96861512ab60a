package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.sim.traffic.PumpSwapTxFactory.SwapTrade;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Graduated Pump.fun coins: migrates each completed curve a few slots after its completing buy
 * (16–39 generator calls later, 2–5 slots at the default 20 calls/s and 400 ms slots), then
 * trades on the resulting PumpSwap pools: buys of 0.05–3.2 SOL (log-uniform) and sells of
 * 10–100 % of a holder's tokens, 55 % / 45 %.
 *
 * <p>Bounded: at most {@link #MAX_POOLS} pools trade (the oldest is forgotten) and at most
 * {@link PendingMigrations#MAX_PENDING} migrations wait. Not thread-safe: owned by one
 * {@link PumpTrafficGenerator}.
 */
final class PumpSwapTraffic {
  static final int MAX_POOLS = 32;

  private final TrafficContext ctx;
  private final PumpSwapTxFactory factory = new PumpSwapTxFactory();
  private final PendingMigrations<Curve> pending;
  private final ArrayDeque<SwapPool> pools = new ArrayDeque<>();

  PumpSwapTraffic(TrafficContext ctx) {
    this.ctx = ctx;
    this.pending = new PendingMigrations<>(ctx);
  }

  /** Schedules the migration of a curve that just completed. */
  void completed(Curve c) {
    pending.schedule(c);
  }

  /** The migrations due by now, in completion order. */
  List<GeneratedTransaction> dueMigrations() {
    List<GeneratedTransaction> out = new ArrayList<>(1);
    for (Curve c : pending.takeDue()) {
      out.add(migrate(c));
    }
    return out;
  }

  /** Migrates a completed curve now. */
  GeneratedTransaction migrate(Curve c) {
    if (!c.complete) {
      throw new IllegalStateException("curve of " + SolanaData.b58(c.mint) + " is not complete (real token "
          + "reserves " + c.realTokenReserves + "): only completed curves migrate");
    }
    long realSol = c.realSolReserves;
    c.migrate();
    SwapPool pool = new SwapPool(c);
    GeneratedTransaction tx = factory.migrate(c, pool, realSol, ctx.ids(PumpProgram.MIGRATION_AUTHORITY), ctx.now());
    ctx.settle(tx);
    pools.addLast(pool);
    while (pools.size() > MAX_POOLS) {
      pools.pollFirst();
    }
    return tx;
  }

  int activePools() {
    return pools.size();
  }

  /** A buy or sell on a random pool; empty while no coin has migrated. */
  Optional<GeneratedTransaction> trade() {
    if (pools.isEmpty()) {
      return Optional.empty();
    }
    SwapPool p = ctx.pick(pools);
    List<ByteString> holders = TrafficContext.holders(p.holdings);
    if (holders.isEmpty() || ctx.chance(550)) {
      return Optional.of(buy(p, ctx.wallet()));
    }
    return Optional.of(sell(p, ctx.pick(holders)));
  }

  private GeneratedTransaction buy(SwapPool p, ByteString user) {
    long budget = ctx.logUniform(50_000_000L, 6);
    long base = p.baseFor(budget);
    long quote = p.buyQuote(base);
    long lp = Curve.fee(quote, PumpSwapProgram.LP_FEE_BASIS_POINTS);
    long protocol = Curve.fee(quote, PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS);
    long creator = Curve.fee(quote, PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS);
    long total = quote + lp + protocol + creator;
    long limit = total + total / 100; // 1 % slippage
    long wsol = ctx.wrappedSol.getOrDefault(user, 0L);
    long wrap = Math.max(0, limit - wsol);
    SwapTrade t = new SwapTrade(p, user, true, base, quote, lp, protocol, creator, limit, feeRecipient(),
        p.holdings.getOrDefault(user, 0L), wsol + wrap, wrap, p.baseReserves, p.quoteReserves, ctx.now());
    p.baseReserves -= base;
    p.quoteReserves += quote + lp;
    p.holdings.merge(user, base, Long::sum);
    ctx.wrappedSol.put(user, wsol + wrap - total);
    return settle(factory.trade(t, ctx.ids(user)));
  }

  private GeneratedTransaction sell(SwapPool p, ByteString user) {
    long held = p.holdings.get(user);
    long base = ctx.sellPart(held);
    long quote = p.sellQuote(base);
    long lp = Curve.fee(quote, PumpSwapProgram.LP_FEE_BASIS_POINTS);
    long protocol = Curve.fee(quote, PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS);
    long creator = Curve.fee(quote, PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS);
    long userOut = quote - lp - protocol - creator;
    long wsol = ctx.wrappedSol.getOrDefault(user, 0L);
    SwapTrade t = new SwapTrade(p, user, false, base, quote, lp, protocol, creator, userOut * 95 / 100,
        feeRecipient(), held, wsol, 0, p.baseReserves, p.quoteReserves, ctx.now());
    p.baseReserves += base;
    p.quoteReserves -= quote - lp;
    p.holdings.put(user, held - base);
    ctx.wrappedSol.put(user, wsol + userOut);
    return settle(factory.trade(t, ctx.ids(user)));
  }

  private GeneratedTransaction settle(GeneratedTransaction tx) {
    ctx.settle(tx);
    return tx;
  }

  private ByteString feeRecipient() {
    return ctx.pick(PumpSwapProgram.PROTOCOL_FEE_RECIPIENTS);
  }
}
