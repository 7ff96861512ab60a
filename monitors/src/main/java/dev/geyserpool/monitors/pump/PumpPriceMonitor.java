package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.PumpCurve;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.AccountFilter;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Pump.fun Price monitor: a coin's price after each trade (from the TradeEvent's post-trade
 * virtual reserves) and after each BondingCurve write, with market cap and progress to
 * graduation. Price = virtual quote reserves / virtual token reserves, scaled by the decimals
 * (tokens 6, SOL 9); exact decimals, no floating point.
 */
public final class PumpPriceMonitor extends ReferenceMonitor {
  public static final String ID = "pump-price";

  private final CurveDirectory curves = new CurveDirectory();

  public PumpPriceMonitor() {
    super(ID, MonitorGroup.HIGH);
  }

  @Override
  public String description() {
    return "Pump.fun prices, market caps and curve progress after every trade and curve write";
  }

  @Override
  public List<Filter> filters() {
    return List.of(
        TransactionFilter.named("trades").vote(false).failed(false).accountInclude(Program.PUMP.id()),
        AccountFilter.named("curves").owner(Program.PUMP.id()).memcmp(0, Chain.BONDING_CURVE_DISCRIMINATOR));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    curves.learn(tx);
    List<MonitorEvent> out = new ArrayList<>(1);
    for (DecodedEvent e : tx.events()) {
      if (!Chain.is(e, Program.PUMP, "TradeEvent")) {
        continue;
      }
      Fields f = e.fields();
      String quoteMint = Chain.quoteMint(f);
      long virtualQuote = quoteMint == null ? f.u64("virtual_sol_reserves") : f.u64("virtual_quote_reserves", 0);
      String curve = e.parent() != null ? e.parent().account("bonding_curve") : null;
      out.add(price(f.string("mint"), curve, "trade", quoteMint, virtualQuote, f.u64("virtual_token_reserves"),
          f.u64("real_token_reserves"), PumpCurve.TOKEN_TOTAL_SUPPLY, tx.slot(), tx.signature()));
    }
    return out;
  }

  @Override
  public List<MonitorEvent> events(DecodedAccount account) {
    if (account.program() != Program.PUMP || !account.type().equals("BondingCurve")) {
      return List.of();
    }
    Fields f = account.fields();
    long virtualTokens = f.u64("virtual_token_reserves");
    if (virtualTokens == 0) {
      return List.of(); // migrated: the curve no longer prices the coin
    }
    String quoteMint = Chain.quoteMint(f);
    return List.of(price(curves.mintOf(account.pubkey()), account.pubkey(), "curve", quoteMint,
        CurveFields.virtualQuote(f), virtualTokens, f.u64("real_token_reserves"),
        f.u64("token_total_supply", PumpCurve.TOKEN_TOTAL_SUPPLY), account.slot(), account.txnSignature()));
  }

  private static PriceUpdated price(String mint, String curve, String source, String quoteMint, long virtualQuote,
      long virtualTokens, long realTokens, long supply, long slot, String signature) {
    BigDecimal progress = PumpCurve.progressPercent(realTokens);
    if (quoteMint == null) {
      BigDecimal price = PumpCurve.priceSol(virtualQuote, virtualTokens);
      return new PriceUpdated(mint, curve, source, price, PumpCurve.marketCap(price, supply), null, null, null,
          progress, virtualTokens, virtualQuote, realTokens, slot, signature);
    }
    int decimals = Chain.quoteDecimals(quoteMint);
    BigDecimal price = decimals < 0 ? null : PumpCurve.price(virtualQuote, virtualTokens, decimals);
    return new PriceUpdated(mint, curve, source, null, null, quoteMint, price,
        price == null ? null : PumpCurve.marketCap(price, supply), progress, virtualTokens, virtualQuote, realTokens,
        slot, signature);
  }
}
