package dev.geyserpool.decode;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.MessageAddressTableLookup;
import dev.geyserpool.proto.solana.MessageHeader;
import dev.geyserpool.proto.solana.Transaction;
import java.util.Arrays;

/**
 * Parses a serialized Solana transaction (fact sheet §5): {@code shortvec(num_sigs) ‖ 64-byte
 * signatures ‖ message}; a message whose first byte has 0x80 set is versioned. Test code only.
 */
final class WireTransaction {
  private final byte[] b;
  private int pos;

  private WireTransaction(byte[] b) {
    this.b = b;
  }

  static Transaction parse(byte[] wire) {
    return new WireTransaction(wire).transaction();
  }

  private Transaction transaction() {
    Transaction.Builder tx = Transaction.newBuilder();
    int sigs = shortvec();
    for (int i = 0; i < sigs; i++) {
      tx.addSignatures(take(64));
    }
    Message.Builder m = Message.newBuilder();
    boolean versioned = (b[pos] & 0x80) != 0;
    if (versioned) {
      int version = b[pos++] & 0x7F;
      if (version != 0) {
        throw new IllegalArgumentException("message version " + version + " is not v0");
      }
    }
    m.setVersioned(versioned);
    m.setHeader(MessageHeader.newBuilder()
        .setNumRequiredSignatures(b[pos++] & 0xFF)
        .setNumReadonlySignedAccounts(b[pos++] & 0xFF)
        .setNumReadonlyUnsignedAccounts(b[pos++] & 0xFF));
    int keys = shortvec();
    for (int i = 0; i < keys; i++) {
      m.addAccountKeys(take(32));
    }
    m.setRecentBlockhash(take(32));
    int instructions = shortvec();
    for (int i = 0; i < instructions; i++) {
      int program = b[pos++] & 0xFF;
      ByteString accounts = take(shortvec());
      ByteString data = take(shortvec());
      m.addInstructions(CompiledInstruction.newBuilder()
          .setProgramIdIndex(program).setAccounts(accounts).setData(data));
    }
    if (versioned) {
      int lookups = shortvec();
      for (int i = 0; i < lookups; i++) {
        ByteString table = take(32);
        ByteString writable = take(shortvec());
        ByteString readonly = take(shortvec());
        m.addAddressTableLookups(MessageAddressTableLookup.newBuilder()
            .setAccountKey(table).setWritableIndexes(writable).setReadonlyIndexes(readonly));
      }
    }
    if (pos != b.length) {
      throw new IllegalArgumentException((b.length - pos) + " bytes after the message");
    }
    return tx.setMessage(m).build();
  }

  private int shortvec() {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b[pos++] & 0xFF;
      value |= (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
    }
  }

  private ByteString take(int n) {
    ByteString s = ByteString.copyFrom(Arrays.copyOfRange(b, pos, pos + n));
    pos += n;
    return s;
  }
}
