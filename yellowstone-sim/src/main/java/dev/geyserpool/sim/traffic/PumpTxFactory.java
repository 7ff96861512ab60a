package dev.geyserpool.sim.traffic;

import static dev.geyserpool.sim.traffic.PumpProgram.ATA_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.COMPUTE_BUDGET;
import static dev.geyserpool.sim.traffic.PumpProgram.EVENT_AUTHORITY;
import static dev.geyserpool.sim.traffic.PumpProgram.FEE_CONFIG;
import static dev.geyserpool.sim.traffic.PumpProgram.FEE_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.GLOBAL;
import static dev.geyserpool.sim.traffic.PumpProgram.GLOBAL_VOLUME_ACCUMULATOR;
import static dev.geyserpool.sim.traffic.PumpProgram.MAYHEM_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.MINT_AUTHORITY;
import static dev.geyserpool.sim.traffic.PumpProgram.PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.SYSTEM_PROGRAM;
import static dev.geyserpool.sim.traffic.PumpProgram.TOKEN_2022;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TokenBalance;
import dev.geyserpool.proto.solana.TransactionError;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import dev.geyserpool.sim.traffic.SolanaData.Logs;
import dev.geyserpool.sim.traffic.TxKit.Deltas;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds Pump.fun transactions shaped like the mainnet fixture (create_v2 + ATA + buy; buy;
 * sell): key table, instruction data, inner instructions with the emit_cpi event, logs with
 * {@code Program data:} lines, balances, token balances, and the accounts they write.
 *
 * <p>The buy that empties the curve's real token reserves also emits CompleteEvent (after the
 * TradeEvent, both as {@code Program data:} and self-CPI) and writes {@code complete = true}.
 * Every successful transaction carries its {@link ChainFact}s.
 *
 * <p>Pure builder: the caller ({@link PumpCurveTraffic}) decides amounts and owns all state.
 * Not thread-safe (uses a per-transaction scratch map).
 */
final class PumpTxFactory {
  /** A decided trade: amounts, post-trade curve, and the balances it moves. */
  record Trade(
      Curve curve, ByteString user, boolean buy, long tokens, long sol, long fee, long creatorFee,
      long buybackFee, long limit, ByteString feeRecipient, long userTokensBefore,
      long curveTokensBefore, long marketCapBefore, long timestamp) {}

  /** Per-transaction inputs from the generator's random source. */
  record TxIds(ByteString signature, ByteString extraSignature, ByteString blockhash, long userLamports) {}

  static final long CURVE_RENT = SolanaData.rentExempt(PumpProgram.BONDING_CURVE_SIZE);
  private static final long TOKEN_ACCOUNT_RENT = TxKit.TOKEN_ACCOUNT_RENT;
  private static final ByteString GLOBAL_PARAMS = PumpProgram.key("13ec7XdrjF3h3YcqBTFDSReRcUFwbCnJaAQspM4j6DDJ");
  private static final ByteString SOL_VAULT = PumpProgram.key("BwWK17cbHxwWBKZkUYvzxLcNQ1YVyaFezduWbtm2de6s");

  private Deltas delta = new Deltas();

