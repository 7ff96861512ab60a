package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.PumpProgram.ATA_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.FEE_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.MIGRATION_AUTHORITY;
import static dev.geyserpool.sim.traffic.PumpProgram.SPL_TOKEN;
import static dev.geyserpool.sim.traffic.PumpProgram.SYSTEM_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.TOKEN_2022;
import static dev.geyserpool.sim.traffic.PumpProgram.WSOL_MINT;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import dev.geyserpool.sim.traffic.PumpTxFactory.TxIds;
import dev.geyserpool.sim.traffic.SolanaData.Logs;
import dev.geyserpool.sim.traffic.TxKit.Deltas;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the graduation and PumpSwap transactions: pump {@code migrate} (25 accounts, signed by
 * the migration authority) with its CPI to pump_amm {@code create_pool} (index 0, base = mint,
 * quote = wSOL, the canonical pool PDA), emitting CreatePoolEvent (pump_amm, stack height 3) and
 * CompletePumpAmmMigrationEvent (pump, stack height 2); and pump_amm {@code buy}/{@code sell}
 * (23/21 accounts) with BuyEvent/SellEvent carrying pre-trade pool reserves. Users pay and
 * receive quote in their wSOL associated token account (buys wrap what they need first).
 *
 * <p>Pure builder: {@link PumpSwapTraffic} decides amounts and owns the state. Not thread-safe.
 */
final class PumpSwapTxFactory {
  /** A decided PumpSwap trade; reserves and balances are pre-trade. */
  record SwapTrade(
      SwapPool pool, ByteString user, boolean buy, long baseAmount, long quoteAmount, long lpFee,
      long protocolFee, long coinCreatorFee, long limit, ByteString protocolFeeRecipient,
      long userBaseBefore, long userWsolBefore, long wrap, long poolBaseBefore, long poolQuoteBefore,
      long timestamp) {

    /** What the user pays (buy) or receives (sell) in quote, fees included. */
    long userQuoteAmount() {
      return buy ? quoteAmount + lpFee + protocolFee + coinCreatorFee
          : quoteAmount - lpFee - protocolFee - coinCreatorFee;
    }
  }

  private static final long POOL_RENT = SolanaData.rentExempt(PumpSwapProgram.POOL_SIZE);
  private static final long MINT_RENT = SolanaData.rentExempt(SolanaData.SPL_MINT_SIZE);
  private static final long T22_RENT = TxKit.TOKEN_ACCOUNT_RENT;
  private static final long SPL_RENT = TxKit.SPL_TOKEN_ACCOUNT_RENT;
  private static final int LP_DECIMALS = 9;
  private static final ByteString AMM = PumpSwapProgram.PROGRAM;
  private static final ByteString AMM_EVENT_AUTHORITY = PumpSwapProgram.EVENT_AUTHORITY;
  private static final ByteString AMM_FEE_CONFIG = ProgramAddress.pda(FEE_PROGRAM, "fee_config", AMM);
  private static final ByteString AMM_GLOBAL_VOLUME = ProgramAddress.pda(AMM, "global_volume_accumulator");

