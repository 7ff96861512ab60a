package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TokenBalance;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.proto.solana.UiTokenAmount;
import dev.geyserpool.sim.traffic.SolanaData.Logs;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pieces every transaction factory shares: the compute budget, ATA and wSOL-wrap preamble of
 * trades, account writes, the transaction envelope and meta, lamport balances, token balances, the
 * ATA-create CPI sequence and Anchor's {@code emit_cpi} self-CPI.
 *
 * <p>Stateless helpers, except {@link Deltas} (one per transaction, not thread-safe).
 */
final class TxKit {
  static final long BASE_FEE = 5_000;
  static final long PRIORITY_FEE = 5_000;
  static final long TOKEN_ACCOUNT_RENT = SolanaData.rentExempt(SolanaData.TOKEN_ACCOUNT_SIZE);
  /** Rent of a legacy SPL Token account (165 bytes). */
  static final long SPL_TOKEN_ACCOUNT_RENT = SolanaData.rentExempt(SolanaData.SPL_TOKEN_ACCOUNT_SIZE);

  private TxKit() {}

  /** Lamport changes of one transaction, turned into {@code pre_balances}/{@code post_balances}. */
  static final class Deltas {
    private final Map<ByteString, Long> delta = new HashMap<>();

    Deltas add(ByteString key, long lamports) {
      delta.merge(key, lamports, Long::sum);
      return this;
    }

    long of(ByteString key) {
      return delta.getOrDefault(key, 0L);
    }

    /**
     * Adds pre and post balances for every static key: the fee payer starts at
     * {@code payerLamports}, others at {@code preOf} (or a stable default).
     */
    void balances(TxBuilder b, long payerLamports, Map<ByteString, Long> preOf,
        TransactionStatusMeta.Builder meta) {
      for (ByteString key : b.keys()) {
        long pre = key.equals(b.keys().get(0)) ? payerLamports
            : preOf.getOrDefault(key, defaultBalance(key));
        meta.addPreBalances(pre);
        meta.addPostBalances(pre + of(key));
      }
    }
  }

  /** A stable, plausible balance for an account whose real balance the generator does not track. */
  static long defaultBalance(ByteString key) {
    return 1_000_000_000L + ((key.byteAt(0) & 0xFF) << 20) + ((key.byteAt(1) & 0xFF) << 12);
  }

  /** Declares {@code accounts} readonly (if new) and {@code writable} ones writable. */
  static void declare(TxBuilder b, List<ByteString> accounts, ByteString... writable) {
    for (ByteString a : accounts) {
      b.account(a, false);
    }
    for (ByteString w : writable) {
      b.account(w, true);
    }
  }

  /**
   * Anchor's {@code emit_cpi!}: the {@code Program data:} log line and the self-CPI carrying
   * {@code EVENT_IX_TAG ‖ event} with the event authority as its only account, at
   * {@code depth} (the emitting program runs at {@code depth − 1}). Pump and PumpSwap log the
   * data line first; LaunchLab invokes first ({@code cpiFirst}), as observed on mainnet.
   */
  static void emitCpi(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString program,
      ByteString eventAuthority, byte[] event, int depth, boolean cpiFirst) {
    if (!cpiFirst) {
      logs.data(event);
    }
    inner.add(b.inner(program, List.of(eventAuthority), PumpProgram.emitCpiData(event), depth));
    logs.invoke(program, depth).consumed(program, 2_125, 418_049).success(program);
    if (cpiFirst) {
      logs.data(event);
    }
  }

