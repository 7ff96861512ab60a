package dev.geyserpool.monitors.pump;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;
import java.math.BigDecimal;
import java.util.List;

/**
 * A Pump.fun BondingCurve account whose state changed: reserves, the complete flag or the
 * creator.
 *
 * @param mint the coin, or null when the monitor did not see the coin launch (curve accounts do
 *     not name their mint; the curve is a PDA of it)
 * @param changed the fields that differ from the curve's previous write the monitor saw, or
 *     {@code [first_seen]}
 */
public record CurveStateChanged(
    String mint,
    String bondingCurve,
    long virtualTokenReserves,
    long virtualQuoteReserves,
    long realTokenReserves,
    long realQuoteReserves,
    long tokenTotalSupply,
    boolean complete,
    String creator,
    String quoteMint,
    BigDecimal progressPct,
    List<String> changed,
    long slot,
    String signature) implements MonitorEvent {

  public CurveStateChanged {
    changed = List.copyOf(changed);
  }

  @Override
  public String type() {
    return "curve_state";
  }

  @Override
  public String key() {
    return mint != null ? mint : bondingCurve;
  }

  @Override
  public String line() {
    return "curve " + Chain.brief(bondingCurve) + (mint != null ? " of " + mint : "") + " " + changed
        + ": " + Chain.tokens(realTokenReserves) + " tokens left, " + (quoteMint == null
            ? Chain.sol(realQuoteReserves).toPlainString() + " SOL" : realQuoteReserves + " raw quote")
        + " held, progress "
        + Chain.show(progressPct, 4) + "%" + (complete ? ", COMPLETE" : "");
  }
}
