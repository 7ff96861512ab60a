package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.MessageAddressTableLookup;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import dev.geyserpool.sim.traffic.SolanaData.Logs;
import java.util.List;

/**
 * Non-pump background traffic so filters have something to exclude: validator votes
 * ({@code is_vote}) and a v0 token transfer whose token accounts and mint come only from an
 * address lookup table (they appear in {@code loaded_writable_addresses} /
 * {@code loaded_readonly_addresses}, not in the static keys).
 *
 * <p>Stateless builder; thread-safe.
 */
final class OtherTraffic {
  /** Size of a Vote account's VoteState (v3). */
  static final int VOTE_STATE_SIZE = 3_762;
  static final ByteString USDC_MINT = PumpProgram.key("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");

  private OtherTraffic() {}

  static GeneratedTransaction vote(
      ByteString identity, ByteString voteAccount, long slot, long identityLamports,
      ByteString signature, ByteString blockhash) {
    TxBuilder b = new TxBuilder().signer(identity, true).account(voteAccount, true);
    // TowerSync (variant 14) carrying the voted slot; the rest of the lockouts is elided.
    byte[] data = new Borsh().u32(14).u64(slot).u8(0).raw(new byte[32]).toByteArray();
    b.instruction(PumpProgram.VOTE_PROGRAM, List.of(voteAccount, identity), data);
    Message.Builder msg = b.compile(blockhash, false);
    long fee = 5_000;
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setFee(fee)
        .addAllLogMessages(new Logs().simple(PumpProgram.VOTE_PROGRAM, 1).lines())
        .setReturnDataNone(true)
        .setComputeUnitsConsumed(2_100);
    long voteLamports = SolanaData.rentExempt(VOTE_STATE_SIZE) + 1_000_000_000L;
    meta.addPreBalances(identityLamports).addPostBalances(identityLamports - fee);
    meta.addPreBalances(voteLamports).addPostBalances(voteLamports);
    meta.addPreBalances(1).addPostBalances(1);
    byte[] voteState = new byte[VOTE_STATE_SIZE];
    byte[] header = new Borsh().u32(2).pubkey(identity).pubkey(identity).u8(10).u64(slot).toByteArray();
    System.arraycopy(header, 0, voteState, 0, header.length);
    SubscribeUpdateTransactionInfo info = SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setIsVote(true)
        .setTransaction(Transaction.newBuilder().addSignatures(signature).setMessage(msg))
        .setMeta(meta)
        .build();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(identity, identityLamports - fee, signature),
        TxKit.account(voteAccount, voteLamports, PumpProgram.VOTE_PROGRAM, voteState, signature));
    return new GeneratedTransaction(Kind.VOTE, info, writes);
  }

  /** A USDC TransferChecked between two token accounts loaded from a lookup table. */
  static GeneratedTransaction lookupTableTransfer(
      ByteString payer, ByteString recipient, long payerLamports, long amount,
      ByteString signature, ByteString blockhash) {
    ByteString table = SolanaData.derive("lookup-table", payer);
    ByteString source = ProgramAddress.ata(payer, PumpProgram.SPL_TOKEN, USDC_MINT);
    ByteString destination = ProgramAddress.ata(recipient, PumpProgram.SPL_TOKEN, USDC_MINT);
    TxBuilder b = new TxBuilder().signer(payer, true);
    b.loaded(List.of(source, destination), List.of(USDC_MINT));
    b.instruction(PumpProgram.COMPUTE_BUDGET, List.of(), SolanaData.computeUnitLimit(20_000));
    b.account(PumpProgram.SPL_TOKEN, false);
    // Instruction accounts are resolved after compile, so add the instruction by index below.
    Message.Builder msg = b.compile(blockhash, true);
    msg.addInstructions(dev.geyserpool.proto.solana.CompiledInstruction.newBuilder()
        .setProgramIdIndex(b.index(PumpProgram.SPL_TOKEN))
        .setAccounts(b.indexes(List.of(source, USDC_MINT, destination, payer)))
        .setData(ByteString.copyFrom(SolanaData.transferChecked(amount, 6))));
    msg.addAddressTableLookups(MessageAddressTableLookup.newBuilder()
        .setAccountKey(table)
        .setWritableIndexes(ByteString.copyFrom(new byte[] {0, 1}))
        .setReadonlyIndexes(ByteString.copyFrom(new byte[] {2})));
    long fee = 5_000;
    Logs logs = new Logs().simple(PumpProgram.COMPUTE_BUDGET, 1)
        .invoke(PumpProgram.SPL_TOKEN, 1).log("Instruction: TransferChecked")
        .consumed(PumpProgram.SPL_TOKEN, 6_200, 19_850).success(PumpProgram.SPL_TOKEN);
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setFee(fee)
        .addAllLogMessages(logs.lines())
        .setReturnDataNone(true)
        .addLoadedWritableAddresses(source)
        .addLoadedWritableAddresses(destination)
        .addLoadedReadonlyAddresses(USDC_MINT)
        .setComputeUnitsConsumed(6_350);
    long tokenRent = SolanaData.rentExempt(165);
    meta.addPreBalances(payerLamports).addPostBalances(payerLamports - fee);
    for (int i = 1; i < msg.getAccountKeysCount(); i++) {
      meta.addPreBalances(1).addPostBalances(1);
    }
    meta.addPreBalances(tokenRent).addPostBalances(tokenRent);
    meta.addPreBalances(tokenRent).addPostBalances(tokenRent);
    meta.addPreBalances(1_000_000_000L).addPostBalances(1_000_000_000L);
    SubscribeUpdateTransactionInfo info = SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setIsVote(false)
        .setTransaction(Transaction.newBuilder().addSignatures(signature).setMessage(msg))
        .setMeta(meta)
        .build();
    List<SubscribeUpdateAccountInfo> writes = List.of(
        TxKit.wallet(payer, payerLamports - fee, signature),
        TxKit.account(source, tokenRent, PumpProgram.SPL_TOKEN,
            splTokenAccount(USDC_MINT, payer, 1_000_000_000L - amount), signature),
        TxKit.account(destination, tokenRent, PumpProgram.SPL_TOKEN,
            splTokenAccount(USDC_MINT, recipient, amount), signature));
    return new GeneratedTransaction(Kind.OTHER, info, writes);
  }

  static byte[] splTokenAccount(ByteString mint, ByteString owner, long amount) {
    return SolanaData.splTokenAccount(mint, owner, amount, -1);
  }
}