  /**
   * An ATA program Create/CreateIdempotent run as a CPI at {@code ataDepth} (the ATA instruction
   * itself is already in {@code inner} when it is a CPI): GetAccountDataSize, CreateAccount,
   * InitializeImmutableOwner, InitializeAccount3 under {@code tokenProgram}.
   */
  static void ataCreate(TxBuilder b, Logs logs, List<InnerInstruction> inner, ByteString payer,
      ByteString ata, ByteString owner, ByteString mint, ByteString tokenProgram, int ataDepth,
      String logName) {
    int d = ataDepth + 1;
    boolean t22 = tokenProgram.equals(PumpProgram.TOKEN_2022);
    int size = t22 ? SolanaData.TOKEN_ACCOUNT_SIZE : SolanaData.SPL_TOKEN_ACCOUNT_SIZE;
    logs.invoke(PumpProgram.ATA_PROGRAM, ataDepth).log(logName);
    inner.add(b.inner(tokenProgram, List.of(mint), SolanaData.getAccountDataSize(), d));
    logs.invoke(tokenProgram, d).log("Instruction: GetAccountDataSize").consumed(tokenProgram, 1_447, 563_891)
        .returned(tokenProgram, new Borsh().u64(size).toByteArray()).success(tokenProgram);
    inner.add(b.inner(PumpProgram.SYSTEM_PROGRAM, List.of(payer, ata),
        SolanaData.systemCreateAccount(SolanaData.rentExempt(size), size, tokenProgram), d));
    logs.simple(PumpProgram.SYSTEM_PROGRAM, d).log("Initialize the associated token account");
    inner.add(b.inner(tokenProgram, List.of(ata), SolanaData.initializeImmutableOwner(), d));
    if (t22) {
      tokenLog(logs, tokenProgram, "Instruction: InitializeImmutableOwner", 736, d);
    } else {
      // Legacy SPL Token accepts the instruction as a no-op and says so.
      logs.invoke(tokenProgram, d).log("Instruction: InitializeImmutableOwner")
          .log("Please upgrade to SPL Token 2022 for immutable owner support")
          .consumed(tokenProgram, 1_405, 587_718).success(tokenProgram);
    }
    inner.add(b.inner(tokenProgram, List.of(ata, mint), SolanaData.initializeAccount3(owner), d));
    tokenLog(logs, tokenProgram, "Instruction: InitializeAccount3", 1_969, d);
    logs.consumed(PumpProgram.ATA_PROGRAM, 16_947, 569_224).success(PumpProgram.ATA_PROGRAM);
  }

  /** A token-program invoke with one log line. */
  static void tokenLog(Logs logs, ByteString tokenProgram, String message, long units, int depth) {
    logs.invoke(tokenProgram, depth).log(message).consumed(tokenProgram, units, 587_718).success(tokenProgram);
  }

  /**
   * The two ComputeBudget instructions a transaction opens with, SetComputeUnitLimit then
   * SetComputeUnitPrice ({@code microLamports} per unit), and the logs they start.
   */
  static Logs computeBudget(TxBuilder b, int unitLimit, long microLamports) {
    b.instruction(PumpProgram.COMPUTE_BUDGET, List.of(), SolanaData.computeUnitLimit(unitLimit));
    b.instruction(PumpProgram.COMPUTE_BUDGET, List.of(), SolanaData.computeUnitPrice(microLamports));
    return new Logs().simple(PumpProgram.COMPUTE_BUDGET, 1).simple(PumpProgram.COMPUTE_BUDGET, 1);
  }

  /**
   * A top-level ATA CreateIdempotent of {@code owner}'s {@code mint} account {@code ata}, paid by
   * the owner, on an account that already exists: the instruction and its log, no CPI.
   */
  static void existingAta(TxBuilder b, Logs logs, ByteString owner, ByteString ata, ByteString mint,
      ByteString tokenProgram) {
    List<ByteString> accounts = List.of(owner, ata, owner, mint, PumpProgram.SYSTEM_PROGRAM, tokenProgram);
    declare(b, accounts, ata);
    b.instruction(PumpProgram.ATA_PROGRAM, accounts, new byte[] {1});
    logs.invoke(PumpProgram.ATA_PROGRAM, 1).log("CreateIdempotent")
        .consumed(PumpProgram.ATA_PROGRAM, 4_338, 119_700).success(PumpProgram.ATA_PROGRAM);
  }

