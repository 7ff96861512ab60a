package dev.geyserpool.monitors.pump;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;
import java.math.BigDecimal;

/**
 * A Pump.fun coin's price on its bonding curve after a trade or a curve account write. SOL
 * curves carry {@code priceSol} and {@code marketCapSol}; curves quoted in another mint (USDC,
 * USD1) carry {@code quoteMint}, {@code priceQuote} and {@code marketCapQuote} instead.
 *
 * @param mint the coin, or null for a curve write whose coin the monitor has not seen trade yet
 * @param source {@code trade} (from the TradeEvent's post-trade reserves) or {@code curve} (from
 *     the BondingCurve account)
 * @param priceSol SOL per whole token
 * @param marketCapSol price × total supply, in SOL
 * @param progressPct how much of the curve's sellable tokens are sold (100 = graduates)
 * @param virtualTokenReserves raw token units
 * @param virtualQuoteReserves lamports, or raw quote units for non-SOL curves
 */
public record PriceUpdated(
    String mint,
    String bondingCurve,
    String source,
    BigDecimal priceSol,
    BigDecimal marketCapSol,
    String quoteMint,
    BigDecimal priceQuote,
    BigDecimal marketCapQuote,
    BigDecimal progressPct,
    long virtualTokenReserves,
    long virtualQuoteReserves,
    long realTokenReserves,
    long slot,
    String signature) implements MonitorEvent {

  @Override
  public String type() {
    return "price";
  }

  @Override
  public String key() {
    return mint != null ? mint : bondingCurve;
  }

  @Override
  public String line() {
    String price = priceSol != null
        ? Chain.show(priceSol, 6) + " SOL, mcap " + Chain.show(marketCapSol, 6) + " SOL"
        : Chain.show(priceQuote, 6) + " " + Chain.brief(quoteMint) + ", mcap " + Chain.show(marketCapQuote, 6);
    return "price " + (mint != null ? mint : "curve " + bondingCurve) + " " + price + ", progress "
        + Chain.show(progressPct, 4) + "% (" + source + ")";
  }
}
