package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.MessageHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a Solana message the way the runtime lays it out: account keys ordered signer+writable,
 * signer+readonly, writable, readonly (insertion order within each group; the fee payer first),
 * the header counting them, and instructions as indexes into that table.
 *
 * <p>Use: declare every key (with its strongest flags) and the top-level instructions, call
 * {@link #compile}, then {@link #index} resolves keys for inner instructions. Not thread-safe.
 */
final class TxBuilder {
  private static final int SIGNER = 1;
  private static final int WRITABLE = 2;

  private record Ix(ByteString program, List<ByteString> accounts, byte[] data) {}

  private final Map<ByteString, Integer> flags = new LinkedHashMap<>();
  private final List<Ix> instructions = new ArrayList<>();
  private final List<ByteString> loaded = new ArrayList<>();
  private Map<ByteString, Integer> index;
  private List<ByteString> ordered;

  TxBuilder signer(ByteString key, boolean writable) {
    flags.merge(key, SIGNER | (writable ? WRITABLE : 0), (a, b) -> a | b);
    return this;
  }

  TxBuilder account(ByteString key, boolean writable) {
    flags.merge(key, writable ? WRITABLE : 0, (a, b) -> a | b);
    return this;
  }

  /** Keys loaded from lookup tables (writable first, then readonly), indexed after static keys. */
  TxBuilder loaded(List<ByteString> writable, List<ByteString> readonly) {
    loaded.addAll(writable);
    loaded.addAll(readonly);
    return this;
  }

  /** A top-level instruction; the program becomes a readonly key, accounts must be declared. */
  TxBuilder instruction(ByteString program, List<ByteString> accounts, byte[] data) {
    account(program, false);
    instructions.add(new Ix(program, List.copyOf(accounts), data));
    return this;
  }

  /** Top-level instructions added so far (the index the next one gets). */
  int instructionCount() {
    return instructions.size();
  }

  Message.Builder compile(ByteString recentBlockhash, boolean versioned) {
    ordered = new ArrayList<>();
    int[][] groups = {{SIGNER | WRITABLE}, {SIGNER}, {WRITABLE}, {0}};
    int[] counts = new int[4];
    for (int g = 0; g < 4; g++) {
      for (Map.Entry<ByteString, Integer> e : flags.entrySet()) {
        if (e.getValue() == groups[g][0]) {
          ordered.add(e.getKey());
          counts[g]++;
        }
      }
    }
    index = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      index.put(ordered.get(i), i);
    }
    for (int i = 0; i < loaded.size(); i++) {
      index.putIfAbsent(loaded.get(i), ordered.size() + i);
    }
    Message.Builder m = Message.newBuilder()
        .setHeader(MessageHeader.newBuilder()
            .setNumRequiredSignatures(counts[0] + counts[1])
            .setNumReadonlySignedAccounts(counts[1])
            .setNumReadonlyUnsignedAccounts(counts[3]))
        .addAllAccountKeys(ordered)
        .setRecentBlockhash(recentBlockhash)
        .setVersioned(versioned);
    for (Ix ix : instructions) {
      m.addInstructions(CompiledInstruction.newBuilder()
          .setProgramIdIndex(index(ix.program()))
          .setAccounts(indexes(ix.accounts()))
          .setData(ByteString.copyFrom(ix.data())));
    }
    return m;
  }

  /** The static keys in message order (after {@link #compile}). */
  List<ByteString> keys() {
    return ordered;
  }

  int index(ByteString key) {
    Integer i = index.get(key);
    if (i == null) {
      throw new IllegalStateException("key not declared in the transaction");
    }
    return i;
  }

  ByteString indexes(List<ByteString> keys) {
    byte[] b = new byte[keys.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) index(keys.get(i));
    }
    return ByteString.copyFrom(b);
  }

  InnerInstruction inner(ByteString program, List<ByteString> accounts, byte[] data, int stackHeight) {
    return InnerInstruction.newBuilder()
        .setProgramIdIndex(index(program))
        .setAccounts(indexes(accounts))
        .setData(ByteString.copyFrom(data))
        .setStackHeight(stackHeight)
        .build();
  }
}
