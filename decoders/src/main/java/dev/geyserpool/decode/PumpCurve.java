package dev.geyserpool.decode;

import dev.geyserpool.decode.internal.Amounts;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Pump.fun bonding-curve math, exactly as the program computes it (fact sheet §2.5, each formula
 * reproduced from real events): constant-product buys and sells over the virtual reserves,
 * ceiling fees in basis points, and the human values (price, market cap, progress) monitors
 * show. Integer results use {@link BigInteger} for the products (they overflow {@code long});
 * human values are {@link BigDecimal} to {@link Amounts#PRICE_DIGITS} significant digits, HALF_EVEN, trailing
 * zeros stripped. No floating point.
 *
 * <p>Stateless and thread-safe. Arguments that make no sense on a curve (negative amounts, a
 * buy of every virtual token) throw {@link IllegalArgumentException} naming the argument.
 */
public final class PumpCurve {
  /** Pump tokens have 6 decimals. */
  public static final int TOKEN_DECIMALS = 6;
  /** Lamports per SOL: 9 decimals. */
  public static final int SOL_DECIMALS = 9;
  /** Every coin's supply: 1 000 000 000 tokens, raw. */
  public static final long TOKEN_TOTAL_SUPPLY = 1_000_000_000_000_000L;
  /** Virtual token reserves of a new curve (Global and every CreateEvent seen). */
  public static final long INITIAL_VIRTUAL_TOKEN_RESERVES = 1_073_000_000_000_000L;
  /** Virtual SOL reserves of a new curve: 30 SOL. */
  public static final long INITIAL_VIRTUAL_SOL_RESERVES = 30_000_000_000L;
  /** Tokens a new curve can sell before it completes. */
  public static final long INITIAL_REAL_TOKEN_RESERVES = 793_100_000_000_000L;
  /** Virtual token reserves when the curve completes (real token reserves reach 0). */
  public static final long GRADUATION_VIRTUAL_TOKEN_RESERVES =
      INITIAL_VIRTUAL_TOKEN_RESERVES - INITIAL_REAL_TOKEN_RESERVES;
  /** Tokens a migration seeds the PumpSwap pool with (supply − initial real tokens). */
  public static final long MIGRATION_MINT_AMOUNT = TOKEN_TOTAL_SUPPLY - INITIAL_REAL_TOKEN_RESERVES;
  /** Fee rates are in basis points of this. */
  public static final long BASIS_POINTS = 10_000;

  private PumpCurve() {}

  /** SOL per whole token: {@code (vsr / 1e9) / (vtr / 1e6)}. */
  public static BigDecimal priceSol(long virtualSolReserves, long virtualTokenReserves) {
    return price(virtualSolReserves, virtualTokenReserves, SOL_DECIMALS);
  }

  /**
   * Quote per whole token: {@code (virtualQuote / 10^quoteDecimals) / (virtualToken / 1e6)}; for
   * non-SOL curves (USDC: 6 decimals) pass the quote mint's decimals.
   *
   * @throws IllegalArgumentException when {@code virtualToken} is not positive (a migrated curve
   *     has no price) or {@code virtualQuote} is negative
   */
  public static BigDecimal price(long virtualQuote, long virtualToken, int quoteDecimals) {
    nonNegative("virtualQuote", virtualQuote);
    if (virtualToken <= 0) {
      throw new IllegalArgumentException("virtualToken is " + virtualToken
          + ", but must be positive (a migrated curve has no price)");
    }
    return Amounts.ratio(big(virtualQuote).multiply(Amounts.pow10(TOKEN_DECIMALS)),
        big(virtualToken).multiply(Amounts.pow10(quoteDecimals)));
  }

  /** {@code price × tokenTotalSupply / 1e6}: the supply is raw (6-decimal) units. */
  public static BigDecimal marketCap(BigDecimal price, long tokenTotalSupply) {
    nonNegative("tokenTotalSupply", tokenTotalSupply);
    return Amounts.clean(price.multiply(BigDecimal.valueOf(tokenTotalSupply, TOKEN_DECIMALS)));
  }

  /**
   * The common UI progress: {@code 100 − realTokenReserves × 100 / 793 100 000 000 000}, two
   * decimals, clamped to 0..100.
   */
  public static BigDecimal progressPercent(long realTokenReserves) {
    nonNegative("realTokenReserves", realTokenReserves);
    return Amounts.percent(big(INITIAL_REAL_TOKEN_RESERVES).subtract(big(realTokenReserves)),
        big(INITIAL_REAL_TOKEN_RESERVES));
  }

  /**
   * Lamports a buy of exactly {@code tokens} costs before fees:
   * {@code floor(tokens × vsr / (vtr − tokens)) + 1}.
   */
  public static long buyCost(long tokens, long virtualSolReserves, long virtualTokenReserves) {
    nonNegative("tokens", tokens);
    nonNegative("virtualSolReserves", virtualSolReserves);
    if (tokens >= virtualTokenReserves) {
      throw new IllegalArgumentException("tokens is " + tokens
          + ", but must be below virtualTokenReserves " + virtualTokenReserves);
    }
    return big(tokens).multiply(big(virtualSolReserves))
        .divide(big(virtualTokenReserves - tokens)).longValueExact() + 1;
  }

  /**
   * Tokens {@code buy_exact_sol_in} gives for {@code netSol} lamports after fees:
   * {@code floor((net − 1) × vtr / (vsr + net − 1))}; 0 when {@code netSol} is 0 or 1.
   */
  public static long tokensForExactSolIn(long netSol, long virtualSolReserves, long virtualTokenReserves) {
    nonNegative("netSol", netSol);
    nonNegative("virtualSolReserves", virtualSolReserves);
    nonNegative("virtualTokenReserves", virtualTokenReserves);
    if (netSol <= 1) {
      return 0;
    }
    BigInteger in = big(netSol - 1);
    return in.multiply(big(virtualTokenReserves)).divide(big(virtualSolReserves).add(in)).longValueExact();
  }

  /**
   * The net lamports {@code buy_exact_sol_in} spends on the curve out of {@code spendableSolIn}:
   * {@code floor(spendable × 10000 / (10000 + totalFeeBasisPoints))} (the fees come on top).
   */
  public static long netSolIn(long spendableSolIn, long totalFeeBasisPoints) {
    nonNegative("spendableSolIn", spendableSolIn);
    nonNegative("totalFeeBasisPoints", totalFeeBasisPoints);
    return big(spendableSolIn).multiply(big(BASIS_POINTS))
        .divide(big(BASIS_POINTS + totalFeeBasisPoints)).longValueExact();
  }

  /** Lamports a sell of {@code tokens} returns before fees: {@code floor(tokens × vsr / (vtr + tokens))}. */
  public static long sellProceeds(long tokens, long virtualSolReserves, long virtualTokenReserves) {
    nonNegative("tokens", tokens);
    nonNegative("virtualSolReserves", virtualSolReserves);
    nonNegative("virtualTokenReserves", virtualTokenReserves);
    if (tokens == 0) {
      return 0;
    }
    return big(tokens).multiply(big(virtualSolReserves))
        .divide(big(virtualTokenReserves).add(big(tokens))).longValueExact();
  }

  /** A fee in basis points, rounded up: {@code ceil(amount × bps / 10000)} (docs/bondingCurve.ts). */
  public static long fee(long amount, long basisPoints) {
    nonNegative("amount", amount);
    nonNegative("basisPoints", basisPoints);
    return ceilDiv(big(amount).multiply(big(basisPoints)), big(BASIS_POINTS));
  }

  static long ceilDiv(BigInteger numerator, BigInteger denominator) {
    BigInteger[] qr = numerator.divideAndRemainder(denominator);
    return (qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0]).longValueExact();
  }

  static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is " + value + ", but must not be negative");
    }
  }

  private static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}
