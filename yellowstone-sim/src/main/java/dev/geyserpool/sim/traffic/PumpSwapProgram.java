package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.PumpProgram.disc;
import static dev.geyserpool.sim.traffic.PumpProgram.key;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * Byte layouts of PumpSwap ({@code pump_amm}) as the generator writes them: addresses, Anchor
 * discriminators, {@code create_pool}/{@code buy}/{@code sell} data, the CreatePoolEvent,
 * BuyEvent and SellEvent (current IDL, without the 25 undocumented trailing bytes 2026-07 events
 * carry) and the Pool account. Source: pump-fun/pump-public-docs {@code idl/pump_amm.json},
 * checked against real events in the tests (facts §3).
 *
 * <p>Stateless; thread-safe.
 */
public final class PumpSwapProgram {
  private PumpSwapProgram() {}

  public static final ByteString PROGRAM = key("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA");
  public static final ByteString GLOBAL_CONFIG = key("ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw");
  public static final ByteString EVENT_AUTHORITY = key("GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR");
  /** GlobalConfig.protocol_fee_recipients (real GlobalConfig account, 2025). */
  public static final List<ByteString> PROTOCOL_FEE_RECIPIENTS = List.of(
      key("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV"),
      key("7VtfL8fvgNfhz17qKRMjzQEXgbdpnHHHQRh54R9jP2RJ"),
      key("7hTckgnGnLQR6sdH7YkqFTAA7VwTfYFaZ6EhEsU3saCX"),
      key("9rPYyANsfQZw3DnDmKE3YCQF5E8oD89UXoHn9JFEhJUz"),
      key("AVmoTthdrX6tKt4nDjco2D775W2YK3sDhxPcMmzUAmTY"),
      key("FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz"),
      key("G5UZAVbAf46s7cKWoyKu8kYTip9DGTpbLZ2qa9Aq69dP"),
      key("JCRGumoE9Qi5BBgULTgdgTLjSgkCMSbF62ZZfGs84JeU"));

  public static final ByteString CREATE_POOL = disc("e992d18ecf6840bc");
  public static final ByteString BUY = disc("66063d1201daebea");
  public static final ByteString SELL = disc("33e685a4017f83ad");
  public static final ByteString CREATE_POOL_EVENT = disc("b1310cd2a076a774");
  public static final ByteString BUY_EVENT = disc("67f4521f2cf57777");
  public static final ByteString SELL_EVENT = disc("3e2f370aa503dc2a");
  public static final ByteString POOL_ACCOUNT = disc("f19a6d0411b16dbc");

  /** GlobalConfig fees of 2025 (lp 20 bps, protocol 5 bps) and the coin creator's 5 bps. */
  public static final long LP_FEE_BASIS_POINTS = 20;
  public static final long PROTOCOL_FEE_BASIS_POINTS = 5;
  public static final long COIN_CREATOR_FEE_BASIS_POINTS = 5;
  /** Half of the protocol fee goes to a buyback recipient (2026 events report 5000 bps). */
  public static final long BUYBACK_FEE_BASIS_POINTS = 5000;
  /** LP tokens locked in the pool on creation (the simulator's choice; not published by pump). */
  public static final long MINIMUM_LIQUIDITY = 100;
  /** Pool account size: the known fields of the current IDL, no tail. */
  public static final int POOL_SIZE = 245;
  public static final int QUOTE_DECIMALS = 9;

  /** The Pool account's fields. */
  public record Pool(
      int poolBump, int index, ByteString creator, ByteString baseMint, ByteString quoteMint,
      ByteString lpMint, ByteString poolBaseTokenAccount, ByteString poolQuoteTokenAccount,
      long lpSupply, ByteString coinCreator, boolean mayhemMode, boolean cashbackCoin) {}

  /** CreatePoolEvent (current IDL). */
  public record CreatePoolEvent(
      long timestamp, int index, ByteString creator, ByteString baseMint, ByteString quoteMint,
      int baseMintDecimals, int quoteMintDecimals, long baseAmountIn, long quoteAmountIn,
      long poolBaseAmount, long poolQuoteAmount, long minimumLiquidity, long initialLiquidity,
      long lpTokenAmountOut, int poolBump, ByteString pool, ByteString lpMint,
      ByteString userBaseTokenAccount, ByteString userQuoteTokenAccount, ByteString coinCreator,
      boolean mayhemMode) {}

