package dev.geyserpool.sim.traffic;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.util.List;

/**
 * One generated transaction, the account writes it caused (each carrying the transaction's
 * signature in {@code txn_signature}) and what it did in plain values, before it is placed in a
 * slot. Plain data: the simulator emits the account writes, then the transaction, into the open
 * slot, and logs the facts with that slot and the signature.
 *
 * @param kind what the transaction does
 * @param transaction the transaction as Yellowstone sends it (its {@code index} is set on emit)
 * @param accountWrites accounts written, in write order
 * @param facts what it did (see {@link ChainFact}); empty for failed transactions, votes and
 *     other background traffic
 */
public record GeneratedTransaction(
    Kind kind, SubscribeUpdateTransactionInfo transaction, List<SubscribeUpdateAccountInfo> accountWrites,
    List<ChainFact> facts) {

  public GeneratedTransaction {
    accountWrites = List.copyOf(accountWrites);
    facts = List.copyOf(facts);
    if (transaction.getMeta().hasErr() && !facts.isEmpty()) {
      throw new IllegalArgumentException("a failed transaction carries " + facts.size()
          + " facts, but must carry none: it changed nothing");
    }
  }

  /** A transaction without facts (votes, background traffic, failures). */
  public GeneratedTransaction(
      Kind kind, SubscribeUpdateTransactionInfo transaction, List<SubscribeUpdateAccountInfo> accountWrites) {
    this(kind, transaction, accountWrites, List.of());
  }

  /** The kinds of generated transactions. */
  public enum Kind {
    /** Pump.fun create_v2 with the creator's first buy in the same transaction (as on mainnet). */
    PUMP_CREATE,
    /** Pump.fun buy; the one that empties the curve also emits CompleteEvent. */
    PUMP_BUY,
    /** Pump.fun sell. */
    PUMP_SELL,
    /** Pump.fun migrate of a completed curve: creates its canonical PumpSwap pool (CPI create_pool). */
    PUMP_MIGRATE,
    /** PumpSwap (pump_amm) buy on a migrated coin's pool. */
    PUMPSWAP_BUY,
    /** PumpSwap (pump_amm) sell on a migrated coin's pool. */
    PUMPSWAP_SELL,
    /** Raydium LaunchLab initialize_v2 (a bonk.fun launch). */
    LAUNCHLAB_CREATE,
    /** Raydium LaunchLab buy_exact_in; the one that sells the last base token sets status Migrate. */
    LAUNCHLAB_BUY,
    /** Raydium LaunchLab sell_exact_in. */
    LAUNCHLAB_SELL,
    /** Raydium LaunchLab migrate_to_cpswap: status Migrate → Trade. */
    LAUNCHLAB_MIGRATE,
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
