package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;

/**
 * A test-side reader for Raydium LaunchLab layouts, written from the IDL and offsets.md
 * independently of the generator's writer (the writer's records only carry the values). Each
 * method reads after the 8-byte discriminator from a {@link PumpDecoder}.
 */
final class LaunchLabDecoder {
  private LaunchLabDecoder() {}

  /** initialize_v2 arguments. */
  record InitializeV2(
      int decimals, String name, String symbol, String uri, int curveVariant, long supply,
      long totalBaseSell, long totalQuoteFundRaising, int migrateType, long totalLockedAmount,
      long cliffPeriod, long unlockPeriod, int ammFeeOn) {}

  /** buy_exact_in / sell_exact_in arguments. */
  record SwapArgs(long amountIn, long minimumAmountOut, long shareFeeRate) {}

  static InitializeV2 initializeV2(PumpDecoder d) {
    return new InitializeV2(d.u8(), d.string(), d.string(), d.string(), d.u8(), d.u64(), d.u64(), d.u64(),
        d.u8(), d.u64(), d.u64(), d.u64(), d.u8());
  }

  static SwapArgs swapArgs(PumpDecoder d) {
    return new SwapArgs(d.u64(), d.u64(), d.u64());
  }

  /** TradeEvent: 139 bytes of payload. */
  static LaunchLabProgram.TradeEvent tradeEvent(PumpDecoder d) {
    ByteString pool = d.pubkey();
    long totalBaseSell = d.u64();
    long virtualBase = d.u64();
    long virtualQuote = d.u64();
    long realBaseBefore = d.u64();
    long realQuoteBefore = d.u64();
    long realBaseAfter = d.u64();
    long realQuoteAfter = d.u64();
    long amountIn = d.u64();
    long amountOut = d.u64();
    long protocolFee = d.u64();
    long platformFee = d.u64();
    long creatorFee = d.u64();
    long shareFee = d.u64();
    int direction = d.u8();
    int status = d.u8();
    boolean exactIn = d.bool();
    return new LaunchLabProgram.TradeEvent(pool, totalBaseSell, virtualBase, virtualQuote, realBaseBefore,
        realQuoteBefore, realBaseAfter, realQuoteAfter, amountIn, amountOut, protocolFee, platformFee,
        creatorFee, shareFee, direction, status, exactIn);
  }

  /** PoolCreateEvent with a constant-product curve; fails on another curve variant. */
  static LaunchLabProgram.PoolCreateEvent poolCreateEvent(PumpDecoder d) {
    ByteString pool = d.pubkey();
    ByteString creator = d.pubkey();
    ByteString config = d.pubkey();
    int decimals = d.u8();
    String name = d.string();
    String symbol = d.string();
    String uri = d.string();
    int variant = d.u8();
    if (variant != 0) {
      throw new IllegalStateException("CurveParams variant " + variant + ", expected 0 (Constant)");
    }
    long supply = d.u64();
    long totalBaseSell = d.u64();
    long fundRaising = d.u64();
    int migrateType = d.u8();
    return new LaunchLabProgram.PoolCreateEvent(pool, creator, config, decimals, name, symbol, uri, supply,
        totalBaseSell, fundRaising, migrateType, d.u64(), d.u64(), d.u64(), d.u8());
  }

  /** PoolState by the offsets table: reads at absolute offsets, not sequentially. */
  static LaunchLabProgram.PoolState poolState(byte[] data) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return new LaunchLabProgram.PoolState(b.getLong(8), data[16] & 0xFF, data[17] & 0xFF, data[18] & 0xFF,
        data[19] & 0xFF, data[20] & 0xFF, b.getLong(21), b.getLong(29), b.getLong(37), b.getLong(45),
        b.getLong(53), b.getLong(61), b.getLong(69), b.getLong(77), b.getLong(85), b.getLong(93),
        new LaunchLabProgram.Vesting(b.getLong(101), b.getLong(109), b.getLong(117), b.getLong(125),
            b.getLong(133)),
        key(data, 141), key(data, 173), key(data, 205), key(data, 237), key(data, 269), key(data, 301),
        key(data, 333), data[365] & 0xFF, data[366] & 0xFF, b.getLong(367));
  }

  private static ByteString key(byte[] data, int offset) {
    return ByteString.copyFrom(data, offset, 32);
  }
}