  /** BuyEvent (current IDL); pool reserves are pre-trade. */
  public record BuyEvent(
      long timestamp, long baseAmountOut, long maxQuoteAmountIn, long userBaseTokenReserves,
      long userQuoteTokenReserves, long poolBaseTokenReserves, long poolQuoteTokenReserves,
      long quoteAmountIn, long lpFeeBasisPoints, long lpFee, long protocolFeeBasisPoints,
      long protocolFee, long quoteAmountInWithLpFee, long userQuoteAmountIn, ByteString pool,
      ByteString user, ByteString userBaseTokenAccount, ByteString userQuoteTokenAccount,
      ByteString protocolFeeRecipient, ByteString protocolFeeRecipientTokenAccount,
      ByteString coinCreator, long coinCreatorFeeBasisPoints, long coinCreatorFee,
      boolean trackVolume, long totalUnclaimedTokens, long totalClaimedTokens,
      long currentSolVolume, long lastUpdateTimestamp, long minBaseAmountOut, String ixName,
      long cashbackFeeBasisPoints, long cashback, long buybackFeeBasisPoints, long buybackFee) {}

  /** SellEvent (current IDL); pool reserves are pre-trade. */
  public record SellEvent(
      long timestamp, long baseAmountIn, long minQuoteAmountOut, long userBaseTokenReserves,
      long userQuoteTokenReserves, long poolBaseTokenReserves, long poolQuoteTokenReserves,
      long quoteAmountOut, long lpFeeBasisPoints, long lpFee, long protocolFeeBasisPoints,
      long protocolFee, long quoteAmountOutWithoutLpFee, long userQuoteAmountOut, ByteString pool,
      ByteString user, ByteString userBaseTokenAccount, ByteString userQuoteTokenAccount,
      ByteString protocolFeeRecipient, ByteString protocolFeeRecipientTokenAccount,
      ByteString coinCreator, long coinCreatorFeeBasisPoints, long coinCreatorFee,
      long cashbackFeeBasisPoints, long cashback, long buybackFeeBasisPoints, long buybackFee) {}

  /**
   * The canonical pool of a graduated coin: PDA {@code ["pool", u16 LE 0, pool_authority, mint,
   * wsol_mint]} with {@code pool_authority = ["pool-authority", mint]} under pump.
   */
  public static ByteString canonicalPool(ByteString mint) {
    return canonicalPoolWithBump(mint).address();
  }

  /** As {@link #canonicalPool}, with the bump the Pool account stores. */
  static ProgramAddress.Found canonicalPoolWithBump(ByteString mint) {
    return ProgramAddress.find(PROGRAM, "pool", new byte[] {0, 0}, PumpProgram.poolAuthority(mint),
        mint, PumpProgram.WSOL_MINT);
  }

  /** The LP mint PDA {@code ["pool_lp_mint", pool]}. */
  public static ByteString lpMint(ByteString pool) {
    return ProgramAddress.pda(PROGRAM, "pool_lp_mint", pool);
  }

  /** The coin creator vault authority PDA {@code ["creator_vault", coin_creator]}. */
  public static ByteString coinCreatorVaultAuthority(ByteString coinCreator) {
    return ProgramAddress.pda(PROGRAM, "creator_vault", coinCreator);
  }

  /** create_pool data, with the trailing {@code is_cashback_coin} OptionBool. */
  public static byte[] createPoolData(
      int index, long baseAmountIn, long quoteAmountIn, ByteString coinCreator, boolean mayhemMode) {
    return new Borsh().raw(CREATE_POOL).u16(index).u64(baseAmountIn).u64(quoteAmountIn)
        .pubkey(coinCreator).bool(mayhemMode).bool(false).toByteArray();
  }

  /** buy data, 25 bytes: with the trailing {@code track_volume} OptionBool (false). */
  public static byte[] buyData(long baseAmountOut, long maxQuoteAmountIn) {
    return new Borsh().raw(BUY).u64(baseAmountOut).u64(maxQuoteAmountIn).bool(false).toByteArray();
  }

  public static byte[] sellData(long baseAmountIn, long minQuoteAmountOut) {
    return new Borsh().raw(SELL).u64(baseAmountIn).u64(minQuoteAmountOut).toByteArray();
  }

