package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.PumpProgram.disc;
import static dev.geyserpool.sim.traffic.PumpProgram.key;

import com.google.protobuf.ByteString;

/**
 * Byte layouts of Raydium LaunchLab ({@code raydium_launchpad}, the program behind bonk.fun) as
 * the generator writes them: addresses, discriminators, {@code initialize_v2} / swap data, the
 * PoolCreateEvent and TradeEvent, and the 429-byte PoolState account. Sources: the chainstack
 * copy of the Anchor IDL 0.2.0, raydium-io/raydium-cpi {@code states.rs}, raydium-sdk-V2
 * {@code layout.ts} (facts §4, offsets.md); checked against real events and a real PoolState
 * in the tests.
 *
 * <p>CPMM addresses (migration target) are Raydium's mainnet constants: AmmConfig index 0
 * ({@code ["amm_config", u16 BE 0]}), the vault/LP authority, the create-pool fee receiver and
 * the LP lock authority, each re-derived in the tests. {@link #MIGRATE_TO_CPSWAP_WALLET} is the
 * CPMM migration signer of chainstacklabs/letsbonk-fun-bot's reference transaction.
 *
 * <p>Stateless; thread-safe.
 */
public final class LaunchLabProgram {
  private LaunchLabProgram() {}

  public static final ByteString PROGRAM = key("LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj");
  /** {@code ["vault_auth_seed"]}: vault and mint authority (bump 250). */
  public static final ByteString AUTHORITY = key("WLHv2UAZm6z4KyaaELi5pjdbJh6RESMva1Rnn8pJVVh");
  public static final int AUTHORITY_BUMP = 250;
  public static final ByteString EVENT_AUTHORITY = key("2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr");
  /** GlobalConfig for SOL quote, constant-product curve, index 0. */
  public static final ByteString GLOBAL_CONFIG = key("6s1xP3hpbAfFoNtUNF8mfHsjr2Bd97JxFJRWLbL6aHuX");
  /** LetsBonk (bonk.fun) PlatformConfig. */
  public static final ByteString PLATFORM_CONFIG = key("FfYek5vEz23cMkWsdJwG2oa6EphsvXSHrGpdALN4g6W1");
  public static final ByteString MIGRATE_TO_CPSWAP_WALLET = key("RAYpQbFNq9i3mu6cKpTKKRwwHFDeK5AuZz8xvxUrCgw");
  public static final ByteString CPMM_PROGRAM = key("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C");
  public static final ByteString CPMM_AMM_CONFIG = key("D4FPEruKEHrG5TenZ2mpDGEfu1iUvTiqBxvpU8HLBvC2");
  public static final ByteString CPMM_AUTHORITY = key("GpMZbSM2GgvTKHJirzeGfMFoaZ8UR2X7F4v8vHTvxFbL");
  public static final ByteString CPMM_CREATE_POOL_FEE = key("DNXgeM9EiiaAbaWvwjHj9fQQLAX5ZsfHyvmYUNRAdNC8");
  public static final ByteString LOCK_PROGRAM = key("LockrWmn6K5twhz3y9w1dQERbmgSaRkfnTeTKbpofwE");
  public static final ByteString LOCK_AUTHORITY = key("3f7GcQFG397GAaEnv51zR6tsTVihYRydnydDD1cXekxH");

  public static final ByteString INITIALIZE_V2 = disc("4399af27da102620");
  public static final ByteString BUY_EXACT_IN = disc("faea0d7bd59c13ec");
  public static final ByteString SELL_EXACT_IN = disc("9527de9bd37c981a");
  public static final ByteString MIGRATE_TO_CPSWAP = disc("885cc8671cda908c");
  public static final ByteString POOL_CREATE_EVENT = disc("97d7e20976a173ae");
  /** Same 8 bytes as pump's TradeEvent: always key on the program id. */
  public static final ByteString TRADE_EVENT = disc("bddb7fd34ee661ee");
  public static final ByteString POOL_STATE_ACCOUNT = disc("f7ede3f5d7c3de46");
  /** CPMM {@code initialize} (sha256("global:initialize")[..8]). */
  static final ByteString CPMM_INITIALIZE = disc("afaf6d1f0d989bed");