  /**
   * Migrates completed curve {@code c} (real SOL reserves {@code realSol}) into {@code p}: the
   * pool receives {@link PumpProgram#MIGRATION_MINT_AMOUNT} tokens and realSol − pool migration
   * fee lamports. The curve must already be zeroed ({@link Curve#migrate()}).
   */
  GeneratedTransaction migrate(Curve c, SwapPool p, long realSol, TxIds ids, long timestamp) {
    ByteString authority = MIGRATION_AUTHORITY;
    long mintAmount = PumpProgram.MIGRATION_MINT_AMOUNT;
    long solAmount = realSol - PumpProgram.POOL_MIGRATION_FEE;
    long initialLiquidity = BigInteger.valueOf(mintAmount).multiply(BigInteger.valueOf(solAmount))
        .sqrt().longValueExact();
    long lpOut = initialLiquidity - PumpSwapProgram.MINIMUM_LIQUIDITY;
    ByteString paMint = ProgramAddress.ata(p.poolAuthority, TOKEN_2022, c.mint);
    ByteString paWsol = ProgramAddress.ata(p.poolAuthority, SPL_TOKEN, WSOL_MINT);
    ByteString userPool = ProgramAddress.ata(p.poolAuthority, TOKEN_2022, p.lpMint);

    TxBuilder b = new TxBuilder().signer(authority, true);
    Logs logs = TxKit.computeBudget(b, 400_000, 100_000);
    List<ByteString> accounts = List.of(PumpProgram.GLOBAL, authority, c.mint, c.bondingCurve,
        c.associatedBondingCurve, authority, SYSTEM_PROGRAM, SPL_TOKEN, AMM, p.pool, p.poolAuthority,
        paMint, paWsol, PumpSwapProgram.GLOBAL_CONFIG, WSOL_MINT, p.lpMint, userPool, p.baseVault,
        p.quoteVault, TOKEN_2022, ATA_PROGRAM, AMM_EVENT_AUTHORITY, PumpProgram.EVENT_AUTHORITY,
        PumpProgram.PROGRAM, PumpProgram.RENT_SYSVAR);
    TxKit.declare(b, accounts, c.bondingCurve, c.associatedBondingCurve, p.pool, p.poolAuthority,
        paMint, paWsol, p.lpMint, userPool, p.baseVault, p.quoteVault);
    b.instruction(PumpProgram.PROGRAM, accounts, PumpProgram.migrateData());
    Message.Builder msg = b.compile(ids.blockhash(), true);

    List<InnerInstruction> inner = new ArrayList<>();
    logs.invoke(PumpProgram.PROGRAM, 1).log("Instruction: Migrate");
    ataCpi(b, logs, inner, authority, paMint, p.poolAuthority, c.mint, TOKEN_2022, 2);
    ataCpi(b, logs, inner, authority, paWsol, p.poolAuthority, WSOL_MINT, SPL_TOKEN, 2);
    inner.add(b.inner(TOKEN_2022, List.of(c.associatedBondingCurve, c.mint, paMint, c.bondingCurve),
        SolanaData.transferChecked(mintAmount, PumpProgram.TOKEN_DECIMALS), 2));
    TxKit.tokenLog(logs, TOKEN_2022, "Instruction: TransferChecked", 6_200, 2);
    // pump moves the curve's lamports into the wSOL account itself (it owns the curve), then syncs.
    inner.add(b.inner(SPL_TOKEN, List.of(paWsol), SolanaData.syncNative(), 2));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: SyncNative", 3_045, 2);
    long createPoolRent = POOL_RENT + MINT_RENT + T22_RENT + SPL_RENT + T22_RENT;
    inner.add(b.inner(SYSTEM_PROGRAM, List.of(authority, p.poolAuthority),
        SolanaData.systemTransfer(createPoolRent), 2));
    logs.simple(SYSTEM_PROGRAM, 2);

    inner.add(b.inner(AMM, List.of(p.pool, PumpSwapProgram.GLOBAL_CONFIG, p.poolAuthority, c.mint,
        WSOL_MINT, p.lpMint, paMint, paWsol, userPool, p.baseVault, p.quoteVault, SYSTEM_PROGRAM,
        TOKEN_2022, TOKEN_2022, SPL_TOKEN, ATA_PROGRAM, AMM_EVENT_AUTHORITY, AMM),
        PumpSwapProgram.createPoolData(0, mintAmount, solAmount, c.creator, false), 2));
    logs.invoke(AMM, 2).log("Instruction: CreatePool");
    inner.add(b.inner(SYSTEM_PROGRAM, List.of(p.poolAuthority, p.pool),
        SolanaData.systemCreateAccount(POOL_RENT, PumpSwapProgram.POOL_SIZE, AMM), 3));
    logs.simple(SYSTEM_PROGRAM, 3);
    ataCpi(b, logs, inner, p.poolAuthority, p.baseVault, p.pool, c.mint, TOKEN_2022, 3);
    ataCpi(b, logs, inner, p.poolAuthority, p.quoteVault, p.pool, WSOL_MINT, SPL_TOKEN, 3);
    inner.add(b.inner(SYSTEM_PROGRAM, List.of(p.poolAuthority, p.lpMint),
        SolanaData.systemCreateAccount(MINT_RENT, SolanaData.SPL_MINT_SIZE, TOKEN_2022), 3));
    logs.simple(SYSTEM_PROGRAM, 3);
    inner.add(b.inner(TOKEN_2022, List.of(p.lpMint), SolanaData.initializeMint2(LP_DECIMALS, p.pool), 3));
    TxKit.tokenLog(logs, TOKEN_2022, "Instruction: InitializeMint2", 1_772, 3);
    ataCpi(b, logs, inner, p.poolAuthority, userPool, p.poolAuthority, p.lpMint, TOKEN_2022, 3);
    inner.add(b.inner(TOKEN_2022, List.of(paMint, c.mint, p.baseVault, p.poolAuthority),
        SolanaData.transferChecked(mintAmount, PumpProgram.TOKEN_DECIMALS), 3));
    TxKit.tokenLog(logs, TOKEN_2022, "Instruction: TransferChecked", 6_200, 3);
    inner.add(b.inner(SPL_TOKEN, List.of(paWsol, WSOL_MINT, p.quoteVault, p.poolAuthority),
        SolanaData.transferChecked(solAmount, PumpSwapProgram.QUOTE_DECIMALS), 3));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: TransferChecked", 6_147, 3);
    inner.add(b.inner(TOKEN_2022, List.of(p.lpMint, userPool, p.pool), SolanaData.mintTo(lpOut), 3));
    TxKit.tokenLog(logs, TOKEN_2022, "Instruction: MintTo", 1_714, 3);
    p.baseReserves = mintAmount;
    p.quoteReserves = solAmount;
    p.lpSupply = lpOut;
    byte[] createPool = PumpSwapProgram.createPoolEvent(new PumpSwapProgram.CreatePoolEvent(timestamp, 0,
        p.poolAuthority, c.mint, WSOL_MINT, PumpProgram.TOKEN_DECIMALS, PumpSwapProgram.QUOTE_DECIMALS,
        mintAmount, solAmount, mintAmount, solAmount, PumpSwapProgram.MINIMUM_LIQUIDITY,
        initialLiquidity, lpOut, p.poolBump, p.pool, p.lpMint, paMint, paWsol, c.creator, false));
    TxKit.emitCpi(b, logs, inner, AMM, AMM_EVENT_AUTHORITY, createPool, 3, false);
    logs.consumed(AMM, 98_410, 330_214).success(AMM);
    byte[] migration = PumpProgram.migrationEvent(new PumpProgram.MigrationEvent(authority, c.mint,
        mintAmount, solAmount, PumpProgram.POOL_MIGRATION_FEE, c.bondingCurve, timestamp, p.pool));
    TxKit.emitCpi(b, logs, inner, PumpProgram.PROGRAM, PumpProgram.EVENT_AUTHORITY, migration, 2, false);
    logs.consumed(PumpProgram.PROGRAM, 183_572, 399_700).success(PumpProgram.PROGRAM);

    long txFee = TxKit.BASE_FEE + 40_000;
    Deltas delta = new Deltas()
        .add(authority, PumpProgram.POOL_MIGRATION_FEE - T22_RENT - SPL_RENT - createPoolRent - txFee)
        .add(c.bondingCurve, -realSol)
        .add(paMint, T22_RENT).add(paWsol, SPL_RENT)
        .add(p.pool, POOL_RENT).add(p.lpMint, MINT_RENT).add(p.baseVault, T22_RENT)
        .add(p.quoteVault, SPL_RENT + solAmount).add(userPool, T22_RENT);
    Map<ByteString, Long> pre = new HashMap<>();
    for (ByteString fresh : List.of(paMint, paWsol, p.pool, p.lpMint, p.baseVault, p.quoteVault, userPool,
        p.poolAuthority)) {
      pre.put(fresh, 0L);
    }
    pre.put(c.bondingCurve, PumpTxFactory.CURVE_RENT + realSol);
    pre.put(c.associatedBondingCurve, T22_RENT);
    TransactionStatusMeta.Builder meta = TxKit.successMeta(txFee, logs, 2, inner, 184_022);
    delta.balances(b, ids.userLamports(), pre, meta);
    meta.addPreTokenBalances(t22Balance(b, c.associatedBondingCurve, c.mint, c.bondingCurve, mintAmount))
        .addPostTokenBalances(t22Balance(b, c.associatedBondingCurve, c.mint, c.bondingCurve, 0))
        .addPostTokenBalances(t22Balance(b, p.baseVault, c.mint, p.pool, mintAmount))
        .addPostTokenBalances(wsolBalance(b, p.quoteVault, p.pool, solAmount));

    ByteString sig = ids.signature();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(authority, ids.userLamports() + delta.of(authority), sig),
        TxKit.account(c.bondingCurve, PumpTxFactory.CURVE_RENT, PumpProgram.PROGRAM,
            PumpProgram.bondingCurveData(c.snapshot()), sig),
        TxKit.token2022Account(c.associatedBondingCurve, c.mint, c.bondingCurve, 0, sig),
        TxKit.account(p.pool, POOL_RENT, AMM, PumpSwapProgram.poolData(p.snapshot()), sig),
        TxKit.token2022Account(p.baseVault, c.mint, p.pool, mintAmount, sig),
        TxKit.splTokenAccount(p.quoteVault, WSOL_MINT, p.pool, solAmount, sig));
    List<ChainFact> facts = List.of(
        new ChainFact.CurveMigrated(b58(c.mint), b58(c.bondingCurve), b58(p.pool), mintAmount, solAmount,
            PumpProgram.POOL_MIGRATION_FEE),
        PumpTxFactory.curveWritten(c),
        poolWritten(p));
    return new GeneratedTransaction(Kind.PUMP_MIGRATE, TxKit.info(msg, meta, sig, ids.extraSignature()),
        writes, facts);
  }

  /** A pump_amm buy or sell; the pool's reserves are already updated by the caller. */
  GeneratedTransaction trade(SwapTrade t, TxIds ids) {
    SwapPool p = t.pool();
    ByteString user = t.user();
    ByteString userBase = ProgramAddress.ata(user, TOKEN_2022, p.mint);
    ByteString userWsol = ProgramAddress.ata(user, SPL_TOKEN, WSOL_MINT);
    ByteString feeAta = ProgramAddress.ata(t.protocolFeeRecipient(), SPL_TOKEN, WSOL_MINT);
    ByteString uva = ProgramAddress.pda(AMM, "user_volume_accumulator", user);

    TxBuilder b = new TxBuilder().signer(user, true);
    Logs logs = TxKit.computeBudget(b, 180_000, 27_778);
    TxKit.existingAta(b, logs, user, userWsol, WSOL_MINT, SPL_TOKEN);
    if (t.buy()) {
      TxKit.existingAta(b, logs, user, userBase, p.mint, TOKEN_2022);
    }
    if (t.wrap() > 0) {
      TxKit.wrapSol(b, logs, user, userWsol, t.wrap());
    }
    List<ByteString> accounts = new ArrayList<>(List.of(p.pool, user, PumpSwapProgram.GLOBAL_CONFIG, p.mint,
        WSOL_MINT, userBase, userWsol, p.baseVault, p.quoteVault, t.protocolFeeRecipient(), feeAta,
        TOKEN_2022, SPL_TOKEN, SYSTEM_PROGRAM, ATA_PROGRAM, AMM_EVENT_AUTHORITY, AMM,
        p.coinCreatorVaultAta, p.coinCreatorVaultAuthority));
    if (t.buy()) {
      accounts.addAll(List.of(AMM_GLOBAL_VOLUME, uva));
    }
    accounts.addAll(List.of(AMM_FEE_CONFIG, FEE_PROGRAM));
    TxKit.declare(b, accounts, p.pool, userBase, userWsol, p.baseVault, p.quoteVault, feeAta,
        p.coinCreatorVaultAta);
    if (t.buy()) {
      b.account(uva, true);
    }
    int swapIndex = b.instructionCount();
    b.instruction(AMM, accounts, t.buy() ? PumpSwapProgram.buyData(t.baseAmount(), t.limit())
        : PumpSwapProgram.sellData(t.baseAmount(), t.limit()));
    Message.Builder msg = b.compile(ids.blockhash(), true);

    List<InnerInstruction> inner = new ArrayList<>();
    logs.invoke(AMM, 1).log(t.buy() ? "Instruction: Buy" : "Instruction: Sell");
    byte[] getFees = new Borsh().raw(PumpProgram.GET_FEES).bool(true)
        .u128(BigInteger.valueOf(Curve.mulDiv(t.poolQuoteBefore(), PumpProgram.TOKEN_TOTAL_SUPPLY,
            t.poolBaseBefore())))
        .u64(t.quoteAmount()).u8(1).toByteArray();
    inner.add(b.inner(FEE_PROGRAM, List.of(AMM_FEE_CONFIG, AMM), getFees, 2));
    logs.invoke(FEE_PROGRAM, 2).log("Instruction: GetFees").consumed(FEE_PROGRAM, 4_101, 151_020)
        .returned(FEE_PROGRAM, new Borsh().u64(PumpSwapProgram.LP_FEE_BASIS_POINTS)
            .u64(PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS)
            .u64(PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS).toByteArray())
        .success(FEE_PROGRAM);
    long userQuote = t.userQuoteAmount();
    if (t.buy()) {
      transfer(b, logs, inner, TOKEN_2022, p.baseVault, p.mint, userBase, p.pool, t.baseAmount(), 6);
      transfer(b, logs, inner, SPL_TOKEN, userWsol, WSOL_MINT, p.quoteVault, user, t.quoteAmount() + t.lpFee(), 9);
      transfer(b, logs, inner, SPL_TOKEN, userWsol, WSOL_MINT, feeAta, user, t.protocolFee(), 9);
      transfer(b, logs, inner, SPL_TOKEN, userWsol, WSOL_MINT, p.coinCreatorVaultAta, user, t.coinCreatorFee(), 9);
    } else {
      transfer(b, logs, inner, TOKEN_2022, userBase, p.mint, p.baseVault, user, t.baseAmount(), 6);
      transfer(b, logs, inner, SPL_TOKEN, p.quoteVault, WSOL_MINT, userWsol, p.pool, userQuote, 9);
      transfer(b, logs, inner, SPL_TOKEN, p.quoteVault, WSOL_MINT, feeAta, p.pool, t.protocolFee(), 9);
      transfer(b, logs, inner, SPL_TOKEN, p.quoteVault, WSOL_MINT, p.coinCreatorVaultAta, p.pool, t.coinCreatorFee(), 9);
    }
    TxKit.emitCpi(b, logs, inner, AMM, AMM_EVENT_AUTHORITY, event(t, userBase, userWsol, feeAta), 2, false);
    logs.consumed(AMM, t.buy() ? 68_334 : 61_902, 170_000).success(AMM);

    long txFee = TxKit.BASE_FEE + 5_000;
    long wsolAfter = t.userWsolBefore() + (t.buy() ? -userQuote : userQuote);
    long poolQuoteAfter = t.poolQuoteBefore() + (t.buy() ? t.quoteAmount() + t.lpFee()
        : -(userQuote + t.protocolFee() + t.coinCreatorFee()));
    long poolBaseAfter = t.poolBaseBefore() + (t.buy() ? -t.baseAmount() : t.baseAmount());
    long userBaseAfter = t.userBaseBefore() + (t.buy() ? t.baseAmount() : -t.baseAmount());
    Deltas delta = new Deltas().add(user, -t.wrap() - txFee)
        .add(userWsol, wsolAfter - (t.userWsolBefore() - t.wrap()))
        .add(p.quoteVault, poolQuoteAfter - t.poolQuoteBefore())
        .add(feeAta, t.protocolFee()).add(p.coinCreatorVaultAta, t.coinCreatorFee());
    Map<ByteString, Long> pre = Map.of(userWsol, SPL_RENT + t.userWsolBefore() - t.wrap(),
        p.quoteVault, SPL_RENT + t.poolQuoteBefore(), p.baseVault, T22_RENT, userBase, T22_RENT);
    TransactionStatusMeta.Builder meta =
        TxKit.successMeta(txFee, logs, swapIndex, inner, t.buy() ? 91_120 : 78_450);
    delta.balances(b, ids.userLamports(), pre, meta);
    if (t.userBaseBefore() > 0) {
      meta.addPreTokenBalances(t22Balance(b, userBase, p.mint, user, t.userBaseBefore()));
    }
    meta.addPreTokenBalances(wsolBalance(b, userWsol, user, t.userWsolBefore() - t.wrap()))
        .addPreTokenBalances(t22Balance(b, p.baseVault, p.mint, p.pool, t.poolBaseBefore()))
        .addPreTokenBalances(wsolBalance(b, p.quoteVault, p.pool, t.poolQuoteBefore()))
        .addPostTokenBalances(t22Balance(b, userBase, p.mint, user, userBaseAfter))
        .addPostTokenBalances(wsolBalance(b, userWsol, user, wsolAfter))
        .addPostTokenBalances(t22Balance(b, p.baseVault, p.mint, p.pool, poolBaseAfter))
        .addPostTokenBalances(wsolBalance(b, p.quoteVault, p.pool, poolQuoteAfter));

    ByteString sig = ids.signature();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(user, ids.userLamports() + delta.of(user), sig),
        TxKit.splTokenAccount(userWsol, WSOL_MINT, user, wsolAfter, sig),
        TxKit.token2022Account(userBase, p.mint, user, userBaseAfter, sig),
        TxKit.token2022Account(p.baseVault, p.mint, p.pool, poolBaseAfter, sig),
        TxKit.splTokenAccount(p.quoteVault, WSOL_MINT, p.pool, poolQuoteAfter, sig));
    List<ChainFact> facts = List.of(new ChainFact.PumpSwapTraded(b58(p.pool), b58(p.mint), b58(user),
        t.buy(), t.baseAmount(), t.quoteAmount(), userQuote, t.poolBaseBefore(), t.poolQuoteBefore()));
    return new GeneratedTransaction(t.buy() ? Kind.PUMPSWAP_BUY : Kind.PUMPSWAP_SELL,
        TxKit.info(msg, meta, sig, ids.extraSignature()), writes, facts);
  }

  private static byte[] event(SwapTrade t, ByteString userBase, ByteString userWsol, ByteString feeAta) {
    SwapPool p = t.pool();
    long buyback = t.protocolFee() / 2;
    if (t.buy()) {
      return PumpSwapProgram.buyEvent(new PumpSwapProgram.BuyEvent(t.timestamp(), t.baseAmount(), t.limit(),
          t.userBaseBefore(), t.userWsolBefore(), t.poolBaseBefore(), t.poolQuoteBefore(), t.quoteAmount(),
          PumpSwapProgram.LP_FEE_BASIS_POINTS, t.lpFee(), PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS,
          t.protocolFee(), t.quoteAmount() + t.lpFee(), t.userQuoteAmount(), p.pool, t.user(), userBase,
          userWsol, t.protocolFeeRecipient(), feeAta, p.coinCreator,
          PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS, t.coinCreatorFee(), false, 0, 0, 0, 0,
          t.baseAmount(), "buy", 0, 0, PumpSwapProgram.BUYBACK_FEE_BASIS_POINTS, buyback));
    }
    return PumpSwapProgram.sellEvent(new PumpSwapProgram.SellEvent(t.timestamp(), t.baseAmount(), t.limit(),
        t.userBaseBefore(), t.userWsolBefore(), t.poolBaseBefore(), t.poolQuoteBefore(), t.quoteAmount(),
        PumpSwapProgram.LP_FEE_BASIS_POINTS, t.lpFee(), PumpSwapProgram.PROTOCOL_FEE_BASIS_POINTS,
        t.protocolFee(), t.quoteAmount() - t.lpFee(), t.userQuoteAmount(), p.pool, t.user(), userBase,
        userWsol, t.protocolFeeRecipient(), feeAta, p.coinCreator,
        PumpSwapProgram.COIN_CREATOR_FEE_BASIS_POINTS, t.coinCreatorFee(), 0, 0,
        PumpSwapProgram.BUYBACK_FEE_BASIS_POINTS, buyback));
  }

  /** The fact of writing {@code p}'s Pool account as it is now. */
  static ChainFact.PumpSwapPoolWritten poolWritten(SwapPool p) {
    return new ChainFact.PumpSwapPoolWritten(b58(p.pool), b58(p.mint), b58(WSOL_MINT), b58(p.lpMint),
        b58(p.poolAuthority), b58(p.coinCreator), b58(p.baseVault), b58(p.quoteVault), p.lpSupply);
  }

  /** An ATA CreateIdempotent CPI at {@code depth} with its own CPIs one level deeper. */
  private static void ataCpi(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString payer,
      ByteString ata, ByteString owner, ByteString mint, ByteString tokenProgram, int depth) {
    inner.add(b.inner(ATA_PROGRAM, List.of(payer, ata, owner, mint, SYSTEM_PROGRAM, tokenProgram),
        new byte[] {1}, depth));
    TxKit.ataCreate(b, logs, inner, payer, ata, owner, mint, tokenProgram, depth, "CreateIdempotent");
  }

  private static void transfer(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString tokenProgram,
      ByteString from, ByteString mint, ByteString to, ByteString authority, long amount, int decimals) {
    inner.add(b.inner(tokenProgram, List.of(from, mint, to, authority),
        SolanaData.transferChecked(amount, decimals), 2));
    TxKit.tokenLog(logs, tokenProgram, "Instruction: TransferChecked", 6_147, 2);
  }

  private static dev.geyserpool.proto.solana.TokenBalance t22Balance(
      TxBuilder b, ByteString account, ByteString mint, ByteString owner, long amount) {
    return TxKit.tokenBalance(b.index(account), mint, owner, amount, PumpProgram.TOKEN_DECIMALS, TOKEN_2022);
  }

  private static dev.geyserpool.proto.solana.TokenBalance wsolBalance(
      TxBuilder b, ByteString account, ByteString owner, long amount) {
    return TxKit.tokenBalance(b.index(account), WSOL_MINT, owner, amount, PumpSwapProgram.QUOTE_DECIMALS,
        SPL_TOKEN);
  }

  private static String b58(ByteString key) {
    return SolanaData.b58(key);
  }
}
