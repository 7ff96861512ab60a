package dev.geyserpool.bench;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The monitors a load run declares: seven of mixed kinds and groups, shaped like the team's
 * (Pump.fun mints, trades, failed trades, bonding curves, token accounts, every non-vote
 * transaction, block meta). Asked for more than seven, it repeats them with a numeric suffix, so
 * the gateway merges more monitors into the same three streams (one per group).
 *
 * <p>Stateless; thread-safe.
 */
public final class MonitorCatalogue {
  static final String PUMP_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  /** Pump.fun's mint authority: every create_v2 names it, no trade does. */
  static final String PUMP_MINT_AUTHORITY = "TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM";
  static final String SPL_TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
  static final String TOKEN_2022 = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
  /** sha256("account:BondingCurve")[0..8], the Anchor discriminator of a bonding curve. */
  static final byte[] BONDING_CURVE_DISCRIMINATOR = HexFormat.of().parseHex("17b7f83760d8ac60");

  /** One monitor: its id, group and filters. */
  public record Spec(String id, MonitorGroup group, SubscribeRequest filters) {}

  private static final List<Spec> SEVEN = List.of(
      new Spec("pump-trades", MonitorGroup.HIGH, SubscribeRequest.newBuilder()
          .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder()
              .setVote(false).setFailed(false).addAccountInclude(PUMP_PROGRAM).build())
          .build()),
      new Spec("pump-mints", MonitorGroup.MEDIUM, SubscribeRequest.newBuilder()
          .putTransactions("creates", SubscribeRequestFilterTransactions.newBuilder()
              .setVote(false).setFailed(false).addAccountInclude(PUMP_PROGRAM)
              .addAccountRequired(PUMP_MINT_AUTHORITY).build())
          .build()),
      new Spec("pump-curves", MonitorGroup.LOW, SubscribeRequest.newBuilder()
          .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
              .addOwner(PUMP_PROGRAM)
              .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder()
                  .setMemcmp(SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                      .setOffset(0).setBytes(ByteString.copyFrom(BONDING_CURVE_DISCRIMINATOR))))
              .build())
          .build()),
      new Spec("all-non-vote", MonitorGroup.HIGH, SubscribeRequest.newBuilder()
          .putTransactions("non-vote", SubscribeRequestFilterTransactions.newBuilder().setVote(false).build())
          .build()),
      new Spec("block-meta", MonitorGroup.LOW, SubscribeRequest.newBuilder()
          .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
          .build()),
      new Spec("pump-failed", MonitorGroup.MEDIUM, SubscribeRequest.newBuilder()
          .putTransactions("failed", SubscribeRequestFilterTransactions.newBuilder()
              .setVote(false).setFailed(true).addAccountInclude(PUMP_PROGRAM).build())
          .build()),
      new Spec("token-accounts", MonitorGroup.LOW, SubscribeRequest.newBuilder()
          .putAccounts("token", SubscribeRequestFilterAccounts.newBuilder()
              .addOwner(SPL_TOKEN).addOwner(TOKEN_2022).build())
          .build()));

  private MonitorCatalogue() {}

  /** How many distinct monitor kinds the catalogue holds. */
  public static int kinds() {
    return SEVEN.size();
  }

  /** The first {@code n} monitors: the seven kinds, then the same again as {@code <id>-2}, {@code <id>-3}... */
  public static List<Spec> first(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("monitors is " + n + ", but must be at least 1");
    }
    List<Spec> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Spec kind = SEVEN.get(i % SEVEN.size());
      int round = i / SEVEN.size() + 1;
      out.add(round == 1 ? kind : new Spec(kind.id() + "-" + round, kind.group(), kind.filters()));
    }
    return out;
  }
}