  /** bonk.fun defaults (facts §4.5): 1e15 supply, 793.1e12 sold on the curve, 85 SOL raised. */
  public static final long SUPPLY = 1_000_000_000_000_000L;
  public static final long TOTAL_BASE_SELL = 793_100_000_000_000L;
  public static final long TOTAL_QUOTE_FUND_RAISING = 85_000_000_000L;
  public static final long VIRTUAL_BASE = 1_073_025_605_596_382L;
  public static final long VIRTUAL_QUOTE = 30_000_852_951L;
  public static final int BASE_DECIMALS = 6;
  public static final int QUOTE_DECIMALS = 9;
  public static final int MIGRATE_TYPE_CPSWAP = 1;
  /** Fee rates in 1e-6 (FEE_RATE_DENOMINATOR): protocol 0.25 %, platform 1 %, creator 0.05 %. */
  public static final long FEE_RATE_DENOMINATOR = 1_000_000;
  public static final long PROTOCOL_FEE_RATE = 2_500;
  public static final long PLATFORM_FEE_RATE = 10_000;
  public static final long CREATOR_FEE_RATE = 500;
  /** PoolState.status: 0 Fund (trading on the curve), 1 Migrate (raised, waiting), 2 Trade (migrated). */
  public static final int STATUS_FUND = 0;
  public static final int STATUS_MIGRATE = 1;
  public static final int STATUS_TRADE = 2;
  public static final int POOL_STATE_SIZE = 429;

  /** PoolState.vesting_schedule. */
  public record Vesting(
      long totalLockedAmount, long cliffPeriod, long unlockPeriod, long startTime,
      long allocatedShareAmount) {
    public static final Vesting NONE = new Vesting(0, 0, 0, 0, 0);
  }

  /** Every field of the PoolState account (SDK layout, incl. platform_vesting_share). */
  public record PoolState(
      long epoch, int authBump, int status, int baseDecimals, int quoteDecimals, int migrateType,
      long supply, long totalBaseSell, long virtualBase, long virtualQuote, long realBase,
      long realQuote, long totalQuoteFundRaising, long quoteProtocolFee, long platformFee,
      long migrateFee, Vesting vesting, ByteString globalConfig, ByteString platformConfig,
      ByteString baseMint, ByteString quoteMint, ByteString baseVault, ByteString quoteVault,
      ByteString creator, int tokenProgramFlag, int ammCreatorFeeOn, long platformVestingShare) {}

  /** PoolCreateEvent with a constant-product curve (CurveParams variant 0). */
  public record PoolCreateEvent(
      ByteString poolState, ByteString creator, ByteString config, int decimals, String name,
      String symbol, String uri, long supply, long totalBaseSell, long totalQuoteFundRaising,
      int migrateType, long totalLockedAmount, long cliffPeriod, long unlockPeriod, int ammFeeOn) {}

  /** TradeEvent (147 bytes with the discriminator). */
  public record TradeEvent(
      ByteString poolState, long totalBaseSell, long virtualBase, long virtualQuote,
      long realBaseBefore, long realQuoteBefore, long realBaseAfter, long realQuoteAfter,
      long amountIn, long amountOut, long protocolFee, long platformFee, long creatorFee,
      long shareFee, int tradeDirection, int poolStatus, boolean exactIn) {}

  /** The PoolState PDA {@code ["pool", base_mint, quote_mint]}. */
  public static ByteString poolState(ByteString baseMint, ByteString quoteMint) {
    return ProgramAddress.pda(PROGRAM, "pool", baseMint, quoteMint);
  }

  /** A pool vault PDA {@code ["pool_vault", pool_state, mint]}. */
  public static ByteString vault(ByteString poolState, ByteString mint) {
    return ProgramAddress.pda(PROGRAM, "pool_vault", poolState, mint);
  }

  /** The platform fee vault PDA {@code [platform_config, quote_mint]}. */
  static ByteString platformFeeVault(ByteString platformConfig, ByteString quoteMint) {
    return ProgramAddress.pda(PROGRAM, platformConfig, quoteMint);
  }

  /** The creator fee vault PDA {@code [creator, quote_mint]}. */
  static ByteString creatorFeeVault(ByteString creator, ByteString quoteMint) {
    return ProgramAddress.pda(PROGRAM, creator, quoteMint);
  }

