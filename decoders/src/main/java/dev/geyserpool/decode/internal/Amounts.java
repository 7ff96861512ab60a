package dev.geyserpool.decode.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact decimal arithmetic for token amounts and prices. No floating point anywhere: raw integer
 * amounts become {@link BigDecimal}s by moving the decimal point, ratios are divided once to
 * {@link #PRICE_DIGITS} significant digits with {@link RoundingMode#HALF_EVEN} (prices of young
 * coins are around 3e-8 SOL, so a fixed number of places would keep too few digits), and every result has its
 * trailing zeros stripped (never to a negative scale, so {@code 100} stays {@code 100}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Amounts {
  /** Significant digits of prices and other ratios. */
  public static final int PRICE_DIGITS = 20;
  private static final java.math.MathContext PRICE = new java.math.MathContext(PRICE_DIGITS, RoundingMode.HALF_EVEN);

  private Amounts() {}

  /** {@code raw / 10^decimals}, exactly. */
  public static BigDecimal ui(long raw, int decimals) {
    return clean(BigDecimal.valueOf(raw, decimals));
  }

  /** {@code raw / 10^decimals}, exactly. */
  public static BigDecimal ui(BigInteger raw, int decimals) {
    return clean(new BigDecimal(raw, decimals));
  }

  /** {@code numerator / denominator} to {@link #PRICE_DIGITS} significant digits, HALF_EVEN. */
  public static BigDecimal ratio(BigInteger numerator, BigInteger denominator) {
    return clean(new BigDecimal(numerator).divide(new BigDecimal(denominator), PRICE));
  }

  /** {@code 10^n} as a BigInteger. */
  public static BigInteger pow10(int n) {
    return BigInteger.TEN.pow(n);
  }

  /** Trailing zeros stripped, but never to a negative scale. */
  public static BigDecimal clean(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /**
   * {@code part × 100 / whole} as a percentage with two decimals (HALF_EVEN), clamped to 0..100.
   */
  public static BigDecimal percent(BigInteger part, BigInteger whole) {
    BigDecimal pct = new BigDecimal(part.multiply(BigInteger.valueOf(100)))
        .divide(new BigDecimal(whole), 2, RoundingMode.HALF_EVEN);
    if (pct.signum() < 0) {
      pct = BigDecimal.ZERO;
    } else if (pct.compareTo(HUNDRED) > 0) {
      pct = HUNDRED;
    }
    return pct.setScale(2, RoundingMode.UNNECESSARY);
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
}
