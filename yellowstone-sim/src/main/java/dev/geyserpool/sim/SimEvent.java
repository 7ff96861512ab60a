package dev.geyserpool.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlockMeta;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One thing that happened on the simulated chain, as every stream sees it: the same immutable
 * object is matched against each stream's filters, so all streams agree on content and
 * {@code created_at}.
 *
 * <p>Immutable and thread-safe. Kinds mirror Yellowstone's update kinds.
 */
public sealed interface SimEvent {
  /** The slot the event belongs to. */
  long slot();

  /** When the event was created; becomes {@code SubscribeUpdate.created_at}. */
  Timestamp createdAt();

  /** An account write in a slot; {@code info.txn_signature} names the writing transaction. */
  record AccountUpdate(long slot, SubscribeUpdateAccountInfo info, Timestamp createdAt)
      implements SimEvent {}

  /**
   * An executed transaction. {@code accountKeys} is every key it mentions, as Yellowstone's
   * transaction filters see them: static keys, then loaded writable, then loaded readonly.
   */
  record TransactionUpdate(
      long slot, SubscribeUpdateTransactionInfo info, Set<ByteString> accountKeys, Timestamp createdAt)
      implements SimEvent {

    /** Builds the event, collecting the account keys of {@code info}. */
    public static TransactionUpdate of(long slot, SubscribeUpdateTransactionInfo info, Timestamp createdAt) {
      Set<ByteString> keys = new LinkedHashSet<>(info.getTransaction().getMessage().getAccountKeysList());
      keys.addAll(info.getMeta().getLoadedWritableAddressesList());
      keys.addAll(info.getMeta().getLoadedReadonlyAddressesList());
      return new TransactionUpdate(slot, info, Set.copyOf(keys), createdAt);
    }

    /** Whether the transaction failed ({@code meta.err} set). */
    public boolean failed() {
      return info.getMeta().hasErr();
    }
  }

  /** A slot reaching a status (processed, confirmed, finalized). */
  record SlotUpdate(long slot, long parent, SlotStatus status, Timestamp createdAt) implements SimEvent {}

  /** A complete block's metadata, sent once the slot is closed. */
  record BlockMetaUpdate(SubscribeUpdateBlockMeta meta, Timestamp createdAt) implements SimEvent {
    @Override
    public long slot() {
      return meta.getSlot();
    }
  }

  /** A complete block: its metadata, transactions and account writes in emission order. */
  record BlockUpdate(
      SubscribeUpdateBlockMeta meta,
      List<TransactionUpdate> transactions,
      List<AccountUpdate> accounts,
      Timestamp createdAt)
      implements SimEvent {
    public BlockUpdate {
      transactions = List.copyOf(transactions);
      accounts = List.copyOf(accounts);
    }

    @Override
    public long slot() {
      return meta.getSlot();
    }
  }
}
