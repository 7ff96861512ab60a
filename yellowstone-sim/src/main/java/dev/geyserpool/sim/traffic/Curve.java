package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Pump.fun bonding curve's state and its constant-product math, in integer lamports and
 * token base units (never floating point), as pump computes it (facts §2.5):
 * buy {@code cost = floor(tokens·vsr / (vtr − tokens)) + 1}; sell
 * {@code out = floor(tokens·vsr / (vtr + tokens))}; fees {@code ceil(amount·bps / 10000)}.
 *
 * <p>Not thread-safe: owned by one {@link PumpCurveTraffic}.
 */
final class Curve {
  final ByteString mint;
  final ByteString bondingCurve;
  final ByteString associatedBondingCurve;
  final ByteString creator;
  final ByteString creatorVault;
  long virtualTokenReserves = PumpProgram.INITIAL_VIRTUAL_TOKEN_RESERVES;
  long virtualSolReserves = PumpProgram.INITIAL_VIRTUAL_SOL_RESERVES;
  long realTokenReserves = PumpProgram.INITIAL_REAL_TOKEN_RESERVES;
  long realSolReserves;
  boolean complete;
  /** Attracts large buys: most curves die young, hot ones graduate (see PumpCurveTraffic). */
  boolean hot;
  /** Tokens held per wallet, for sells and token balances. */
  final Map<ByteString, Long> holdings = new LinkedHashMap<>();

  Curve(ByteString mint, ByteString creator) {
    this.mint = mint;
    this.creator = creator;
    this.bondingCurve = PumpProgram.bondingCurve(mint);
    this.associatedBondingCurve = ProgramAddress.ata(bondingCurve, PumpProgram.TOKEN_2022, mint);
    this.creatorVault = PumpProgram.creatorVault(creator);
  }

  /** Tokens the curve holds in its token account (supply minus what wallets hold). */
  long curveTokenBalance() {
    return PumpProgram.TOKEN_TOTAL_SUPPLY - (PumpProgram.INITIAL_REAL_TOKEN_RESERVES - realTokenReserves);
  }

  /** Tokens {@code solIn} lamports buy, capped at the real reserves. */
  long tokensFor(long solIn) {
    long tokens = mulDiv(solIn, virtualTokenReserves, virtualSolReserves + solIn);
    return Math.min(tokens, realTokenReserves);
  }

  long buyCost(long tokens) {
    return mulDiv(tokens, virtualSolReserves, virtualTokenReserves - tokens) + 1;
  }

  long sellProceeds(long tokens) {
    return Math.min(mulDiv(tokens, virtualSolReserves, virtualTokenReserves + tokens), realSolReserves);
  }

  void applyBuy(long tokens, long cost) {
    virtualSolReserves += cost;
    virtualTokenReserves -= tokens;
    realSolReserves += cost;
    realTokenReserves -= tokens;
    complete = realTokenReserves == 0;
  }

  void applySell(long tokens, long out) {
    virtualSolReserves -= out;
    virtualTokenReserves += tokens;
    realSolReserves -= out;
    realTokenReserves += tokens;
  }

  /** Market cap in lamports at the current price: vsr × supply / vtr. */
  BigInteger marketCapLamports() {
    return BigInteger.valueOf(virtualSolReserves)
        .multiply(BigInteger.valueOf(PumpProgram.TOKEN_TOTAL_SUPPLY))
        .divide(BigInteger.valueOf(virtualTokenReserves));
  }

  PumpProgram.BondingCurve snapshot() {
    return new PumpProgram.BondingCurve(virtualTokenReserves, virtualSolReserves, realTokenReserves,
        realSolReserves, PumpProgram.TOKEN_TOTAL_SUPPLY, complete, creator, false, false);
  }

  /**
   * Migration empties the curve: every reserve becomes 0 ({@code virtual_token_reserves == 0}
   * is how pump's client recognises a migrated curve); {@code complete} stays true.
   */
  void migrate() {
    virtualTokenReserves = 0;
    virtualSolReserves = 0;
    realTokenReserves = 0;
    realSolReserves = 0;
  }

  static long fee(long amount, long bps) {
    return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(bps))
        .add(BigInteger.valueOf(9_999)).divide(BigInteger.valueOf(10_000)).longValueExact();
  }

  static BigInteger mul(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
  }

  /** ⌈n / d⌉ for non-negative n and positive d. */
  static long ceilDiv(BigInteger n, long d) {
    BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(d));
    return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
  }

  static long mulDiv(long a, long b, long c) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c))
        .longValueExact();
  }
}
