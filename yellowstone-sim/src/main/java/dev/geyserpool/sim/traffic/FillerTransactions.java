package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Transactions that make a block big, as mainnet blocks are (they reach 24 MB): each is a
 * successful non-vote transaction of one fee payer and one Memo instruction carrying
 * {@link #DATA_BYTES} random bytes, so neither lz4 nor gzip shrinks a block of them. They touch no
 * launchpad program and write no account, so only filters that match every transaction (or every
 * block) see them.
 *
 * <p>Stateless; the transactions are a pure function of the seed. Thread-safe.
 */
public final class FillerTransactions {
  /** Instruction data of one filler; a Solana transaction packet holds at most 1232 bytes. */
  public static final int DATA_BYTES = 1_024;

  static final ByteString MEMO_PROGRAM = PumpProgram.key("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
  private static final long FEE = 5_000;

  private FillerTransactions() {}

  /**
   * Returns filler transactions whose wire sizes add up to at least {@code bytes}, random from
   * {@code seed}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  public static List<SubscribeUpdateTransactionInfo> atLeast(long bytes, long seed) {
    if (bytes < 1) {
      throw new IllegalArgumentException("filler bytes is " + bytes + ", but must be positive");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<SubscribeUpdateTransactionInfo> out = new ArrayList<>();
    long total = 0;
    while (total < bytes) {
      SubscribeUpdateTransactionInfo tx = next(random);
      out.add(tx);
      total += tx.getSerializedSize();
    }
    return out;
  }

  private static SubscribeUpdateTransactionInfo next(SplittableRandom random) {
    ByteString signature = randomBytes(random, 64);
    ByteString payer = randomBytes(random, 32);
    TxBuilder b = new TxBuilder().signer(payer, true);
    b.instruction(MEMO_PROGRAM, List.of(payer), randomBytes(random, DATA_BYTES).toByteArray());
    Message.Builder msg = b.compile(randomBytes(random, 32), true);
    long payerLamports = 1_000_000_000L + random.nextLong(1_000_000_000L);
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setFee(FEE)
        .addPreBalances(payerLamports).addPostBalances(payerLamports - FEE)
        .addPreBalances(1).addPostBalances(1)
        .setReturnDataNone(true)
        .setComputeUnitsConsumed(12_000);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setIsVote(false)
        .setTransaction(Transaction.newBuilder().addSignatures(signature).setMessage(msg))
        .setMeta(meta)
        .build();
  }

  private static ByteString randomBytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }
}
