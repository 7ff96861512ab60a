package dev.geyserpool.decode;

import dev.geyserpool.decode.internal.AccountDecoder;
import dev.geyserpool.decode.internal.TransactionDecoder;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.util.Optional;

/**
 * Decodes Yellowstone transaction and account updates of Pump.fun ({@link Program#PUMP}),
 * PumpSwap ({@link Program#PUMP_AMM}) and Raydium LaunchLab ({@link Program#LAUNCHLAB}) into
 * {@link DecodedTransaction}s and {@link DecodedAccount}s, with IDL names for every argument,
 * account and field.
 *
 * <p>What it decodes, and how:
 * <ul>
 *   <li>every top-level and inner instruction of the three programs, resolving account indexes
 *       over {@code message.account_keys ‖ meta.loaded_writable_addresses ‖
 *       meta.loaded_readonly_addresses}; other programs' instructions are skipped;
 *   <li>Anchor events from the {@code emit_cpi} self-CPI inner instructions, attributed to the
 *       instruction that emitted them; from {@code Program data:} log lines (attributed through the
 *       invoke stack, so a router's log is never read as ours) only when the transaction carries no
 *       inner instructions; none for a failed transaction;
 *   <li>accounts by owner program, then discriminator.
 * </ul>
 * Every lookup keys on the program id first: pump and LaunchLab share the {@code TradeEvent}
 * discriminator, pump and pump_amm their {@code buy}/{@code sell}, LaunchLab and Raydium's AMMs
 * {@code PoolState}. Layouts are read tolerantly: older, shorter data leaves trailing fields
 * absent; newer, longer data leaves bytes unread and counted. Malformed data becomes a line in
 * {@link DecodedTransaction#problems()}; these methods never throw for bad chain data.
 *
 * <p>Stateless and thread-safe; the layouts are built once, on first use.
 */
public final class SolanaDecoder {
  private SolanaDecoder() {}

  /**
   * Decodes a transaction update.
   *
   * @param info the transaction as Yellowstone sends it
   * @param slot the slot of the enclosing {@code SubscribeUpdateTransaction}
   */
  public static DecodedTransaction transaction(SubscribeUpdateTransactionInfo info, long slot) {
    return TransactionDecoder.decode(info, slot);
  }

  /**
   * Decodes an account update.
   *
   * @param info the account as Yellowstone sends it (full data, discriminator included)
   * @param slot the slot of the enclosing {@code SubscribeUpdateAccount}
   * @return the account, or empty when its owner is not one of ours, its data is shorter than a
   *     discriminator or its type is not one this module knows
   */
  public static Optional<DecodedAccount> account(SubscribeUpdateAccountInfo info, long slot) {
    return AccountDecoder.decode(info, slot);
  }
}
