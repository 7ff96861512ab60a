package dev.geyserpool.cli;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import com.google.protobuf.ByteString;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw monitor for the pool's end-to-end tests: Pump.fun trades and bonding-curve accounts, one
 * line per update, and a count of every identity it sees, so a test can tell lost from duplicated.
 */
final class PumpExampleMonitor implements UpdateHandler {
  static final String ID = "pump-example";
  static final String PUMP_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  /** sha256("account:BondingCurve")[0..8]. */
  static final byte[] BONDING_CURVE_DISCRIMINATOR = HexFormat.of().parseHex("17b7f83760d8ac60");
  private static final String INSTRUCTION_LOG = "Program log: Instruction: ";

  private final PrintStream out;
  private final boolean print;
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  PumpExampleMonitor(PrintStream out, boolean print) {
    this.out = out;
    this.print = print;
  }

  /** Pump.fun transactions that succeeded, and every bonding-curve account write. */
  static SubscribeRequest filters() {
    return SubscribeRequest.newBuilder()
        .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder()
            .setVote(false)
            .setFailed(false)
            .addAccountInclude(PUMP_PROGRAM)
            .build())
        .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
            .addOwner(PUMP_PROGRAM)
            .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder()
                .setMemcmp(SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                    .setOffset(0)
                    .setBytes(ByteString.copyFrom(BONDING_CURVE_DISCRIMINATOR))))
            .build())
        .build();
  }

  /** Every identity seen, with how often. */
  Map<String, AtomicInteger> seen() {
    return seen;
  }

  @Override
  public void onTransaction(TransactionUpdate update) {
    seen.computeIfAbsent(update.context().identity(), k -> new AtomicInteger()).incrementAndGet();
    if (print) {
      String action = update.transaction().getMeta().getLogMessagesList().stream()
          .filter(l -> l.startsWith(INSTRUCTION_LOG))
          .map(l -> l.substring(INSTRUCTION_LOG.length()))
          .findFirst()
          .orElse("?");
      out.printf("[%s] slot %d  tx %-14s %s%n", ID, update.context().slot(), action, abbreviate(update.signature()));
    }
  }

  @Override
  public void onAccount(AccountUpdate update) {
    seen.computeIfAbsent(update.context().identity(), k -> new AtomicInteger()).incrementAndGet();
    if (print) {
      ByteBuffer data = update.account().getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      String reserves = data.remaining() >= 24
          ? "virtual_token=" + Long.toUnsignedString(data.getLong(8)) + " virtual_sol=" + Long.toUnsignedString(data.getLong(16))
          : "";
      out.printf("[%s] slot %d  curve %s %s%n", ID, update.context().slot(), abbreviate(update.pubkey()), reserves);
    }
  }

  private static String abbreviate(String base58) {
    return base58.length() > 12 ? base58.substring(0, 8) + "…" + base58.substring(base58.length() - 4) : base58;
  }

}