  /** create_v2 + ATA create_idempotent + buy, as the fixture transaction. */
  GeneratedTransaction createAndBuy(String name, String symbol, String uri, Trade t, TxIds ids) {
    Curve c = t.curve();
    ByteString user = t.user();
    ByteString userAta = ata(user, c.mint);
    ByteString mayhemState = SolanaData.derive("mayhem-state", c.mint);
    ByteString mayhemVault = SolanaData.derive("mayhem-token-vault", c.mint);
    TxBuilder b = new TxBuilder().signer(user, true).signer(c.mint, true);
    List<ByteString> createAccounts = List.of(c.mint, MINT_AUTHORITY, c.bondingCurve,
        c.associatedBondingCurve, GLOBAL, user, SYSTEM_PROGRAM, TOKEN_2022, ATA_PROGRAM,
        MAYHEM_PROGRAM, GLOBAL_PARAMS, SOL_VAULT, mayhemState, mayhemVault, EVENT_AUTHORITY, PROGRAM);
    TxKit.declare(b, createAccounts, c.mint, c.bondingCurve, c.associatedBondingCurve, user,
        MAYHEM_PROGRAM, SOL_VAULT, mayhemState, mayhemVault);
    b.instruction(PROGRAM, createAccounts,
        PumpProgram.createV2Data(name, symbol, uri, user, false));
    List<ByteString> ataAccounts = List.of(user, userAta, user, c.mint, SYSTEM_PROGRAM, TOKEN_2022);
    TxKit.declare(b, ataAccounts, userAta);
    b.instruction(ATA_PROGRAM, ataAccounts, new byte[] {1});
    List<ByteString> buyAccounts = tradeAccounts(b, t, userAta);
    b.instruction(PROGRAM, buyAccounts, PumpProgram.buyData(t.tokens(), t.limit()));
    Message.Builder msg = b.compile(ids.blockhash(), true);

    Logs logs = new Logs();
    List<InnerInstruction> createInner = new ArrayList<>();
    long mintRent = 2_519_520;
    logs.invoke(PROGRAM, 1).log("Instruction: CreateV2");
    createInner.add(b.inner(SYSTEM_PROGRAM, List.of(user, c.mint),
        SolanaData.systemCreateAccount(mintRent, 234, TOKEN_2022), 2));
    logs.simple(SYSTEM_PROGRAM, 2);
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint), SolanaData.metadataPointerInitialize(c.mint), 2));
    tokenLog(logs, "MetadataPointerInstruction::Initialize", 925, 2);
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint), SolanaData.initializeMint2(6, MINT_AUTHORITY), 2));
    tokenLog(logs, "Instruction: InitializeMint2", 1772, 2);
    createInner.add(b.inner(SYSTEM_PROGRAM, List.of(user, c.bondingCurve),
        SolanaData.systemCreateAccount(CURVE_RENT, PumpProgram.BONDING_CURVE_SIZE, PROGRAM), 2));
    logs.simple(SYSTEM_PROGRAM, 2);
    createInner.add(b.inner(ATA_PROGRAM, List.of(user, c.associatedBondingCurve, c.bondingCurve,
        c.mint, SYSTEM_PROGRAM, TOKEN_2022), new byte[0], 2));
    TxKit.ataCreate(b, logs, createInner, user, c.associatedBondingCurve, c.bondingCurve, c.mint,
        TOKEN_2022, 2, "Create");
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint, c.mint, MINT_AUTHORITY, c.mint),
        SolanaData.tokenMetadataInitialize(name, symbol, uri), 2));
    tokenLog(logs, "TokenMetadataInstruction: Initialize", 3514, 2);
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint, MINT_AUTHORITY),
        SolanaData.tokenMetadataUpdateAuthorityToNone(), 2));
    tokenLog(logs, "TokenMetadataInstruction: UpdateAuthority", 3871, 2);
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint, c.associatedBondingCurve, MINT_AUTHORITY),
        SolanaData.mintTo(PumpProgram.TOKEN_TOTAL_SUPPLY), 2));
    tokenLog(logs, "Instruction: MintTo", 1714, 2);
    createInner.add(b.inner(TOKEN_2022, List.of(c.mint, MINT_AUTHORITY), SolanaData.revokeMintAuthority(), 2));
    tokenLog(logs, "Instruction: SetAuthority", 1044, 2);
    byte[] createEvent = PumpProgram.createEvent(new PumpProgram.CreateEvent(name, symbol, uri, c.mint,
        c.bondingCurve, user, user, t.timestamp(), PumpProgram.INITIAL_VIRTUAL_TOKEN_RESERVES,
        PumpProgram.INITIAL_VIRTUAL_SOL_RESERVES, PumpProgram.INITIAL_REAL_TOKEN_RESERVES,
        PumpProgram.TOKEN_TOTAL_SUPPLY, TOKEN_2022, false, false));
    selfCpi(b, logs, createInner, createEvent, 2);
    logs.consumed(PROGRAM, 96_852, 600_000).success(PROGRAM);

    List<InnerInstruction> ataInner = new ArrayList<>();
    TxKit.ataCreate(b, logs, ataInner, user, userAta, user, c.mint, TOKEN_2022, 1, "CreateIdempotent");

    List<InnerInstruction> buyInner = new ArrayList<>();
    tradeInnerAndLogs(b, logs, buyInner, t, userAta, 1);

    delta = new Deltas();
    delta.add(user, -(mintRent + CURVE_RENT + 2 * TOKEN_ACCOUNT_RENT));
    delta.add(c.mint, mintRent);
    delta.add(c.bondingCurve, CURVE_RENT);
    delta.add(c.associatedBondingCurve, TOKEN_ACCOUNT_RENT);
    delta.add(userAta, TOKEN_ACCOUNT_RENT);
    tradeDeltas(t);
    long txFee = 2 * TxKit.BASE_FEE;
    delta.add(user, -txFee);
    Map<ByteString, Long> fresh = Map.of(c.mint, 0L, c.bondingCurve, 0L, c.associatedBondingCurve, 0L, userAta, 0L);
    TransactionStatusMeta.Builder meta = meta(b, ids, txFee, logs, t, userAta, fresh);
    meta.addInnerInstructions(InnerInstructions.newBuilder().setIndex(0).addAllInstructions(createInner));
    meta.addInnerInstructions(InnerInstructions.newBuilder().setIndex(1).addAllInstructions(ataInner));
    meta.addInnerInstructions(InnerInstructions.newBuilder().setIndex(2).addAllInstructions(buyInner));
    meta.setComputeUnitsConsumed(185_957);
    List<ChainFact> facts = new ArrayList<>();
    facts.add(new ChainFact.TokenLaunched(b58(c.mint), name, symbol, uri, b58(user), b58(c.bondingCurve),
        b58(TOKEN_2022)));
    return finish(Kind.PUMP_CREATE, msg, meta, ids, t, userAta, facts);
  }

  /** A standalone buy or sell: compute budget, (ATA create_idempotent for buys), trade. */
  GeneratedTransaction trade(Trade t, TxIds ids) {
    Curve c = t.curve();
    ByteString user = t.user();
    ByteString userAta = ata(user, c.mint);
    TxBuilder b = new TxBuilder().signer(user, true);
    Logs logs = TxKit.computeBudget(b, 120_000, TxKit.PRIORITY_FEE * 1_000_000 / 120_000);
    if (t.buy()) {
      TxKit.existingAta(b, logs, user, userAta, c.mint, TOKEN_2022);
    }
    List<ByteString> accounts = tradeAccounts(b, t, userAta);
    b.instruction(PROGRAM, accounts, t.buy()
        ? PumpProgram.buyData(t.tokens(), t.limit())
        : PumpProgram.sellData(t.tokens(), t.limit()));
    Message.Builder msg = b.compile(ids.blockhash(), true);
    int tradeIndex = t.buy() ? 3 : 2;

    List<InnerInstruction> inner = new ArrayList<>();
    tradeInnerAndLogs(b, logs, inner, t, userAta, 1);
    delta = new Deltas();
    tradeDeltas(t);
    long txFee = TxKit.BASE_FEE + TxKit.PRIORITY_FEE;
    delta.add(user, -txFee);
    long realSolBefore = c.realSolReserves + (t.buy() ? -t.sol() : t.sol());
    Map<ByteString, Long> pre = Map.of(c.bondingCurve, CURVE_RENT + realSolBefore,
        c.associatedBondingCurve, TOKEN_ACCOUNT_RENT, userAta, TOKEN_ACCOUNT_RENT);
    TransactionStatusMeta.Builder meta = meta(b, ids, txFee, logs, t, userAta, pre);
    meta.addInnerInstructions(InnerInstructions.newBuilder().setIndex(tradeIndex).addAllInstructions(inner));
    meta.setComputeUnitsConsumed(t.buy() ? 79_243 : 62_117);
    return finish(t.buy() ? Kind.PUMP_BUY : Kind.PUMP_SELL, msg, meta, ids, t, userAta, new ArrayList<>());
  }

  /**
   * A buy that fails on slippage (pump error 6002 TooMuchSolRequired): fee charged, no state
   * change, no event, no facts; only the fee payer is written.
   */
  GeneratedTransaction failedBuy(Trade t, TxIds ids) {
    Curve c = t.curve();
    ByteString user = t.user();
    ByteString userAta = ata(user, c.mint);
    TxBuilder b = new TxBuilder().signer(user, true);
    b.instruction(COMPUTE_BUDGET, List.of(), SolanaData.computeUnitLimit(120_000));
    List<ByteString> accounts = tradeAccounts(b, t, userAta);
    b.instruction(PROGRAM, accounts, PumpProgram.buyData(t.tokens(), t.limit()));
    Message.Builder msg = b.compile(ids.blockhash(), true);
    Logs logs = new Logs().simple(COMPUTE_BUDGET, 1);
    logs.invoke(PROGRAM, 1).log("Instruction: Buy")
        .log("AnchorError thrown in programs/pump/src/lib.rs:744. Error Code: TooMuchSolRequired. "
            + "Error Number: 6002. Error Message: slippage: Too much SOL required to buy the given "
            + "amount of tokens..")
        .consumed(PROGRAM, 21_006, 119_850)
        .failed(PROGRAM, "custom program error: 0x1772");
    delta = new Deltas();
    long txFee = TxKit.BASE_FEE + TxKit.PRIORITY_FEE;
    delta.add(user, -txFee);
    // bincode TransactionError::InstructionError(1, InstructionError::Custom(6002))
    byte[] err = new Borsh().u32(8).u8(1).u32(25).u32(6002).toByteArray();
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setErr(TransactionError.newBuilder().setErr(ByteString.copyFrom(err)))
        .setFee(txFee)
        .addAllLogMessages(logs.lines())
        .setReturnDataNone(true)
        .setComputeUnitsConsumed(21_156);
    delta.balances(b, ids.userLamports(), Map.of(), meta);
    long userAfter = ids.userLamports() - txFee;
    SubscribeUpdateTransactionInfo info = TxKit.info(msg, meta, ids.signature(), ids.extraSignature());
    return new GeneratedTransaction(Kind.PUMP_BUY, info,
        List.of(TxKit.wallet(user, userAfter, ids.signature())), List.of());
  }

  private List<ByteString> tradeAccounts(TxBuilder b, Trade t, ByteString userAta) {
    Curve c = t.curve();
    ByteString uva = PumpProgram.userVolumeAccumulator(t.user());
    List<ByteString> accounts = t.buy()
        ? List.of(GLOBAL, t.feeRecipient(), c.mint, c.bondingCurve, c.associatedBondingCurve, userAta,
            t.user(), SYSTEM_PROGRAM, TOKEN_2022, c.creatorVault, EVENT_AUTHORITY, PROGRAM,
            GLOBAL_VOLUME_ACCUMULATOR, uva, FEE_CONFIG, FEE_PROGRAM)
        : List.of(GLOBAL, t.feeRecipient(), c.mint, c.bondingCurve, c.associatedBondingCurve, userAta,
            t.user(), SYSTEM_PROGRAM, c.creatorVault, TOKEN_2022, EVENT_AUTHORITY, PROGRAM,
            FEE_CONFIG, FEE_PROGRAM);
    TxKit.declare(b, accounts, t.feeRecipient(), c.bondingCurve, c.associatedBondingCurve, userAta,
        t.user(), c.creatorVault, uva);
    return accounts;
  }

  private void tradeInnerAndLogs(
      TxBuilder b, Logs logs, List<InnerInstruction> inner, Trade t, ByteString userAta, int depth) {
    Curve c = t.curve();
    int cpi = depth + 1;
    logs.invoke(PROGRAM, depth).log(t.buy() ? "Instruction: Buy" : "Instruction: Sell");
    byte[] getFees = new Borsh().raw(PumpProgram.GET_FEES).bool(true)
        .u128(BigInteger.valueOf(t.marketCapBefore())).u64(t.sol()).u8(0).toByteArray();
    inner.add(b.inner(FEE_PROGRAM, List.of(FEE_CONFIG, PROGRAM), getFees, cpi));
    logs.invoke(FEE_PROGRAM, cpi).log("Instruction: GetFees").consumed(FEE_PROGRAM, 3_302, 446_130)
        .returned(FEE_PROGRAM, new Borsh().u64(0).u64(PumpProgram.FEE_BASIS_POINTS)
            .u64(PumpProgram.CREATOR_FEE_BASIS_POINTS).toByteArray())
        .success(FEE_PROGRAM);
    List<ByteString> transfer = t.buy()
        ? List.of(c.associatedBondingCurve, c.mint, userAta, c.bondingCurve)
        : List.of(userAta, c.mint, c.associatedBondingCurve, t.user());
    inner.add(b.inner(TOKEN_2022, transfer, SolanaData.transferChecked(t.tokens(), 6), cpi));
    tokenLog(logs, "Instruction: TransferChecked", 2_562, cpi);
    if (t.buy()) {
      inner.add(b.inner(SYSTEM_PROGRAM, List.of(t.user(), c.bondingCurve), SolanaData.systemTransfer(t.sol()), cpi));
      inner.add(b.inner(SYSTEM_PROGRAM, List.of(t.user(), t.feeRecipient()), SolanaData.systemTransfer(t.fee()), cpi));
      inner.add(b.inner(SYSTEM_PROGRAM, List.of(t.user(), c.creatorVault),
          SolanaData.systemTransfer(t.creatorFee()), cpi));
      logs.simple(SYSTEM_PROGRAM, cpi).simple(SYSTEM_PROGRAM, cpi).simple(SYSTEM_PROGRAM, cpi);
    }
    PumpProgram.BondingCurve after = c.snapshot();
    byte[] event = PumpProgram.tradeEvent(new PumpProgram.TradeEvent(c.mint, t.sol(), t.tokens(),
        t.buy(), t.user(), t.timestamp(), after.virtualSolReserves(), after.virtualTokenReserves(),
        after.realSolReserves(), after.realTokenReserves(), t.feeRecipient(),
        PumpProgram.FEE_BASIS_POINTS, t.fee(), c.creator, PumpProgram.CREATOR_FEE_BASIS_POINTS,
        t.creatorFee(), t.buy() ? "buy" : "sell", PumpProgram.BUYBACK_FEE_BASIS_POINTS, t.buybackFee()));
    selfCpi(b, logs, inner, event, cpi);
    if (t.buy() && c.complete) {
      selfCpi(b, logs, inner, PumpProgram.completeEvent(
          new PumpProgram.CompleteEvent(t.user(), c.mint, c.bondingCurve, t.timestamp())), cpi);
    }
    logs.consumed(PROGRAM, t.buy() ? 71_995 : 55_870, 486_038).success(PROGRAM);
  }

  private void tradeDeltas(Trade t) {
    Curve c = t.curve();
    if (t.buy()) {
      delta.add(t.user(), -(t.sol() + t.fee() + t.creatorFee()));
      delta.add(c.bondingCurve, t.sol());
    } else {
      delta.add(t.user(), t.sol() - t.fee() - t.creatorFee());
      delta.add(c.bondingCurve, -t.sol());
    }
    delta.add(t.feeRecipient(), t.fee());
    delta.add(c.creatorVault, t.creatorFee());
  }

  private TransactionStatusMeta.Builder meta(TxBuilder b, TxIds ids, long txFee, Logs logs, Trade t,
      ByteString userAta, Map<ByteString, Long> pre) {
    Curve c = t.curve();
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setFee(txFee)
        .addAllLogMessages(logs.lines())
        .setReturnDataNone(true);
    delta.balances(b, ids.userLamports(), pre, meta);
    long userTokensAfter = t.userTokensBefore() + (t.buy() ? t.tokens() : -t.tokens());
    long curveTokensAfter = t.curveTokensBefore() + (t.buy() ? -t.tokens() : t.tokens());
    if (t.userTokensBefore() > 0) {
      meta.addPreTokenBalances(tokenBalance(b.index(userAta), c.mint, t.user(), t.userTokensBefore()));
    }
    meta.addPreTokenBalances(tokenBalance(b.index(c.associatedBondingCurve), c.mint, c.bondingCurve,
        t.curveTokensBefore()));
    meta.addPostTokenBalances(tokenBalance(b.index(userAta), c.mint, t.user(), userTokensAfter));
    meta.addPostTokenBalances(tokenBalance(b.index(c.associatedBondingCurve), c.mint, c.bondingCurve,
        curveTokensAfter));
    return meta;
  }

  private GeneratedTransaction finish(
      Kind kind, Message.Builder msg, TransactionStatusMeta.Builder meta, TxIds ids, Trade t,
      ByteString userAta, List<ChainFact> facts) {
    Curve c = t.curve();
    ByteString sig = ids.signature();
    long userAfter = ids.userLamports() + delta.of(t.user());
    long userTokensAfter = t.userTokensBefore() + (t.buy() ? t.tokens() : -t.tokens());
    long curveTokensAfter = t.curveTokensBefore() + (t.buy() ? -t.tokens() : t.tokens());
    PumpProgram.BondingCurve after = c.snapshot();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(t.user(), userAfter, sig),
        TxKit.account(c.bondingCurve, CURVE_RENT + c.realSolReserves, PROGRAM,
            PumpProgram.bondingCurveData(after), sig),
        TxKit.token2022Account(c.associatedBondingCurve, c.mint, c.bondingCurve, curveTokensAfter, sig),
        TxKit.token2022Account(userAta, c.mint, t.user(), userTokensAfter, sig));
    facts.add(new ChainFact.CurveTraded(b58(c.mint), b58(t.user()), t.buy(), t.sol(), t.tokens(),
        t.fee(), t.creatorFee(), after.virtualSolReserves(), after.virtualTokenReserves(),
        after.realSolReserves(), after.realTokenReserves()));
    if (t.buy() && c.complete) {
      facts.add(new ChainFact.CurveCompleted(b58(c.mint), b58(c.bondingCurve), b58(t.user())));
    }
    facts.add(curveWritten(c));
    return new GeneratedTransaction(kind, TxKit.info(msg, meta, sig, ids.extraSignature()), writes, facts);
  }

  /** The fact of writing {@code c}'s BondingCurve account as it is now. */
  static ChainFact.CurveAccountWritten curveWritten(Curve c) {
    PumpProgram.BondingCurve s = c.snapshot();
    return new ChainFact.CurveAccountWritten(b58(c.bondingCurve), b58(c.mint), s.virtualTokenReserves(),
        s.virtualSolReserves(), s.realTokenReserves(), s.realSolReserves(), s.complete(), b58(c.creator));
  }

  private static String b58(ByteString key) {
    return SolanaData.b58(key);
  }

  private static void selfCpi(TxBuilder b, Logs logs, List<InnerInstruction> inner, byte[] event, int depth) {
    TxKit.emitCpi(b, logs, inner, PROGRAM, EVENT_AUTHORITY, event, depth, false);
  }

  private static void tokenLog(Logs logs, String message, long units, int depth) {
    TxKit.tokenLog(logs, TOKEN_2022, message, units, depth);
  }

  /** The user's Token-2022 associated token account for {@code mint}. */
  static ByteString ata(ByteString owner, ByteString mint) {
    return ProgramAddress.ata(owner, TOKEN_2022, mint);
  }

  private static TokenBalance tokenBalance(int index, ByteString mint, ByteString owner, long amount) {
    return TxKit.tokenBalance(index, mint, owner, amount, PumpProgram.TOKEN_DECIMALS, TOKEN_2022);
  }
}
