package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.PumpCurve;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.ChangeTracker;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.AccountFilter;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Pump.fun Account monitor: BondingCurve state changes (reserves, the complete flag, the
 * creator). A write that changes none of them (a repeat delivery, a rent top-up) gives no event.
 *
 * <p>Curve accounts do not name their mint, so besides the curves the monitor asks for launches
 * only (pump transactions passing the mint authority: a handful per second on mainnet) and keys
 * each curve by the mint its launch named. A curve launched before the monitor started is keyed
 * by its own address, with {@code mint} null.
 */
public final class PumpAccountMonitor extends ReferenceMonitor {
  public static final String ID = "pump-account";
  private final CurveDirectory curves = new CurveDirectory();
  private final ChangeTracker changes = changeTracker(CurveDirectory.CAPACITY);

  public PumpAccountMonitor() {
    super(ID, MonitorGroup.LOW);
  }

  @Override
  public String description() {
    return "Pump.fun bonding-curve state changes (reserves, complete flag, creator)";
  }

  @Override
  public List<Filter> filters() {
    return List.of(
        AccountFilter.named("curves").owner(Program.PUMP.id()).memcmp(0, Chain.BONDING_CURVE_DISCRIMINATOR),
        TransactionFilter.named("launches").vote(false).failed(false).accountInclude(Program.PUMP.id())
            .accountRequired(Chain.PUMP_MINT_AUTHORITY));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    curves.learn(tx);
    return List.of();
  }

  @Override
  public List<MonitorEvent> events(DecodedAccount account) {
    if (account.program() != Program.PUMP || !account.type().equals("BondingCurve")) {
      return List.of();
    }
    Fields f = account.fields();
    List<MonitorEvent> out = new ArrayList<>(1);
    add(out, () -> {
      Fields state = Fields.builder()
          .put("virtual_token_reserves", f.u64("virtual_token_reserves"))
          .put("virtual_quote_reserves", f.u64("virtual_quote_reserves"))
          .put("real_token_reserves", f.u64("real_token_reserves"))
          .put("real_quote_reserves", f.u64("real_quote_reserves"))
          .put("complete", f.bool("complete"))
          .put("creator", f.string("creator", Chain.DEFAULT_PUBKEY))
          .build();
      List<String> changed = changes.changed(account.pubkey(), state);
      if (changed.isEmpty()) {
        return null;
      }
      return new CurveStateChanged(curves.mintOf(account.pubkey()), account.pubkey(),
          state.u64("virtual_token_reserves"), state.u64("virtual_quote_reserves"), state.u64("real_token_reserves"),
          state.u64("real_quote_reserves"), f.u64("token_total_supply", PumpCurve.TOKEN_TOTAL_SUPPLY),
          state.bool("complete"), state.string("creator"), Chain.quoteMint(f),
          account.derived().has("progress_pct") ? account.derived().decimal("progress_pct") : null, changed,
          account.slot(), account.txnSignature());
    });
    return out;
  }

}