  /** The Pool account data, {@link #POOL_SIZE} bytes. */
  public static byte[] poolData(Pool p) {
    return new Borsh().raw(POOL_ACCOUNT).u8(p.poolBump()).u16(p.index()).pubkey(p.creator())
        .pubkey(p.baseMint()).pubkey(p.quoteMint()).pubkey(p.lpMint())
        .pubkey(p.poolBaseTokenAccount()).pubkey(p.poolQuoteTokenAccount()).u64(p.lpSupply())
        .pubkey(p.coinCreator()).bool(p.mayhemMode()).bool(p.cashbackCoin())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] createPoolEvent(CreatePoolEvent e) {
    return new Borsh().raw(CREATE_POOL_EVENT).u64(e.timestamp()).u16(e.index()).pubkey(e.creator())
        .pubkey(e.baseMint()).pubkey(e.quoteMint()).u8(e.baseMintDecimals()).u8(e.quoteMintDecimals())
        .u64(e.baseAmountIn()).u64(e.quoteAmountIn()).u64(e.poolBaseAmount()).u64(e.poolQuoteAmount())
        .u64(e.minimumLiquidity()).u64(e.initialLiquidity()).u64(e.lpTokenAmountOut()).u8(e.poolBump())
        .pubkey(e.pool()).pubkey(e.lpMint()).pubkey(e.userBaseTokenAccount())
        .pubkey(e.userQuoteTokenAccount()).pubkey(e.coinCreator()).bool(e.mayhemMode())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] buyEvent(BuyEvent e) {
    return new Borsh().raw(BUY_EVENT).u64(e.timestamp()).u64(e.baseAmountOut()).u64(e.maxQuoteAmountIn())
        .u64(e.userBaseTokenReserves()).u64(e.userQuoteTokenReserves()).u64(e.poolBaseTokenReserves())
        .u64(e.poolQuoteTokenReserves()).u64(e.quoteAmountIn()).u64(e.lpFeeBasisPoints()).u64(e.lpFee())
        .u64(e.protocolFeeBasisPoints()).u64(e.protocolFee()).u64(e.quoteAmountInWithLpFee())
        .u64(e.userQuoteAmountIn()).pubkey(e.pool()).pubkey(e.user()).pubkey(e.userBaseTokenAccount())
        .pubkey(e.userQuoteTokenAccount()).pubkey(e.protocolFeeRecipient())
        .pubkey(e.protocolFeeRecipientTokenAccount()).pubkey(e.coinCreator())
        .u64(e.coinCreatorFeeBasisPoints()).u64(e.coinCreatorFee()).bool(e.trackVolume())
        .u64(e.totalUnclaimedTokens()).u64(e.totalClaimedTokens()).u64(e.currentSolVolume())
        .u64(e.lastUpdateTimestamp()).u64(e.minBaseAmountOut()).string(e.ixName())
        .u64(e.cashbackFeeBasisPoints()).u64(e.cashback()).u64(e.buybackFeeBasisPoints()).u64(e.buybackFee())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] sellEvent(SellEvent e) {
    return new Borsh().raw(SELL_EVENT).u64(e.timestamp()).u64(e.baseAmountIn()).u64(e.minQuoteAmountOut())
        .u64(e.userBaseTokenReserves()).u64(e.userQuoteTokenReserves()).u64(e.poolBaseTokenReserves())
        .u64(e.poolQuoteTokenReserves()).u64(e.quoteAmountOut()).u64(e.lpFeeBasisPoints()).u64(e.lpFee())
        .u64(e.protocolFeeBasisPoints()).u64(e.protocolFee()).u64(e.quoteAmountOutWithoutLpFee())
        .u64(e.userQuoteAmountOut()).pubkey(e.pool()).pubkey(e.user()).pubkey(e.userBaseTokenAccount())
        .pubkey(e.userQuoteTokenAccount()).pubkey(e.protocolFeeRecipient())
        .pubkey(e.protocolFeeRecipientTokenAccount()).pubkey(e.coinCreator())
        .u64(e.coinCreatorFeeBasisPoints()).u64(e.coinCreatorFee())
        .u64(e.cashbackFeeBasisPoints()).u64(e.cashback()).u64(e.buybackFeeBasisPoints()).u64(e.buybackFee())
        .toByteArray();
  }
}
