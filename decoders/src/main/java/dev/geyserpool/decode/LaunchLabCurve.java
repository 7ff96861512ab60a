package dev.geyserpool.decode;

import dev.geyserpool.decode.internal.Amounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Raydium LaunchLab constant-product curve math (curve_type 0, the one bonk.fun uses), as
 * raydium-sdk-V2 {@code constantProductCurve.ts} computes it and real TradeEvents confirm (fact
 * sheet §4.5). The pool's {@code real_base} counts tokens sold so far and {@code real_quote} the
 * quote collected, so the live reserves are {@code virtual_base − real_base} and
 * {@code virtual_quote + real_quote}. Fees come off the quote side, in millionths
 * ({@link #FEE_RATE_DENOMINATOR}).
 *
 * <p>Stateless and thread-safe. Products use {@link BigInteger}; no floating point.
 */
public final class LaunchLabCurve {
  /** Fee rates are in millionths of this. */
  public static final long FEE_RATE_DENOMINATOR = 1_000_000;
  /** Pool status: trading on the curve. */
  public static final int FUND = 0;
  /** Pool status: funding ended, waiting for migration. */
  public static final int MIGRATE = 1;
  /** Pool status: migrated to an AMM. */
  public static final int TRADE = 2;
  /** bonk.fun defaults (SDK {@code getInitParam}): base supply, raw 6-decimal units. */
  public static final long BONK_SUPPLY = 1_000_000_000_000_000L;
  /** bonk.fun defaults: tokens sold on the curve. */
  public static final long BONK_TOTAL_BASE_SELL = 793_100_000_000_000L;
  /** bonk.fun defaults: SOL raised before migration, 85 SOL. */
  public static final long BONK_TOTAL_QUOTE_FUND_RAISING = 85_000_000_000L;
  /** bonk.fun defaults: virtual base, exactly as in real TradeEvents. */
  public static final long BONK_VIRTUAL_BASE = 1_073_025_605_596_382L;
  /** bonk.fun defaults: virtual quote, exactly as in real TradeEvents. */
  public static final long BONK_VIRTUAL_QUOTE = 30_000_852_951L;
  /** bonk.fun base decimals. */
  public static final int BONK_BASE_DECIMALS = 6;
  /** bonk.fun quote decimals (SOL). */
  public static final int BONK_QUOTE_DECIMALS = 9;

  private static final String[] STATUS_NAMES = {"Fund", "Migrate", "Trade"};

  private LaunchLabCurve() {}

  /**
   * Quote per whole base token:
   * {@code (virtualQuote + realQuote) / (virtualBase − realBase) × 10^(baseDecimals − quoteDecimals)}.
   *
   * @throws IllegalArgumentException when no base is left on the curve
   */
  public static BigDecimal price(long virtualBase, long virtualQuote, long realBase, long realQuote,
      int baseDecimals, int quoteDecimals) {
    BigInteger base = big(virtualBase).subtract(big(realBase));
    if (base.signum() <= 0) {
      throw new IllegalArgumentException("virtualBase " + virtualBase + " − realBase " + realBase
          + " is not positive: no base left to price");
    }
    BigInteger quote = big(virtualQuote).add(big(realQuote));
    int shift = baseDecimals - quoteDecimals;
    return Amounts.ratio(quote.multiply(Amounts.pow10(Math.max(0, shift))),
        base.multiply(Amounts.pow10(Math.max(0, -shift))));
  }

  /** Base out for {@code netIn} quote (after fees): {@code floor(in × (vb − rb) / (vq + rq + in))}. */
  public static long buyExactIn(long netIn, long virtualBase, long virtualQuote, long realBase, long realQuote) {
    PumpCurve.nonNegative("netIn", netIn);
    return big(netIn).multiply(baseLeft(virtualBase, realBase))
        .divide(quoteHeld(virtualQuote, realQuote).add(big(netIn))).longValueExact();
  }

  /** Net quote in for exactly {@code amountOut} base: {@code ceil(out × (vq + rq) / (vb − rb − out))}. */
  public static long buyExactOut(long amountOut, long virtualBase, long virtualQuote, long realBase, long realQuote) {
    PumpCurve.nonNegative("amountOut", amountOut);
    BigInteger left = baseLeft(virtualBase, realBase).subtract(big(amountOut));
    if (left.signum() <= 0) {
      throw new IllegalArgumentException("amountOut " + amountOut + " is not below the base left on the curve");
    }
    return PumpCurve.ceilDiv(big(amountOut).multiply(quoteHeld(virtualQuote, realQuote)), left);
  }

  /** Quote out (before fees) for {@code amountIn} base: {@code floor(in × (vq + rq) / (vb − rb + in))}. */
  public static long sellExactIn(long amountIn, long virtualBase, long virtualQuote, long realBase, long realQuote) {
    PumpCurve.nonNegative("amountIn", amountIn);
    return big(amountIn).multiply(quoteHeld(virtualQuote, realQuote))
        .divide(baseLeft(virtualBase, realBase).add(big(amountIn))).longValueExact();
  }

  /** Base in for exactly {@code amountOut} quote (before fees): {@code ceil(out × (vb − rb) / (vq + rq − out))}. */
  public static long sellExactOut(long amountOut, long virtualBase, long virtualQuote, long realBase, long realQuote) {
    PumpCurve.nonNegative("amountOut", amountOut);
    BigInteger left = quoteHeld(virtualQuote, realQuote).subtract(big(amountOut));
    if (left.signum() <= 0) {
      throw new IllegalArgumentException("amountOut " + amountOut + " is not below the quote on the curve");
    }
    return PumpCurve.ceilDiv(big(amountOut).multiply(baseLeft(virtualBase, realBase)), left);
  }

  /** A fee rounded up: {@code ceil(amount × rate / 1 000 000)}. */
  public static long fee(long amount, long rate) {
    PumpCurve.nonNegative("amount", amount);
    PumpCurve.nonNegative("rate", rate);
    return PumpCurve.ceilDiv(big(amount).multiply(big(rate)), big(FEE_RATE_DENOMINATOR));
  }

  /** {@code realBase × 100 / totalBaseSell}, two decimals, clamped to 0..100. */
  public static BigDecimal progressPercent(long realBase, long totalBaseSell) {
    if (totalBaseSell <= 0) {
      throw new IllegalArgumentException("totalBaseSell is " + totalBaseSell + ", but must be positive");
    }
    return Amounts.percent(big(realBase), big(totalBaseSell));
  }

  /** {@code Fund}, {@code Migrate} or {@code Trade}; empty for an unknown status byte. */
  public static Optional<String> statusName(long status) {
    return status >= 0 && status < STATUS_NAMES.length ? Optional.of(STATUS_NAMES[(int) status]) : Optional.empty();
  }

  private static BigInteger baseLeft(long virtualBase, long realBase) {
    BigInteger left = big(virtualBase).subtract(big(realBase));
    if (left.signum() <= 0) {
      throw new IllegalArgumentException("virtualBase " + virtualBase + " − realBase " + realBase
          + " is not positive");
    }
    return left;
  }

  private static BigInteger quoteHeld(long virtualQuote, long realQuote) {
    return big(virtualQuote).add(big(realQuote));
  }

  private static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}
