package dev.geyserpool.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionError;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.Arrays;
import java.util.List;

/** Small builders of keys, accounts and transactions for tests. */
final class TestData {
  static final Timestamp T0 = Timestamp.newBuilder().setSeconds(1_785_328_607L).build();

  private TestData() {}

  /** 32 bytes, all {@code n}: distinct, readable keys. */
  static ByteString key(int n) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) n);
    return ByteString.copyFrom(b);
  }

  static String b58(ByteString key) {
    return Base58.encode(key.toByteArray());
  }

  static ByteString sig(int n) {
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) n);
    return ByteString.copyFrom(b);
  }

  static SubscribeUpdateAccountInfo account(ByteString pubkey, ByteString owner, long lamports, byte[] data) {
    return SubscribeUpdateAccountInfo.newBuilder()
        .setPubkey(pubkey).setOwner(owner).setLamports(lamports).setData(ByteString.copyFrom(data))
        .build();
  }

  static SubscribeUpdateAccountInfo account(
      ByteString pubkey, ByteString owner, long lamports, byte[] data, ByteString txnSignature) {
    return account(pubkey, owner, lamports, data).toBuilder().setTxnSignature(txnSignature).build();
  }

  static SubscribeUpdateTransactionInfo tx(ByteString sig, boolean vote, boolean failed, List<ByteString> keys) {
    return tx(sig, vote, failed, keys, List.of(), List.of());
  }

  static SubscribeUpdateTransactionInfo tx(ByteString sig, boolean vote, boolean failed,
      List<ByteString> keys, List<ByteString> loadedWritable, List<ByteString> loadedReadonly) {
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
        .setFee(5000)
        .addAllLoadedWritableAddresses(loadedWritable)
        .addAllLoadedReadonlyAddresses(loadedReadonly);
    if (failed) {
      meta.setErr(TransactionError.newBuilder().setErr(ByteString.copyFrom(new byte[] {8, 0, 0, 0})));
    }
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(sig)
        .setIsVote(vote)
        .setTransaction(Transaction.newBuilder().addSignatures(sig)
            .setMessage(Message.newBuilder().addAllAccountKeys(keys).setVersioned(true)))
        .setMeta(meta)
        .build();
  }

  static SimEvent.AccountUpdate accountEvent(SubscribeUpdateAccountInfo info) {
    return new SimEvent.AccountUpdate(100, info, T0);
  }

  static SimEvent.TransactionUpdate txEvent(SubscribeUpdateTransactionInfo info) {
    return SimEvent.TransactionUpdate.of(100, info, T0);
  }
}
