package dev.geyserpool.monitors.pump;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;

/**
 * A buy or sell on a Pump.fun bonding curve, from its TradeEvent. Amounts are raw on-chain
 * integers: lamports, raw token units (6 decimals), raw quote units for non-SOL curves.
 *
 * @param side {@code buy} or {@code sell}
 * @param solAmount lamports paid or received before fees (0 on non-SOL curves)
 * @param quoteMint null for SOL curves
 * @param quoteAmount the quote-mint amount on non-SOL curves, else null
 * @param fee the protocol fee (lamports, or raw quote units on non-SOL curves); null for events
 *     older than fees in TradeEvent (2025-05)
 * @param creatorFee the coin creator's fee, same units; null likewise
 * @param instruction the pump instruction ({@code buy}, {@code sell}, {@code buy_exact_sol_in}, ...)
 *     when the event names it
 */
public record TradeExecuted(
    String mint,
    String bondingCurve,
    String user,
    String side,
    long solAmount,
    long tokenAmount,
    String quoteMint,
    Long quoteAmount,
    Long fee,
    Long creatorFee,
    String instruction,
    long slot,
    String signature) implements MonitorEvent {

  @Override
  public String type() {
    return "trade";
  }

  @Override
  public String key() {
    return mint;
  }

  @Override
  public String line() {
    String paid = quoteMint == null
        ? Chain.sol(solAmount).toPlainString() + " SOL"
        : quoteAmount + " raw " + Chain.brief(quoteMint);
    return side + " " + mint + " " + Chain.tokens(tokenAmount) + " tokens for " + paid + " by " + Chain.brief(user)
        + " (fee " + fee + ", creator fee " + creatorFee + " " + (quoteMint == null ? "lamports" : "raw") + ")";
  }
}
