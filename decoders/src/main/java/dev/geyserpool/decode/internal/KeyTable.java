package dev.geyserpool.decode.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction's full account table, the one every index (top-level or inner) resolves against:
 * {@code message.account_keys ‖ meta.loaded_writable_addresses ‖ meta.loaded_readonly_addresses}
 * (fact sheet §5; Yellowstone copies Agave's {@code LoadedAddresses} verbatim). Base58 strings
 * are made on first use.
 *
 * <p>Not thread-safe: one per transaction decode.
 */
final class KeyTable {
  private final List<ByteString> keys = new ArrayList<>();
  private final String[] base58;

  KeyTable(Message message, TransactionStatusMeta meta) {
    keys.addAll(message.getAccountKeysList());
    keys.addAll(meta.getLoadedWritableAddressesList());
    keys.addAll(meta.getLoadedReadonlyAddressesList());
    base58 = new String[keys.size()];
  }

  int size() {
    return keys.size();
  }

  boolean has(int index) {
    return index >= 0 && index < keys.size();
  }

  ByteString raw(int index) {
    return keys.get(index);
  }

  String base58(int index) {
    String s = base58[index];
    if (s == null) {
      s = Base58.encode(keys.get(index).toByteArray());
      base58[index] = s;
    }
    return s;
  }

  /** The line a bad index earns in {@code problems}. */
  String outOfRange(String what, int index) {
    return what + " index " + index + " is out of range (the account table has " + keys.size()
        + " keys: " + "static + loaded writable + loaded readonly)";
  }
}
