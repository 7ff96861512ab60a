package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.LaunchLabProgram.CREATOR_FEE_RATE;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.FEE_RATE_DENOMINATOR;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.PLATFORM_FEE_RATE;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.PROTOCOL_FEE_RATE;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.TOTAL_BASE_SELL;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.VIRTUAL_BASE;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.VIRTUAL_QUOTE;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Raydium LaunchLab pool on the bonk.fun constant-product curve, in integer units (facts
 * §4.5, reproduced from a real TradeEvent): each fee is {@code ceil(amount·rate / 1e6)}; a buy
 * of {@code amount_in} quote nets {@code amount_in − fees} and receives
 * {@code floor(net·(VB − real_base) / (VQ + real_quote + net))} base, capped at what is left of
 * {@code total_base_sell} (then the input is the least that buys the remainder); a sell of
 * {@code in} base returns {@code floor(in·(VQ + real_quote) / (VB − real_base + in))} quote, fees
 * taken from it. The buy that sells the last base token ends fund-raising: status 1 (Migrate).
 *
 * <p>Not thread-safe: owned by one {@link LaunchLabTraffic}.
 */
final class LaunchPool {
  /** The amounts of one trade. */
  record Swap(
      boolean buy, long amountIn, long amountOut, long protocolFee, long platformFee,
      long creatorFee) {}

  final ByteString baseMint;
  final ByteString pool;
  final ByteString baseVault;
  final ByteString quoteVault;
  final ByteString creator;
  final ByteString creatorFeeVault;
  final String name;
  final String symbol;
  final String uri;
  long realBase;
  long realQuote;
  long quoteProtocolFee;
  long platformFee;
  /** Lamports the quote vault holds beyond its rent (wSOL amount). */
  long quoteVaultBalance;
  int status = LaunchLabProgram.STATUS_FUND;
  boolean hot;
  /** Base tokens held per wallet, for sells and token balances. */
  final Map<ByteString, Long> holdings = new LinkedHashMap<>();

  LaunchPool(ByteString baseMint, ByteString creator, String name, String symbol, String uri) {
    this.baseMint = baseMint;
    this.creator = creator;
    this.name = name;
    this.symbol = symbol;
    this.uri = uri;
    this.pool = LaunchLabProgram.poolState(baseMint, PumpProgram.WSOL_MINT);
    this.baseVault = LaunchLabProgram.vault(pool, baseMint);
    this.quoteVault = LaunchLabProgram.vault(pool, PumpProgram.WSOL_MINT);
    this.creatorFeeVault = LaunchLabProgram.creatorFeeVault(creator, PumpProgram.WSOL_MINT);
  }

  static long fee(long amount, long rate) {
    return Curve.ceilDiv(Curve.mul(amount, rate), FEE_RATE_DENOMINATOR);
  }

  static long fees(long amount) {
    return fee(amount, PROTOCOL_FEE_RATE) + fee(amount, PLATFORM_FEE_RATE) + fee(amount, CREATOR_FEE_RATE);
  }

  long remainingBase() {
    return TOTAL_BASE_SELL - realBase;
  }

  /** A buy_exact_in of {@code amountIn} quote, capped at the remaining base (not applied). */
  Swap buy(long amountIn) {
    long net = amountIn - fees(amountIn);
    long out = Curve.mulDiv(net, VIRTUAL_BASE - realBase, VIRTUAL_QUOTE + realQuote + net);
    if (out >= remainingBase()) {
      // Client-side cap as the SDK's buyExactIn: pay the least input that buys the remainder.
      long remaining = remainingBase();
      long needNet = Curve.ceilDiv(Curve.mul(remaining, VIRTUAL_QUOTE + realQuote),
          VIRTUAL_BASE - realBase - remaining);
      amountIn = Curve.ceilDiv(Curve.mul(needNet, FEE_RATE_DENOMINATOR),
          FEE_RATE_DENOMINATOR - PROTOCOL_FEE_RATE - PLATFORM_FEE_RATE - CREATOR_FEE_RATE);
      while (amountIn - fees(amountIn) < needNet) {
        amountIn++;
      }
      out = remaining;
    }
    return new Swap(true, amountIn, out, fee(amountIn, PROTOCOL_FEE_RATE),
        fee(amountIn, PLATFORM_FEE_RATE), fee(amountIn, CREATOR_FEE_RATE));
  }

  /** A sell_exact_in of {@code baseIn} (not applied); amountOut is after fees. */
  Swap sell(long baseIn) {
    long gross = Math.min(realQuote,
        Curve.mulDiv(baseIn, VIRTUAL_QUOTE + realQuote, VIRTUAL_BASE - realBase + baseIn));
    long protocol = fee(gross, PROTOCOL_FEE_RATE);
    long platform = fee(gross, PLATFORM_FEE_RATE);
    long creatorFee = fee(gross, CREATOR_FEE_RATE);
    return new Swap(false, baseIn, Math.max(0, gross - protocol - platform - creatorFee), protocol,
        platform, creatorFee);
  }

  /** Applies {@code s}; returns the status before it (it changes when fund-raising ends). */
  int apply(Swap s) {
    int before = status;
    long fees = s.protocolFee() + s.platformFee() + s.creatorFee();
    if (s.buy()) {
      realBase += s.amountOut();
      realQuote += s.amountIn() - fees;
      quoteVaultBalance += s.amountIn() - s.creatorFee();
      if (realBase == TOTAL_BASE_SELL) {
        status = LaunchLabProgram.STATUS_MIGRATE;
      }
    } else {
      long gross = s.amountOut() + fees;
      realBase -= s.amountIn();
      realQuote -= gross;
      quoteVaultBalance -= s.amountOut() + s.creatorFee();
    }
    quoteProtocolFee += s.protocolFee();
    platformFee += s.platformFee();
    return before;
  }

  /** The PoolState account as of now. */
  LaunchLabProgram.PoolState snapshot(long epoch) {
    return new LaunchLabProgram.PoolState(epoch, LaunchLabProgram.AUTHORITY_BUMP, status,
        LaunchLabProgram.BASE_DECIMALS, LaunchLabProgram.QUOTE_DECIMALS,
        LaunchLabProgram.MIGRATE_TYPE_CPSWAP, LaunchLabProgram.SUPPLY, TOTAL_BASE_SELL, VIRTUAL_BASE,
        VIRTUAL_QUOTE, realBase, realQuote, LaunchLabProgram.TOTAL_QUOTE_FUND_RAISING, quoteProtocolFee,
        platformFee, 0, LaunchLabProgram.Vesting.NONE, LaunchLabProgram.GLOBAL_CONFIG,
        LaunchLabProgram.PLATFORM_CONFIG, baseMint, PumpProgram.WSOL_MINT, baseVault, quoteVault,
        creator, 0, 0, 0);
  }

  /** Base tokens the base vault holds: supply minus what wallets bought. */
  long baseVaultBalance() {
    return LaunchLabProgram.SUPPLY - realBase;
  }
}
