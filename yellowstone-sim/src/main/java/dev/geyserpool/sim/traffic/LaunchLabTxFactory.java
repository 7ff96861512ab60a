package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.LaunchLabProgram.AUTHORITY;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.EVENT_AUTHORITY;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.GLOBAL_CONFIG;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.PLATFORM_CONFIG;
import static dev.geyserpool.sim.traffic.LaunchLabProgram.PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.ATA_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.METAPLEX;
import static dev.geyserpool.sim.traffic.PumpProgram.RENT_SYSVAR;
import static dev.geyserpool.sim.traffic.PumpProgram.SPL_TOKEN;
import static dev.geyserpool.sim.traffic.PumpProgram.SYSTEM_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.WSOL_MINT;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TokenBalance;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import dev.geyserpool.sim.traffic.PumpTxFactory.TxIds;
import dev.geyserpool.sim.traffic.SolanaData.Logs;
import dev.geyserpool.sim.traffic.TxKit.Deltas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Raydium LaunchLab transactions as bonk.fun sends them: {@code initialize_v2} (18
 * accounts, SPL Token mint with Metaplex metadata, whole supply minted to the base vault),
 * {@code buy_exact_in}/{@code sell_exact_in} (15 accounts plus the remaining system program,
 * platform fee vault and creator fee vault; quote paid from the user's wSOL account) and
 * {@code migrate_to_cpswap} (28 accounts, CPI to Raydium CPMM {@code initialize}). Events are
 * emitted LaunchLab-style: the self-CPI first, then the {@code Program data:} line (facts §8).
 *
 * <p>Pure builder: {@link LaunchLabTraffic} decides amounts and owns the pool state (already
 * updated when a builder runs). Not thread-safe.
 */
final class LaunchLabTxFactory {
  /** A decided LaunchLab trade: the swap and the balances before it. */
  record LaunchTrade(
      LaunchPool pool, ByteString user, LaunchPool.Swap swap, long minimumOut, long userBaseBefore,
      long userWsolBefore, long wrap, long realBaseBefore, long realQuoteBefore, long quoteVaultBefore,
      int statusBefore, long timestamp, long epoch) {}

  private static final long MINT_RENT = SolanaData.rentExempt(SolanaData.SPL_MINT_SIZE);
  private static final long POOL_RENT = SolanaData.rentExempt(LaunchLabProgram.POOL_STATE_SIZE);
  private static final long SPL_RENT = TxKit.SPL_TOKEN_ACCOUNT_RENT;
  private static final int METADATA_SIZE = 679;
  private static final long METADATA_RENT = SolanaData.rentExempt(METADATA_SIZE);

  /** initialize_v2: a new pool with the bonk.fun defaults; {@code p} is fresh. */
  GeneratedTransaction create(LaunchPool p, TxIds ids, long epoch) {
    ByteString creator = p.creator;
    ByteString metadata = LaunchLabProgram.metadata(p.baseMint);
    TxBuilder b = new TxBuilder().signer(creator, true).signer(p.baseMint, true);
    Logs logs = TxKit.computeBudget(b, 300_000, 50_000);
    List<ByteString> accounts = List.of(creator, creator, GLOBAL_CONFIG, PLATFORM_CONFIG, AUTHORITY, p.pool,
        p.baseMint, WSOL_MINT, p.baseVault, p.quoteVault, metadata, SPL_TOKEN, SPL_TOKEN, METAPLEX,
        SYSTEM_PROGRAM, RENT_SYSVAR, EVENT_AUTHORITY, PROGRAM);
    TxKit.declare(b, accounts, p.pool, p.baseVault, p.quoteVault, metadata);
    b.instruction(PROGRAM, accounts, LaunchLabProgram.initializeV2Data(p.name, p.symbol, p.uri));
    Message.Builder msg = b.compile(ids.blockhash(), true);

    List<InnerInstruction> inner = new ArrayList<>();
    logs.invoke(PROGRAM, 1).log("Instruction: InitializeV2");
    createAccount(b, logs, inner, creator, p.baseMint, MINT_RENT, SolanaData.SPL_MINT_SIZE, SPL_TOKEN);
    inner.add(b.inner(SPL_TOKEN, List.of(p.baseMint),
        SolanaData.initializeMint2(LaunchLabProgram.BASE_DECIMALS, AUTHORITY), 2));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: InitializeMint2", 2_918, 2);
    createAccount(b, logs, inner, creator, p.pool, POOL_RENT, LaunchLabProgram.POOL_STATE_SIZE, PROGRAM);
    for (ByteString[] vault : new ByteString[][] {{p.baseVault, p.baseMint}, {p.quoteVault, WSOL_MINT}}) {
      createAccount(b, logs, inner, creator, vault[0], SPL_RENT, SolanaData.SPL_TOKEN_ACCOUNT_SIZE, SPL_TOKEN);
      inner.add(b.inner(SPL_TOKEN, List.of(vault[0], vault[1]), SolanaData.initializeAccount3(AUTHORITY), 2));
      TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: InitializeAccount3", 4_214, 2);
    }
    inner.add(b.inner(METAPLEX, List.of(metadata, p.baseMint, AUTHORITY, creator, AUTHORITY, SYSTEM_PROGRAM,
        RENT_SYSVAR), SolanaData.createMetadataAccountV3(p.name, p.symbol, p.uri), 2));
    logs.invoke(METAPLEX, 2).log("IX: Create Metadata Accounts v3");
    inner.add(b.inner(SYSTEM_PROGRAM, List.of(creator, metadata),
        SolanaData.systemCreateAccount(METADATA_RENT, METADATA_SIZE, METAPLEX), 3));
    logs.simple(SYSTEM_PROGRAM, 3).consumed(METAPLEX, 33_615, 245_004).success(METAPLEX);
    inner.add(b.inner(SPL_TOKEN, List.of(p.baseMint, p.baseVault, AUTHORITY),
        SolanaData.mintTo(LaunchLabProgram.SUPPLY), 2));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: MintTo", 4_492, 2);
    inner.add(b.inner(SPL_TOKEN, List.of(p.baseMint, AUTHORITY), SolanaData.revokeMintAuthority(), 2));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: SetAuthority", 2_795, 2);
    byte[] event = LaunchLabProgram.poolCreateEvent(new LaunchLabProgram.PoolCreateEvent(p.pool, creator,
        GLOBAL_CONFIG, LaunchLabProgram.BASE_DECIMALS, p.name, p.symbol, p.uri, LaunchLabProgram.SUPPLY,
        LaunchLabProgram.TOTAL_BASE_SELL, LaunchLabProgram.TOTAL_QUOTE_FUND_RAISING,
        LaunchLabProgram.MIGRATE_TYPE_CPSWAP, 0, 0, 0, 0));
    TxKit.emitCpi(b, logs, inner, PROGRAM, EVENT_AUTHORITY, event, 2, true);
    logs.consumed(PROGRAM, 121_730, 299_700).success(PROGRAM);

    long txFee = 2 * TxKit.BASE_FEE + 15_000;
    Deltas delta = new Deltas()
        .add(creator, -(MINT_RENT + POOL_RENT + 2 * SPL_RENT + METADATA_RENT + txFee))
        .add(p.baseMint, MINT_RENT).add(p.pool, POOL_RENT).add(p.baseVault, SPL_RENT)
        .add(p.quoteVault, SPL_RENT).add(metadata, METADATA_RENT);
    Map<ByteString, Long> pre = new HashMap<>();
    for (ByteString fresh : List.of(p.baseMint, p.pool, p.baseVault, p.quoteVault, metadata)) {
      pre.put(fresh, 0L);
    }
    TransactionStatusMeta.Builder meta = TxKit.successMeta(txFee, logs, 2, inner, 122_030);
    delta.balances(b, ids.userLamports(), pre, meta);
    meta.addPostTokenBalances(baseBalance(b, p.baseVault, p.baseMint, AUTHORITY, LaunchLabProgram.SUPPLY))
        .addPostTokenBalances(wsolBalance(b, p.quoteVault, AUTHORITY, 0));

    ByteString sig = ids.signature();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(creator, ids.userLamports() + delta.of(creator), sig),
        TxKit.account(p.baseMint, MINT_RENT, SPL_TOKEN,
            SolanaData.splMint(LaunchLabProgram.SUPPLY, LaunchLabProgram.BASE_DECIMALS), sig),
        poolStateWrite(p, epoch, sig),
        TxKit.splTokenAccount(p.baseVault, p.baseMint, AUTHORITY, LaunchLabProgram.SUPPLY, sig),
        TxKit.splTokenAccount(p.quoteVault, WSOL_MINT, AUTHORITY, 0, sig));
    List<ChainFact> facts = List.of(
        new ChainFact.LaunchLabPoolCreated(b58(p.pool), b58(p.baseMint), b58(WSOL_MINT), b58(creator),
            p.name, p.symbol, p.uri),
        poolStateWritten(p));
    return new GeneratedTransaction(Kind.LAUNCHLAB_CREATE, TxKit.info(msg, meta, sig, ids.extraSignature()),
        writes, facts);
  }

  /** buy_exact_in / sell_exact_in; the pool already reflects the trade. */
  GeneratedTransaction trade(LaunchTrade t, TxIds ids) {
    LaunchPool p = t.pool();
    LaunchPool.Swap s = t.swap();
    ByteString user = t.user();
    ByteString userBase = ProgramAddress.ata(user, SPL_TOKEN, p.baseMint);
    ByteString userWsol = ProgramAddress.ata(user, SPL_TOKEN, WSOL_MINT);
    ByteString platformVault = LaunchLabProgram.platformFeeVault(PLATFORM_CONFIG, WSOL_MINT);

    TxBuilder b = new TxBuilder().signer(user, true);
    Logs logs = TxKit.computeBudget(b, 200_000, 75_000);
    TxKit.existingAta(b, logs, user, userWsol, WSOL_MINT, SPL_TOKEN);
    if (s.buy()) {
      TxKit.existingAta(b, logs, user, userBase, p.baseMint, SPL_TOKEN);
    }
    if (t.wrap() > 0) {
      TxKit.wrapSol(b, logs, user, userWsol, t.wrap());
    }
    List<ByteString> accounts = List.of(user, AUTHORITY, GLOBAL_CONFIG, PLATFORM_CONFIG, p.pool, userBase,
        userWsol, p.baseVault, p.quoteVault, p.baseMint, WSOL_MINT, SPL_TOKEN, SPL_TOKEN, EVENT_AUTHORITY,
        PROGRAM, SYSTEM_PROGRAM, platformVault, p.creatorFeeVault);
    TxKit.declare(b, accounts, p.pool, userBase, userWsol, p.baseVault, p.quoteVault, platformVault,
        p.creatorFeeVault);
    int swapIndex = b.instructionCount();
    b.instruction(PROGRAM, accounts, LaunchLabProgram.swapData(
        s.buy() ? LaunchLabProgram.BUY_EXACT_IN : LaunchLabProgram.SELL_EXACT_IN, s.amountIn(), t.minimumOut(), 0));
    Message.Builder msg = b.compile(ids.blockhash(), true);

    List<InnerInstruction> inner = new ArrayList<>();
    logs.invoke(PROGRAM, 1).log(s.buy() ? "Instruction: BuyExactIn" : "Instruction: SellExactIn");
    byte[] event = LaunchLabProgram.tradeEvent(new LaunchLabProgram.TradeEvent(p.pool,
        LaunchLabProgram.TOTAL_BASE_SELL, LaunchLabProgram.VIRTUAL_BASE, LaunchLabProgram.VIRTUAL_QUOTE,
        t.realBaseBefore(), t.realQuoteBefore(), p.realBase, p.realQuote, s.amountIn(), s.amountOut(),
        s.protocolFee(), s.platformFee(), s.creatorFee(), 0, s.buy() ? 0 : 1, p.status, true));
    TxKit.emitCpi(b, logs, inner, PROGRAM, EVENT_AUTHORITY, event, 2, true);
    if (s.buy()) {
      transfer(b, logs, inner, userWsol, WSOL_MINT, p.quoteVault, user, s.amountIn() - s.creatorFee(), 9);
      transfer(b, logs, inner, userWsol, WSOL_MINT, p.creatorFeeVault, user, s.creatorFee(), 9);
      transfer(b, logs, inner, p.baseVault, p.baseMint, userBase, AUTHORITY, s.amountOut(), 6);
    } else {
      transfer(b, logs, inner, userBase, p.baseMint, p.baseVault, user, s.amountIn(), 6);
      transfer(b, logs, inner, p.quoteVault, WSOL_MINT, userWsol, AUTHORITY, s.amountOut(), 9);
      transfer(b, logs, inner, p.quoteVault, WSOL_MINT, p.creatorFeeVault, AUTHORITY, s.creatorFee(), 9);
    }
    logs.consumed(PROGRAM, s.buy() ? 58_214 : 52_377, 199_550).success(PROGRAM);

    long txFee = TxKit.BASE_FEE + 15_000;
    long wsolAfter = t.userWsolBefore() + (s.buy() ? -s.amountIn() : s.amountOut());
    long baseAfter = t.userBaseBefore() + (s.buy() ? s.amountOut() : -s.amountIn());
    long quoteVaultAfter = p.quoteVaultBalance;
    Deltas delta = new Deltas().add(user, -t.wrap() - txFee)
        .add(userWsol, wsolAfter - (t.userWsolBefore() - t.wrap()))
        .add(p.quoteVault, quoteVaultAfter - t.quoteVaultBefore())
        .add(p.creatorFeeVault, s.creatorFee());
    Map<ByteString, Long> pre = Map.of(userWsol, SPL_RENT + t.userWsolBefore() - t.wrap(),
        p.quoteVault, SPL_RENT + t.quoteVaultBefore(), p.baseVault, SPL_RENT, userBase, SPL_RENT,
        p.pool, POOL_RENT);
    TransactionStatusMeta.Builder meta =
        TxKit.successMeta(txFee, logs, swapIndex, inner, s.buy() ? 72_604 : 66_180);
    delta.balances(b, ids.userLamports(), pre, meta);
    long baseVaultBefore = LaunchLabProgram.SUPPLY - t.realBaseBefore();
    if (t.userBaseBefore() > 0) {
      meta.addPreTokenBalances(baseBalance(b, userBase, p.baseMint, user, t.userBaseBefore()));
    }
    meta.addPreTokenBalances(wsolBalance(b, userWsol, user, t.userWsolBefore() - t.wrap()))
        .addPreTokenBalances(baseBalance(b, p.baseVault, p.baseMint, AUTHORITY, baseVaultBefore))
        .addPreTokenBalances(wsolBalance(b, p.quoteVault, AUTHORITY, t.quoteVaultBefore()))
        .addPostTokenBalances(baseBalance(b, userBase, p.baseMint, user, baseAfter))
        .addPostTokenBalances(wsolBalance(b, userWsol, user, wsolAfter))
        .addPostTokenBalances(baseBalance(b, p.baseVault, p.baseMint, AUTHORITY, p.baseVaultBalance()))
        .addPostTokenBalances(wsolBalance(b, p.quoteVault, AUTHORITY, quoteVaultAfter));

    ByteString sig = ids.signature();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(user, ids.userLamports() + delta.of(user), sig),
        poolStateWrite(p, t.epoch(), sig),
        TxKit.splTokenAccount(userBase, p.baseMint, user, baseAfter, sig),
        TxKit.splTokenAccount(userWsol, WSOL_MINT, user, wsolAfter, sig),
        TxKit.splTokenAccount(p.baseVault, p.baseMint, AUTHORITY, p.baseVaultBalance(), sig),
        TxKit.splTokenAccount(p.quoteVault, WSOL_MINT, AUTHORITY, quoteVaultAfter, sig));
    List<ChainFact> facts = new ArrayList<>();
    facts.add(new ChainFact.LaunchLabTraded(b58(p.pool), b58(p.baseMint), b58(user), s.buy(), s.amountIn(),
        s.amountOut(), p.realBase, p.realQuote, p.status));
    if (p.status != t.statusBefore()) {
      facts.add(new ChainFact.LaunchLabStatusChanged(b58(p.pool), b58(p.baseMint), t.statusBefore(), p.status));
    }
    facts.add(poolStateWritten(p));
    return new GeneratedTransaction(s.buy() ? Kind.LAUNCHLAB_BUY : Kind.LAUNCHLAB_SELL,
        TxKit.info(msg, meta, sig, ids.extraSignature()), writes, facts);
  }

  /**
   * migrate_to_cpswap of a pool in status Migrate: the base left in the vault and the raised
   * quote seed a Raydium CPMM pool; the PoolState becomes Trade. {@code p.status} is already 2.
   */
  GeneratedTransaction migrate(LaunchPool p, TxIds ids, long epoch) {
    ByteString payer = LaunchLabProgram.MIGRATE_TO_CPSWAP_WALLET;
    ByteString cpmm = LaunchLabProgram.CPMM_PROGRAM;
    ByteString cpPool = LaunchLabProgram.cpmmPool(p.baseMint, WSOL_MINT);
    ByteString lpMint = ProgramAddress.pda(cpmm, "pool_lp_mint", cpPool);
    ByteString cpBase = ProgramAddress.pda(cpmm, "pool_vault", cpPool, p.baseMint);
    ByteString cpQuote = ProgramAddress.pda(cpmm, "pool_vault", cpPool, WSOL_MINT);
    ByteString observation = ProgramAddress.pda(cpmm, "observation", cpPool);
    ByteString lockLpVault = ProgramAddress.ata(LaunchLabProgram.LOCK_AUTHORITY, SPL_TOKEN, lpMint);
    ByteString poolLpToken = ProgramAddress.ata(AUTHORITY, SPL_TOKEN, lpMint);
    long baseAmount = LaunchLabProgram.SUPPLY - p.realBase;
    long quoteAmount = p.realQuote;

    TxBuilder b = new TxBuilder().signer(payer, true);
    Logs logs = TxKit.computeBudget(b, 600_000, 10_000);
    List<ByteString> accounts = List.of(payer, p.baseMint, WSOL_MINT, PLATFORM_CONFIG, cpmm, cpPool,
        LaunchLabProgram.CPMM_AUTHORITY, lpMint, cpBase, cpQuote, LaunchLabProgram.CPMM_AMM_CONFIG,
        LaunchLabProgram.CPMM_CREATE_POOL_FEE, observation, LaunchLabProgram.LOCK_PROGRAM,
        LaunchLabProgram.LOCK_AUTHORITY, lockLpVault, AUTHORITY, p.pool, GLOBAL_CONFIG, p.baseVault,
        p.quoteVault, poolLpToken, SPL_TOKEN, SPL_TOKEN, ATA_PROGRAM, SYSTEM_PROGRAM, RENT_SYSVAR, METAPLEX);
    TxKit.declare(b, accounts, p.baseMint, cpPool, lpMint, cpBase, cpQuote,
        LaunchLabProgram.CPMM_CREATE_POOL_FEE, observation, lockLpVault, AUTHORITY, p.pool, p.baseVault,
        p.quoteVault, poolLpToken);
    b.instruction(PROGRAM, accounts, LaunchLabProgram.MIGRATE_TO_CPSWAP.toByteArray());
    Message.Builder msg = b.compile(ids.blockhash(), true);

    boolean baseFirst = ByteString.unsignedLexicographicalComparator().compare(p.baseMint, WSOL_MINT) < 0;
    List<InnerInstruction> inner = new ArrayList<>();
    logs.invoke(PROGRAM, 1).log("Instruction: MigrateToCpswap");
    byte[] initialize = new Borsh().raw(LaunchLabProgram.CPMM_INITIALIZE)
        .u64(baseFirst ? baseAmount : quoteAmount).u64(baseFirst ? quoteAmount : baseAmount).u64(0)
        .toByteArray();
    ByteString mint0 = baseFirst ? p.baseMint : WSOL_MINT;
    ByteString mint1 = baseFirst ? WSOL_MINT : p.baseMint;
    inner.add(b.inner(cpmm, List.of(AUTHORITY, LaunchLabProgram.CPMM_AMM_CONFIG, LaunchLabProgram.CPMM_AUTHORITY,
        cpPool, mint0, mint1, lpMint, baseFirst ? p.baseVault : p.quoteVault,
        baseFirst ? p.quoteVault : p.baseVault, poolLpToken, baseFirst ? cpBase : cpQuote,
        baseFirst ? cpQuote : cpBase, LaunchLabProgram.CPMM_CREATE_POOL_FEE, observation, SPL_TOKEN, SPL_TOKEN,
        SPL_TOKEN, ATA_PROGRAM, SYSTEM_PROGRAM, RENT_SYSVAR), initialize, 2));
    logs.invoke(cpmm, 2).log("Instruction: Initialize").consumed(cpmm, 96_340, 540_118).success(cpmm);
    logs.consumed(PROGRAM, 241_556, 599_700).success(PROGRAM);

    long txFee = TxKit.BASE_FEE + 6_000;
    long feesLeft = p.quoteVaultBalance - quoteAmount;
    Deltas delta = new Deltas().add(payer, -txFee).add(p.quoteVault, -quoteAmount)
        .add(cpQuote, quoteAmount);
    Map<ByteString, Long> pre = Map.of(p.quoteVault, SPL_RENT + p.quoteVaultBalance, p.pool, POOL_RENT,
        cpQuote, 0L);
    TransactionStatusMeta.Builder meta = TxKit.successMeta(txFee, logs, 2, inner, 241_856);
    delta.balances(b, ids.userLamports(), pre, meta);
    meta.addPreTokenBalances(baseBalance(b, p.baseVault, p.baseMint, AUTHORITY, baseAmount))
        .addPreTokenBalances(wsolBalance(b, p.quoteVault, AUTHORITY, p.quoteVaultBalance))
        .addPostTokenBalances(baseBalance(b, p.baseVault, p.baseMint, AUTHORITY, 0))
        .addPostTokenBalances(wsolBalance(b, p.quoteVault, AUTHORITY, feesLeft));
    p.quoteVaultBalance = feesLeft;

    ByteString sig = ids.signature();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(payer, ids.userLamports() - txFee, sig),
        poolStateWrite(p, epoch, sig),
        TxKit.splTokenAccount(p.baseVault, p.baseMint, AUTHORITY, 0, sig),
        TxKit.splTokenAccount(p.quoteVault, WSOL_MINT, AUTHORITY, feesLeft, sig));
    List<ChainFact> facts = List.of(
        new ChainFact.LaunchLabStatusChanged(b58(p.pool), b58(p.baseMint), LaunchLabProgram.STATUS_MIGRATE,
            p.status),
        poolStateWritten(p));
    return new GeneratedTransaction(Kind.LAUNCHLAB_MIGRATE, TxKit.info(msg, meta, sig, ids.extraSignature()),
        writes, facts);
  }

  private static SubscribeUpdateAccountInfo poolStateWrite(LaunchPool p, long epoch, ByteString sig) {
    return TxKit.account(p.pool, POOL_RENT, PROGRAM, LaunchLabProgram.poolStateData(p.snapshot(epoch)), sig);
  }

  static ChainFact.PoolStateWritten poolStateWritten(LaunchPool p) {
    return new ChainFact.PoolStateWritten(b58(p.pool), b58(p.baseMint), p.status, p.realBase, p.realQuote,
        LaunchLabProgram.TOTAL_BASE_SELL);
  }

  private static void createAccount(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString payer,
      ByteString account, long lamports, int space, ByteString owner) {
    inner.add(b.inner(SYSTEM_PROGRAM, List.of(payer, account),
        SolanaData.systemCreateAccount(lamports, space, owner), 2));
    logs.simple(SYSTEM_PROGRAM, 2);
  }

  private static void transfer(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString from,
      ByteString mint, ByteString to, ByteString authority, long amount, int decimals) {
    inner.add(b.inner(SPL_TOKEN, List.of(from, mint, to, authority),
        SolanaData.transferChecked(amount, decimals), 2));
    TxKit.tokenLog(logs, SPL_TOKEN, "Instruction: TransferChecked", 6_238, 2);
  }

  private static TokenBalance baseBalance(TxBuilder b, ByteString account, ByteString mint, ByteString owner,
      long amount) {
    return TxKit.tokenBalance(b.index(account), mint, owner, amount, LaunchLabProgram.BASE_DECIMALS, SPL_TOKEN);
  }

  private static TokenBalance wsolBalance(TxBuilder b, ByteString account, ByteString owner, long amount) {
    return TxKit.tokenBalance(b.index(account), WSOL_MINT, owner, amount, LaunchLabProgram.QUOTE_DECIMALS,
        SPL_TOKEN);
  }

  private static String b58(ByteString key) {
    return SolanaData.b58(key);
  }
}
