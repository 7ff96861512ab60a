package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PumpSwap pool of a graduated coin: its addresses, vault balances (the reserves the AMM
 * prices with) and constant-product math in integer units (facts §3, checked against real
 * events): buy {@code quote_in = ceil(base_out·Q / (B − base_out))}, sell
 * {@code quote_out = floor(base_in·Q / (B + base_in))}; lp, protocol and coin creator fees
 * {@code ceil(quote·bps / 10000)} on top of a buy's quote, out of a sell's.
 *
 * <p>Not thread-safe: owned by one {@link PumpSwapTraffic}.
 */
final class SwapPool {
  final ByteString mint;
  final ByteString pool;
  final int poolBump;
  final ByteString poolAuthority;
  final ByteString lpMint;
  final ByteString baseVault;
  final ByteString quoteVault;
  final ByteString coinCreator;
  final ByteString coinCreatorVaultAuthority;
  final ByteString coinCreatorVaultAta;
  long baseReserves;
  long quoteReserves;
  long lpSupply;
  /** Base tokens held per wallet (carried over from the bonding curve), for sells and balances. */
  final Map<ByteString, Long> holdings;

  SwapPool(Curve curve) {
    this.mint = curve.mint;
    ProgramAddress.Found canonical = PumpSwapProgram.canonicalPoolWithBump(mint);
    this.pool = canonical.address();
    this.poolBump = canonical.bump();
    this.poolAuthority = PumpProgram.poolAuthority(mint);
    this.lpMint = PumpSwapProgram.lpMint(pool);
    this.baseVault = ProgramAddress.ata(pool, PumpProgram.TOKEN_2022, mint);
    this.quoteVault = ProgramAddress.ata(pool, PumpProgram.SPL_TOKEN, PumpProgram.WSOL_MINT);
    this.coinCreator = curve.creator;
    this.coinCreatorVaultAuthority = PumpSwapProgram.coinCreatorVaultAuthority(coinCreator);
    this.coinCreatorVaultAta = ProgramAddress.ata(coinCreatorVaultAuthority, PumpProgram.SPL_TOKEN,
        PumpProgram.WSOL_MINT);
    this.holdings = new LinkedHashMap<>(curve.holdings);
  }

  /** Quote (before fees) a buy of {@code baseOut} costs. */
  long buyQuote(long baseOut) {
    return Curve.ceilDiv(Curve.mul(baseOut, quoteReserves), baseReserves - baseOut);
  }

  /** Base a buy of about {@code quoteBudget} all-in buys (fees included), at most half the pool. */
  long baseFor(long quoteBudget) {
    long bps = PumpSwapProgram.LP_FEE_BASIS_POINTS + PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS
        + PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS;
    long net = Curve.mulDiv(quoteBudget, 10_000, 10_000 + bps);
    long base = Curve.mulDiv(net, baseReserves, quoteReserves + net);
    return Math.max(1, Math.min(base, baseReserves / 2));
  }

  /** Quote (before fees) a sell of {@code baseIn} returns. */
  long sellQuote(long baseIn) {
    return Curve.mulDiv(baseIn, quoteReserves, baseReserves + baseIn);
  }

  /** Market cap in lamports at the pool price: Q × supply / B. */
  long marketCapLamports() {
    return Curve.mulDiv(quoteReserves, PumpProgram.TOKEN_TOTAL_SUPPLY, baseReserves);
  }

  PumpSwapProgram.Pool snapshot() {
    return new PumpSwapProgram.Pool(poolBump, 0, poolAuthority, mint, PumpProgram.WSOL_MINT, lpMint,
        baseVault, quoteVault, lpSupply, coinCreator, false, false);
  }
}
