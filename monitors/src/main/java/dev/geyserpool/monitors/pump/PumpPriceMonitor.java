package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
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
 * (tokens 6, SOL 9; USDC and USD1 6): the decoder's derived values, exact decimals, no floating
 * point. A curve quoted in a mint of unknown decimals gets its reserves but no price.
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
      add(out, () -> {
        String quoteMint = Chain.quoteMint(f);
        long virtualQuote = quoteMint == null ? f.u64("virtual_sol_reserves") : f.u64("virtual_quote_reserves");
        String curve = e.parent() != null ? e.parent().account("bonding_curve") : null;
        return price(f.string("mint"), curve, "trade", quoteMint, e.derived(), virtualQuote,
            f.u64("virtual_token_reserves"), f.u64("real_token_reserves"), tx.slot(), tx.signature());
      });
    }
    return out;
  }

  @Override
  public List<MonitorEvent> events(DecodedAccount account) {
    if (account.program() != Program.PUMP || !account.type().equals("BondingCurve")
        || account.derived().bool("migrated", false)) {
      return List.of(); // a migrated curve (reserves emptied) no longer prices the coin
    }
    Fields f = account.fields();
    List<MonitorEvent> out = new ArrayList<>(1);
    add(out, () -> price(curves.mintOf(account.pubkey()), account.pubkey(), "curve", Chain.quoteMint(f),
        account.derived(), f.u64("virtual_quote_reserves"), f.u64("virtual_token_reserves"), f.u64("real_token_reserves"),
        account.slot(), account.txnSignature()));
    return out;
  }

  /**
   * The price event from the decoder's derived values (price and market cap in SOL, or in the quote
   * mint when it is a known one; progress), which it computes only from consistent reserves.
   */
  private static PriceUpdated price(String mint, String curve, String source, String quoteMint, Fields derived,
      long virtualQuote, long virtualTokens, long realTokens, long slot, String signature) {
    return new PriceUpdated(mint, curve, source, decimal(derived, "price_sol"), decimal(derived, "market_cap_sol"),
        quoteMint, decimal(derived, "price_quote"), decimal(derived, "market_cap_quote"),
        decimal(derived, "progress_pct"), virtualTokens, virtualQuote, realTokens, slot, signature);
  }

  private static BigDecimal decimal(Fields derived, String name) {
    return derived.has(name) ? derived.decimal(name) : null;
  }
}
