package dev.geyserpool.decode;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.MessageHeader;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small transactions for tests: a key table grown as accounts are named, top-level
 * instructions, inner instructions and logs. Not thread-safe.
 */
final class Txs {
  static final byte[] SIGNATURE = new byte[64];

  private final List<ByteString> keys = new ArrayList<>();
  private final Message.Builder message = Message.newBuilder()
      .setHeader(MessageHeader.newBuilder().setNumRequiredSignatures(1))
      .setRecentBlockhash(ByteString.copyFrom(new byte[32]))
      .setVersioned(true);
  private final TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder();
  private final List<InnerInstructions.Builder> inner = new ArrayList<>();

  static {
    SIGNATURE[0] = 7;
  }

  /** The index of {@code base58} in the key table, adding it when new. */
  int index(String base58) {
    ByteString k = Fixtures.key(base58);
    int i = keys.indexOf(k);
    if (i < 0) {
      keys.add(k);
      i = keys.size() - 1;
    }
    return i;
  }

  Txs top(String programId, List<String> accounts, byte[] data) {
    message.addInstructions(CompiledInstruction.newBuilder()
        .setProgramIdIndex(index(programId))
        .setAccounts(indexes(accounts))
        .setData(ByteString.copyFrom(data)));
    inner.add(InnerInstructions.newBuilder().setIndex(message.getInstructionsCount() - 1));
    return this;
  }

  /** An inner instruction of the last top-level instruction. */
  Txs inner(String programId, List<String> accounts, byte[] data, int stackHeight) {
    inner.get(inner.size() - 1).addInstructions(InnerInstruction.newBuilder()
        .setProgramIdIndex(index(programId))
        .setAccounts(indexes(accounts))
        .setData(ByteString.copyFrom(data))
        .setStackHeight(stackHeight));
    return this;
  }

  Txs log(String line) {
    meta.addLogMessages(line);
    return this;
  }

  Txs failed() {
    meta.setErr(dev.geyserpool.proto.solana.TransactionError.newBuilder()
        .setErr(ByteString.copyFrom(new byte[] {8, 0, 0, 0, 1, 25, 0, 0, 0, 0x72, 0x17, 0, 0})));
    return this;
  }

  /** The transaction; inner-instruction groups that stayed empty are left out. */
  SubscribeUpdateTransactionInfo build() {
    message.clearAccountKeys().addAllAccountKeys(keys);
    TransactionStatusMeta.Builder m = meta.clone().clearInnerInstructions();
    for (InnerInstructions.Builder group : inner) {
      if (group.getInstructionsCount() > 0) {
        m.addInnerInstructions(group);
      }
    }
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(ByteString.copyFrom(SIGNATURE))
        .setTransaction(Transaction.newBuilder()
            .addSignatures(ByteString.copyFrom(SIGNATURE))
            .setMessage(message.clone()))
        .setMeta(m)
        .build();
  }

  /** A transaction of one top-level instruction, for instruction fixtures. */
  static SubscribeUpdateTransactionInfo single(String programId, List<String> accounts, byte[] data) {
    Txs t = new Txs();
    t.index(accounts.isEmpty() ? programId : accounts.get(0)); // a fee payer first, as on chain
    return t.top(programId, accounts, data).build();
  }

  /** The data of an emit_cpi self-CPI: tag ‖ event discriminator ‖ payload. */
  static byte[] emitCpi(byte[] event) {
    byte[] out = new byte[8 + event.length];
    System.arraycopy(dev.geyserpool.decode.internal.Hex.decode("e445a52e51cb9a1d"), 0, out, 0, 8);
    System.arraycopy(event, 0, out, 8, event.length);
    return out;
  }

  private ByteString indexes(List<String> accounts) {
    byte[] b = new byte[accounts.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) index(accounts.get(i));
    }
    return ByteString.copyFrom(b);
  }
}
