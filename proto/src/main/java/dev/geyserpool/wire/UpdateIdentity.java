package dev.geyserpool.wire;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.util.Optional;

/**
 * What makes a stream update the same update when it arrives twice (after a reconnect, a replay
 * or on two streams): the dedup key of the pool and the record identity monitors use for
 * idempotent handling, and the record key that keeps per-account order within a partition.
 */
public final class UpdateIdentity {
  private UpdateIdentity() {}

  /**
   * The identity of an update, or empty for ping and pong. Transactions: their signature.
   * Accounts: pubkey, slot, write version and writing transaction. Blocks: slot and blockhash.
   * Slot progress: slot and status.
   */
  public static Optional<String> of(SubscribeUpdate update) {
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION:
        return Optional.of("tx:" + Base58.encode(update.getTransaction().getTransaction().getSignature().toByteArray()));
      case TRANSACTION_STATUS:
        return Optional.of("txs:" + Base58.encode(update.getTransactionStatus().getSignature().toByteArray()));
      case ACCOUNT: {
        SubscribeUpdateAccountInfo account = update.getAccount().getAccount();
        String writer = account.hasTxnSignature() ? Base58.encode(account.getTxnSignature().toByteArray()) : "-";
        return Optional.of("acct:" + Base58.encode(account.getPubkey().toByteArray()) + ":"
            + update.getAccount().getSlot() + ":" + account.getWriteVersion() + ":" + writer);
      }
      case BLOCK:
        return Optional.of("block:" + update.getBlock().getSlot() + ":" + update.getBlock().getBlockhash());
      case BLOCK_META:
        return Optional.of("meta:" + update.getBlockMeta().getSlot() + ":" + update.getBlockMeta().getBlockhash());
      case SLOT:
        return Optional.of("slot:" + update.getSlot().getSlot() + ":" + update.getSlot().getStatus().name());
      default:
        return Optional.empty();
    }
  }

  /**
   * The Kafka record key: the signature for transactions, the pubkey for accounts (so one
   * account's updates stay in order within a partition), the slot for blocks.
   */
  public static Optional<String> recordKey(SubscribeUpdate update) {
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION:
        return Optional.of(Base58.encode(update.getTransaction().getTransaction().getSignature().toByteArray()));
      case TRANSACTION_STATUS:
        return Optional.of(Base58.encode(update.getTransactionStatus().getSignature().toByteArray()));
      case ACCOUNT:
        return Optional.of(Base58.encode(update.getAccount().getAccount().getPubkey().toByteArray()));
      case BLOCK:
        return Optional.of(Long.toString(update.getBlock().getSlot()));
      case BLOCK_META:
        return Optional.of(Long.toString(update.getBlockMeta().getSlot()));
      case SLOT:
        return Optional.of(Long.toString(update.getSlot().getSlot()));
      default:
        return Optional.empty();
    }
  }

  /** The slot an update belongs to, or 0 for ping and pong. */
  public static long slotOf(SubscribeUpdate update) {
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION:
        return update.getTransaction().getSlot();
      case TRANSACTION_STATUS:
        return update.getTransactionStatus().getSlot();
      case ACCOUNT:
        return update.getAccount().getSlot();
      case BLOCK:
        return update.getBlock().getSlot();
      case BLOCK_META:
        return update.getBlockMeta().getSlot();
      case SLOT:
        return update.getSlot().getSlot();
      default:
        return 0L;
    }
  }
}
