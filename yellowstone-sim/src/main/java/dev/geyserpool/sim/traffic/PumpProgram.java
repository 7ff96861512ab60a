package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import java.util.List;

/**
 * Byte layouts of the Pump.fun bonding-curve program as the generator writes them: addresses,
 * Anchor discriminators, instruction data, events and the BondingCurve account. Sources:
 * pump-fun/pump-public-docs {@code idl/pump.json} (2026-05), checked against the real
 * create_v2 + buy transaction in the test fixtures (see /work/shared/facts/solana-programs.md).
 *
 * <p>Stateless; thread-safe.
 */
public final class PumpProgram {
  private PumpProgram() {}

  public static final ByteString PROGRAM = key("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
  public static final ByteString GLOBAL = key("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf");
  public static final ByteString EVENT_AUTHORITY = key("Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1");
  public static final ByteString MINT_AUTHORITY = key("TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM");
  public static final ByteString FEE_PROGRAM = key("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");
  public static final ByteString FEE_CONFIG = key("8Wf5TiAheLUqBrKXeYg2JtAFFMWtKdG2BSFgqUcPVwTt");
  public static final ByteString GLOBAL_VOLUME_ACCUMULATOR =
      key("Hq2wp8uJ9jCPsYgNHex8RtqdvMPfVGoYwjvF1ATiwn2Y");
  public static final ByteString MAYHEM_PROGRAM = key("MAyhSmzXzV1pTf7LsNkrNwkWKTo4ougAJ1PPg47MD4e");
  public static final ByteString SYSTEM_PROGRAM = key("11111111111111111111111111111111");
  public static final ByteString TOKEN_2022 = key("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
  public static final ByteString SPL_TOKEN = key("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
  public static final ByteString ATA_PROGRAM = key("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
  public static final ByteString COMPUTE_BUDGET = key("ComputeBudget111111111111111111111111111111");
  public static final ByteString VOTE_PROGRAM = key("Vote111111111111111111111111111111111111111");
  /** Global.fee_recipients plus fee_recipient (carbon fixture's Global account). */
  public static final List<ByteString> FEE_RECIPIENTS = List.of(
      key("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV"),
      key("7VtfL8fvgNfhz17qKRMjzQEXgbdpnHHHQRh54R9jP2RJ"),
      key("7hTckgnGnLQR6sdH7YkqFTAA7VwTfYFaZ6EhEsU3saCX"),
      key("9rPYyANsfQZw3DnDmKE3YCQF5E8oD89UXoHn9JFEhJUz"),
      key("AVmoTthdrX6tKt4nDjco2D775W2YK3sDhxPcMmzUAmTY"),
      key("CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM"),
      key("FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz"),
      key("G5UZAVbAf46s7cKWoyKu8kYTip9DGTpbLZ2qa9Aq69dP"));
  public static final ByteString DEFAULT_PUBKEY = ByteString.copyFrom(new byte[32]);
  public static final ByteString WSOL_MINT = key("So11111111111111111111111111111111111111112");
  public static final ByteString RENT_SYSVAR = key("SysvarRent111111111111111111111111111111111");
  public static final ByteString METAPLEX = key("metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s");
  /** Global.withdraw_authority: the migration wallet that signs {@code migrate} (facts §0). */
  public static final ByteString MIGRATION_AUTHORITY = key("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg");

  public static final ByteString CREATE_V2 = disc("d6904cec5f8b31b4");
  public static final ByteString BUY = disc("66063d1201daebea");
  public static final ByteString SELL = disc("33e685a4017f83ad");
  public static final ByteString MIGRATE = disc("9beae792ec9ea21e");
  /** Anchor's emit_cpi tag: {@code 0x1d9acb512ea545e4u64.to_le_bytes()}. */
  public static final ByteString EVENT_IX_TAG = disc("e445a52e51cb9a1d");
  public static final ByteString CREATE_EVENT = disc("1b72a94ddeeb6376");
  public static final ByteString TRADE_EVENT = disc("bddb7fd34ee661ee");
  public static final ByteString COMPLETE_EVENT = disc("5f72619cd42e9808");
  public static final ByteString COMPLETE_PUMP_AMM_MIGRATION_EVENT = disc("bde95db95c94ea94");
  public static final ByteString BONDING_CURVE_ACCOUNT = disc("17b7f83760d8ac60");
  /** pump_fees {@code get_fees}. */
  public static final ByteString GET_FEES = disc("e7257e55cf5b3f34");

  public static final long INITIAL_VIRTUAL_TOKEN_RESERVES = 1_073_000_000_000_000L;
  public static final long INITIAL_VIRTUAL_SOL_RESERVES = 30_000_000_000L;
  public static final long INITIAL_REAL_TOKEN_RESERVES = 793_100_000_000_000L;
  public static final long TOKEN_TOTAL_SUPPLY = 1_000_000_000_000_000L;
  public static final int TOKEN_DECIMALS = 6;
  public static final long FEE_BASIS_POINTS = 95;
  public static final long CREATOR_FEE_BASIS_POINTS = 30;
  public static final long BUYBACK_FEE_BASIS_POINTS = 5000;
  /** Global.pool_migration_fee (lamports kept by pump when a curve migrates). */
  public static final long POOL_MIGRATION_FEE = 15_000_001L;
  /** Tokens a graduated curve seeds its PumpSwap pool with: supply − initial real token reserves. */
  public static final long MIGRATION_MINT_AMOUNT = TOKEN_TOTAL_SUPPLY - INITIAL_REAL_TOKEN_RESERVES;
  /** Real 2026 BondingCurve accounts are 151 bytes (known fields end at 115; zero tail). */
  public static final int BONDING_CURVE_SIZE = 151;

  /** The fields of a CreateEvent (2026 layout); quote mint SOL, virtual quote = virtual SOL. */
  public record CreateEvent(
      String name, String symbol, String uri, ByteString mint, ByteString bondingCurve,
      ByteString user, ByteString creator, long timestamp, long virtualTokenReserves,
      long virtualSolReserves, long realTokenReserves, long tokenTotalSupply,
      ByteString tokenProgram, boolean mayhemMode, boolean cashbackEnabled) {}

  /**
   * The fields of a TradeEvent (2026 layout, post-trade reserves). Volume tracking off, no
   * mayhem, no cashback, no shareholders, quote mint SOL with quote amounts equal to SOL amounts.
   */
  public record TradeEvent(
      ByteString mint, long solAmount, long tokenAmount, boolean isBuy, ByteString user,
      long timestamp, long virtualSolReserves, long virtualTokenReserves, long realSolReserves,
      long realTokenReserves, ByteString feeRecipient, long feeBasisPoints, long fee,
      ByteString creator, long creatorFeeBasisPoints, long creatorFee, String ixName,
      long buybackFeeBasisPoints, long buybackFee) {}

  /** The BondingCurve account's known fields; quote mint SOL. */
  public record BondingCurve(
      long virtualTokenReserves, long virtualSolReserves, long realTokenReserves,
      long realSolReserves, long tokenTotalSupply, boolean complete, ByteString creator,
      boolean mayhemMode, boolean cashbackCoin) {}

  /** CompleteEvent: the buy that emptied {@code real_token_reserves}; quote mint SOL. */
  public record CompleteEvent(ByteString user, ByteString mint, ByteString bondingCurve, long timestamp) {}

  /** CompletePumpAmmMigrationEvent (2026 layout); quote mint SOL. */
  public record MigrationEvent(
      ByteString user, ByteString mint, long mintAmount, long solAmount, long poolMigrationFee,
      ByteString bondingCurve, long timestamp, ByteString pool) {}

  /** The BondingCurve PDA {@code ["bonding-curve", mint]}. */
  public static ByteString bondingCurve(ByteString mint) {
    return ProgramAddress.pda(PROGRAM, "bonding-curve", mint);
  }

  /** The creator vault PDA {@code ["creator-vault", creator]}. */
  public static ByteString creatorVault(ByteString creator) {
    return ProgramAddress.pda(PROGRAM, "creator-vault", creator);
  }

  /** The migration pool authority PDA {@code ["pool-authority", mint]}: creator of the PumpSwap pool. */
  public static ByteString poolAuthority(ByteString mint) {
    return ProgramAddress.pda(PROGRAM, "pool-authority", mint);
  }

  /** The user volume accumulator PDA {@code ["user_volume_accumulator", user]}. */
  public static ByteString userVolumeAccumulator(ByteString user) {
    return ProgramAddress.pda(PROGRAM, "user_volume_accumulator", user);
  }

  /** create_v2 data without the optional trailing is_cashback_enabled (as in the fixture). */
  public static byte[] createV2Data(
      String name, String symbol, String uri, ByteString creator, boolean mayhemMode) {
    return new Borsh().raw(CREATE_V2).string(name).string(symbol).string(uri).pubkey(creator)
        .bool(mayhemMode).toByteArray();
  }

  /** buy data, 24 bytes: no trailing track_volume (as most clients send it). */
  public static byte[] buyData(long amount, long maxSolCost) {
    return new Borsh().raw(BUY).u64(amount).u64(maxSolCost).toByteArray();
  }

  public static byte[] sellData(long amount, long minSolOutput) {
    return new Borsh().raw(SELL).u64(amount).u64(minSolOutput).toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] createEvent(CreateEvent e) {
    return new Borsh().raw(CREATE_EVENT)
        .string(e.name()).string(e.symbol()).string(e.uri())
        .pubkey(e.mint()).pubkey(e.bondingCurve()).pubkey(e.user()).pubkey(e.creator())
        .u64(e.timestamp()).u64(e.virtualTokenReserves()).u64(e.virtualSolReserves())
        .u64(e.realTokenReserves()).u64(e.tokenTotalSupply())
        .pubkey(e.tokenProgram()).bool(e.mayhemMode()).bool(e.cashbackEnabled())
        .pubkey(DEFAULT_PUBKEY).u64(e.virtualSolReserves())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload. */
  public static byte[] tradeEvent(TradeEvent e) {
    return new Borsh().raw(TRADE_EVENT)
        .pubkey(e.mint()).u64(e.solAmount()).u64(e.tokenAmount()).bool(e.isBuy()).pubkey(e.user())
        .u64(e.timestamp()).u64(e.virtualSolReserves()).u64(e.virtualTokenReserves())
        .u64(e.realSolReserves()).u64(e.realTokenReserves())
        .pubkey(e.feeRecipient()).u64(e.feeBasisPoints()).u64(e.fee())
        .pubkey(e.creator()).u64(e.creatorFeeBasisPoints()).u64(e.creatorFee())
        .bool(false).u64(0).u64(0).u64(0).u64(0) // track_volume, unclaimed, claimed, volume, last update
        .string(e.ixName())
        .bool(false) // mayhem_mode
        .u64(0).u64(0) // cashback_fee_basis_points, cashback
        .u64(e.buybackFeeBasisPoints()).u64(e.buybackFee())
        .u32(0) // shareholders: empty Vec
        .pubkey(DEFAULT_PUBKEY).u64(e.solAmount()).u64(e.virtualSolReserves()).u64(e.realSolReserves())
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload (136-byte 2026 payload). */
  public static byte[] completeEvent(CompleteEvent e) {
    return new Borsh().raw(COMPLETE_EVENT)
        .pubkey(e.user()).pubkey(e.mint()).pubkey(e.bondingCurve()).u64(e.timestamp())
        .pubkey(DEFAULT_PUBKEY)
        .toByteArray();
  }

  /** Event discriminator ‖ borsh(event): the {@code Program data:} payload (192-byte 2026 payload). */
  public static byte[] migrationEvent(MigrationEvent e) {
    return new Borsh().raw(COMPLETE_PUMP_AMM_MIGRATION_EVENT)
        .pubkey(e.user()).pubkey(e.mint()).u64(e.mintAmount()).u64(e.solAmount())
        .u64(e.poolMigrationFee()).pubkey(e.bondingCurve()).u64(e.timestamp()).pubkey(e.pool())
        .pubkey(DEFAULT_PUBKEY)
        .toByteArray();
  }

  /** migrate data: the discriminator alone (no args). */
  public static byte[] migrateData() {
    return MIGRATE.toByteArray();
  }

  /** The emit_cpi self-CPI data: {@code EVENT_IX_TAG ‖ event}. */
  public static byte[] emitCpiData(byte[] event) {
    return new Borsh().raw(EVENT_IX_TAG).raw(event).toByteArray();
  }

  /** The BondingCurve account data, {@link #BONDING_CURVE_SIZE} bytes. */
  public static byte[] bondingCurveData(BondingCurve c) {
    return new Borsh().raw(BONDING_CURVE_ACCOUNT)
        .u64(c.virtualTokenReserves()).u64(c.virtualSolReserves())
        .u64(c.realTokenReserves()).u64(c.realSolReserves()).u64(c.tokenTotalSupply())
        .bool(c.complete()).pubkey(c.creator()).bool(c.mayhemMode()).bool(c.cashbackCoin())
        .pubkey(DEFAULT_PUBKEY)
        .toByteArray(BONDING_CURVE_SIZE);
  }

  static ByteString key(String base58) {
    return ByteString.copyFrom(Base58.decode(base58));
  }

  static ByteString disc(String hex) {
    return ByteString.copyFrom(Borsh.hex(hex));
  }
}
