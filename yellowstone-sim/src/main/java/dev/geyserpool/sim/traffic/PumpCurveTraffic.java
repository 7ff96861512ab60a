package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.sim.traffic.PumpTxFactory.Trade;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pump.fun bonding-curve traffic: launches (create_v2 with the creator's first buy), buys, sells
 * and failed buys against curves that start at 1 073 000 000 000 000 virtual tokens / 30 SOL.
 *
 * <p>Most curves die young: ordinary buys are 0.01–5 SOL (log-uniform) spread over every active
 * curve, far from the ~85 SOL that completes one. 10 % of launches, and at least every 8th
 * (about one in six overall), are <em>hot</em>: half of all buys go to the most advanced hot
 * curve at 1–8 SOL each, so it completes after roughly 25 such buys. The buy that empties the real token reserves is capped
 * at the remainder, emits CompleteEvent and hands the curve to {@link PumpSwapTraffic} for
 * migration; a completed curve takes no more trades.
 *
 * <p>Bounded: at most {@link #MAX_ACTIVE_CURVES} curves trade (the oldest is forgotten). Not
 * thread-safe: owned by one {@link PumpTrafficGenerator}.
 */
final class PumpCurveTraffic {
  static final int MAX_ACTIVE_CURVES = 64;
  static final int HOT_PER_MILLE = 100;
  static final int HOT_AT_LEAST_EVERY = 8;

  private final TrafficContext ctx;
  private final Consumer<Curve> onComplete;
  private final PumpTxFactory factory = new PumpTxFactory();
  private final ArrayDeque<Curve> curves = new ArrayDeque<>();
  private int launchesSinceHot;

  PumpCurveTraffic(TrafficContext ctx, Consumer<Curve> onComplete) {
    this.ctx = ctx;
    this.onComplete = onComplete;
  }

  int active() {
    return curves.size();
  }

  GeneratedTransaction create() {
    ByteString creator = ctx.wallet();
    Curve c = new Curve(ctx.key32(), creator);
    launchesSinceHot++;
    if (ctx.chance(HOT_PER_MILLE) || launchesSinceHot >= HOT_AT_LEAST_EVERY) {
      c.hot = true;
      launchesSinceHot = 0;
    }
    curves.addLast(c);
    while (curves.size() > MAX_ACTIVE_CURVES) {
      curves.pollFirst();
    }
    String name = ctx.name();
    String symbol = ctx.symbol();
    String uri = ctx.ipfsUri();
    Trade t = decideBuy(c, creator, false, ordinaryBudget());
    return settle(factory.createAndBuy(name, symbol, uri, t, ctx.ids(creator)), c);
  }

  /** A buy: half go to the most advanced hot curve (1–8 SOL), the rest 0.01–5 SOL anywhere. */
  GeneratedTransaction buy() {
    Curve hot = hottest();
    if (hot != null && ctx.chance(500)) {
      return buy(hot, ctx.logUniform(1_000_000_000L, 3));
    }
    Curve c = activeCurve();
    return c == null ? create() : buy(c, ordinaryBudget());
  }

  GeneratedTransaction buy(Curve c, long budgetLamports) {
    ByteString user = ctx.wallet();
    Trade t = decideBuy(c, user, false, budgetLamports);
    return settle(factory.trade(t, ctx.ids(user)), c);
  }

  /** A buy whose max_sol_cost is below the cost: fails with pump error 6002, changes nothing. */
  GeneratedTransaction failedBuy() {
    Curve c = activeCurve();
    if (c == null) {
      return create();
    }
    ByteString user = ctx.wallet();
    Trade t = decideBuy(c, user, true, ordinaryBudget());
    GeneratedTransaction tx = factory.failedBuy(t, ctx.ids(user));
    ctx.settle(tx);
    return tx;
  }

  /** A holder sells 10–100 % of its tokens; a buy when no one holds any. */
  GeneratedTransaction sell() {
    Curve c = activeCurve();
    if (c == null) {
      return create();
    }
    List<ByteString> holders = TrafficContext.holders(c.holdings);
    if (holders.isEmpty()) {
      return buy();
    }
    ByteString user = ctx.pick(holders);
    long held = c.holdings.get(user);
    long tokens = ctx.sellPart(held);
    long marketCap = c.marketCapLamports().longValueExact();
    long curveTokensBefore = c.curveTokenBalance();
    long out = c.sellProceeds(tokens);
    long fee = Curve.fee(out, PumpProgram.FEE_BASIS_POINTS);
    long creatorFee = Curve.fee(out, PumpProgram.CREATOR_FEE_BASIS_POINTS);
    long minOut = Math.max(0, (out - fee - creatorFee) * 95 / 100);
    c.applySell(tokens, out);
    c.holdings.put(user, held - tokens);
    Trade t = new Trade(c, user, false, tokens, out, fee, creatorFee, fee / 2, minOut, feeRecipient(),
        held, curveTokensBefore, marketCap, ctx.now());
    return settle(factory.trade(t, ctx.ids(user)), c);
  }

  private long ordinaryBudget() {
    return ctx.logUniform(10_000_000L, 9); // 0.01–5.12 SOL
  }

  private Trade decideBuy(Curve c, ByteString user, boolean failing, long budget) {
    long tokens = Math.max(1, c.tokensFor(budget));
    long cost = c.buyCost(tokens);
    long fee = Curve.fee(cost, PumpProgram.FEE_BASIS_POINTS);
    long creatorFee = Curve.fee(cost, PumpProgram.CREATOR_FEE_BASIS_POINTS);
    long marketCap = c.marketCapLamports().longValueExact();
    long held = c.holdings.getOrDefault(user, 0L);
    long curveTokensBefore = c.curveTokenBalance();
    long limit = failing ? cost * 90 / 100 : (cost + fee + creatorFee) * 105 / 100;
    if (!failing) {
      c.applyBuy(tokens, cost);
      c.holdings.put(user, held + tokens);
    }
    return new Trade(c, user, true, tokens, cost, fee, creatorFee, fee / 2, limit, feeRecipient(),
        held, curveTokensBefore, marketCap, ctx.now());
  }

  private GeneratedTransaction settle(GeneratedTransaction tx, Curve c) {
    ctx.settle(tx);
    if (c.complete && curves.remove(c)) {
      onComplete.accept(c); // graduated: no more bonding-curve trades, migration follows
    }
    return tx;
  }

  /** The hot curve closest to completion, or null. */
  private Curve hottest() {
    return curves.stream().filter(c -> c.hot)
        .min(Comparator.comparingLong(c -> c.realTokenReserves)).orElse(null);
  }

  /** A random trading curve, or null when none is trading (callers launch one instead). */
  private Curve activeCurve() {
    return curves.isEmpty() ? null : ctx.pick(curves);
  }

  private ByteString feeRecipient() {
    return ctx.pick(PumpProgram.FEE_RECIPIENTS);
  }
}
