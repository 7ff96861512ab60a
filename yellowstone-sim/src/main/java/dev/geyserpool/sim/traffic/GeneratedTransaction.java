package dev.geyserpool.sim.traffic;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.util.List;

/**
 * One generated transaction and the account writes it caused (each carrying the transaction's
 * signature in {@code txn_signature}), before it is placed in a slot. Plain data: the simulator
 * emits the account writes, then the transaction, into the open slot.
 *
 * @param kind what the transaction does
 * @param transaction the transaction as Yellowstone sends it (its {@code index} is set on emit)
 * @param accountWrites accounts written, in write order
 */
public record GeneratedTransaction(
    Kind kind, SubscribeUpdateTransactionInfo transaction, List<SubscribeUpdateAccountInfo> accountWrites) {

  public GeneratedTransaction {
    accountWrites = List.copyOf(accountWrites);
  }

  /** The kinds of generated transactions. */
  public enum Kind {
    /** Pump.fun create_v2 with the creator's first buy in the same transaction (as on mainnet). */
    PUMP_CREATE,
    /** Pump.fun buy. */
    PUMP_BUY,
    /** Pump.fun sell. */
    PUMP_SELL,
    /** Validator vote (is_vote = true). */
    VOTE,
    /** A non-pump v0 transaction that loads accounts from an address lookup table. */
    OTHER
  }

  /** Whether the transaction failed ({@code meta.err} set). */
  public boolean failed() {
    return transaction.getMeta().hasErr();
  }
}