  /** Wraps {@code lamports} into {@code owner}'s wSOL account: a top-level System transfer, then SyncNative. */
  static void wrapSol(TxBuilder b, Logs logs, ByteString owner, ByteString wsolAccount, long lamports) {
    b.instruction(PumpProgram.SYSTEM_PROGRAM, List.of(owner, wsolAccount), SolanaData.systemTransfer(lamports));
    logs.simple(PumpProgram.SYSTEM_PROGRAM, 1);
    b.instruction(PumpProgram.SPL_TOKEN, List.of(wsolAccount), SolanaData.syncNative());
    tokenLog(logs, PumpProgram.SPL_TOKEN, "Instruction: SyncNative", 3_045, 1);
  }

  /**
   * The meta of a successful transaction whose program instruction at {@code innerIndex} made
   * the CPIs {@code inner}; balances and token balances are added by the caller.
   */
  static TransactionStatusMeta.Builder successMeta(long fee, Logs logs, int innerIndex,
      List<InnerInstruction> inner, long computeUnits) {
    return TransactionStatusMeta.newBuilder()
        .setFee(fee)
        .addAllLogMessages(logs.lines())
        .setReturnDataNone(true)
        .addInnerInstructions(InnerInstructions.newBuilder().setIndex(innerIndex).addAllInstructions(inner))
        .setComputeUnitsConsumed(computeUnits);
  }

  static SubscribeUpdateTransactionInfo info(
      Message.Builder msg, TransactionStatusMeta.Builder meta, ByteString signature, ByteString extraSignature) {
    Transaction.Builder tx = Transaction.newBuilder().addSignatures(signature);
    for (int i = 1; i < msg.getHeader().getNumRequiredSignatures(); i++) {
      tx.addSignatures(extraSignature);
    }
    tx.setMessage(msg);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setIsVote(false)
        .setTransaction(tx)
        .setMeta(meta)
        .build();
  }

  static SubscribeUpdateAccountInfo wallet(ByteString key, long lamports, ByteString sig) {
    return account(key, lamports, PumpProgram.SYSTEM_PROGRAM, new byte[0], sig);
  }

  static SubscribeUpdateAccountInfo account(
      ByteString key, long lamports, ByteString owner, byte[] data, ByteString sig) {
    return SubscribeUpdateAccountInfo.newBuilder()
        .setPubkey(key)
        .setLamports(lamports)
        .setOwner(owner)
        .setExecutable(false)
        .setRentEpoch(-1L) // u64::MAX: rent-exempt accounts
        .setData(ByteString.copyFrom(data))
        .setTxnSignature(sig)
        .build();
  }

  /** A Token-2022 (ImmutableOwner) token account write. */
  static SubscribeUpdateAccountInfo token2022Account(
      ByteString key, ByteString mint, ByteString owner, long amount, ByteString sig) {
    return account(key, TOKEN_ACCOUNT_RENT, PumpProgram.TOKEN_2022,
        SolanaData.tokenAccount(mint, owner, amount), sig);
  }

  /** A legacy SPL Token account write; wSOL accounts hold {@code amount} lamports above rent. */
  static SubscribeUpdateAccountInfo splTokenAccount(
      ByteString key, ByteString mint, ByteString owner, long amount, ByteString sig) {
    boolean wsol = mint.equals(PumpProgram.WSOL_MINT);
    return account(key, SPL_TOKEN_ACCOUNT_RENT + (wsol ? amount : 0), PumpProgram.SPL_TOKEN,
        SolanaData.splTokenAccount(mint, owner, amount, wsol ? SPL_TOKEN_ACCOUNT_RENT : -1), sig);
  }

  static TokenBalance tokenBalance(
      int index, ByteString mint, ByteString owner, long amount, int decimals, ByteString tokenProgram) {
    BigDecimal ui = BigDecimal.valueOf(amount, decimals);
    return TokenBalance.newBuilder()
        .setAccountIndex(index)
        .setMint(SolanaData.b58(mint))
        .setUiTokenAmount(UiTokenAmount.newBuilder()
            .setUiAmount(ui.doubleValue())
            .setDecimals(decimals)
            .setAmount(Long.toString(amount))
            .setUiAmountString(ui.stripTrailingZeros().toPlainString()))
        .setOwner(SolanaData.b58(owner))
        .setProgramId(SolanaData.b58(tokenProgram))
        .build();
  }
}