  /** Metaplex metadata PDA {@code ["metadata", metaplex, mint]}. */
  static ByteString metadata(ByteString mint) {
    return ProgramAddress.pda(PumpProgram.METAPLEX, "metadata", PumpProgram.METAPLEX, mint);
  }

  /** The CPMM pool a graduated pool migrates to: {@code ["pool", amm_config, token_0, token_1]}, mints sorted. */
  public static ByteString cpmmPool(ByteString mintA, ByteString mintB) {
    boolean aFirst = ByteString.unsignedLexicographicalComparator().compare(mintA, mintB) < 0;
    return ProgramAddress.pda(CPMM_PROGRAM, "pool", CPMM_AMM_CONFIG, aFirst ? mintA : mintB,
        aFirst ? mintB : mintA);
  }

  /** initialize_v2 data: bonk defaults, no vesting, AmmCreatorFeeOn::QuoteToken. */
  public static byte[] initializeV2Data(String name, String symbol, String uri) {
    return new Borsh().raw(INITIALIZE_V2)
        .u8(BASE_DECIMALS).string(name).string(symbol).string(uri)
        .u8(0).u64(SUPPLY).u64(TOTAL_BASE_SELL).u64(TOTAL_QUOTE_FUND_RAISING).u8(MIGRATE_TYPE_CPSWAP)
        .u64(0).u64(0).u64(0)
        .u8(0)
        .toByteArray();
  }

  /** buy_exact_in / sell_exact_in data ({@code discriminator} picks which). */
  public static byte[] swapData(ByteString discriminator, long amountIn, long minimumAmountOut, long shareFeeRate) {
    return new Borsh().raw(discriminator).u64(amountIn).u64(minimumAmountOut).u64(shareFeeRate).toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] poolCreateEvent(PoolCreateEvent e) {
    return new Borsh().raw(POOL_CREATE_EVENT).pubkey(e.poolState()).pubkey(e.creator()).pubkey(e.config())
        .u8(e.decimals()).string(e.name()).string(e.symbol()).string(e.uri())
        .u8(0).u64(e.supply()).u64(e.totalBaseSell()).u64(e.totalQuoteFundRaising()).u8(e.migrateType())
        .u64(e.totalLockedAmount()).u64(e.cliffPeriod()).u64(e.unlockPeriod())
        .u8(e.ammFeeOn())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] tradeEvent(TradeEvent e) {
    return new Borsh().raw(TRADE_EVENT).pubkey(e.poolState()).u64(e.totalBaseSell()).u64(e.virtualBase())
        .u64(e.virtualQuote()).u64(e.realBaseBefore()).u64(e.realQuoteBefore()).u64(e.realBaseAfter())
        .u64(e.realQuoteAfter()).u64(e.amountIn()).u64(e.amountOut()).u64(e.protocolFee())
        .u64(e.platformFee()).u64(e.creatorFee()).u64(e.shareFee()).u8(e.tradeDirection())
        .u8(e.poolStatus()).bool(e.exactIn())
        .toByteArray();
  }

  /** The PoolState account data, {@link #POOL_STATE_SIZE} bytes (zero padding after the known fields). */
  public static byte[] poolStateData(PoolState p) {
    Vesting v = p.vesting();
    return new Borsh().raw(POOL_STATE_ACCOUNT).u64(p.epoch()).u8(p.authBump()).u8(p.status())
        .u8(p.baseDecimals()).u8(p.quoteDecimals()).u8(p.migrateType()).u64(p.supply())
        .u64(p.totalBaseSell()).u64(p.virtualBase()).u64(p.virtualQuote()).u64(p.realBase())
        .u64(p.realQuote()).u64(p.totalQuoteFundRaising()).u64(p.quoteProtocolFee()).u64(p.platformFee())
        .u64(p.migrateFee())
        .u64(v.totalLockedAmount()).u64(v.cliffPeriod()).u64(v.unlockPeriod()).u64(v.startTime())
        .u64(v.allocatedShareAmount())
        .pubkey(p.globalConfig()).pubkey(p.platformConfig()).pubkey(p.baseMint()).pubkey(p.quoteMint())
        .pubkey(p.baseVault()).pubkey(p.quoteVault()).pubkey(p.creator())
        .u8(p.tokenProgramFlag()).u8(p.ammCreatorFeeOn()).u64(p.platformVestingShare())
        .toByteArray(POOL_STATE_SIZE);
  }
}
