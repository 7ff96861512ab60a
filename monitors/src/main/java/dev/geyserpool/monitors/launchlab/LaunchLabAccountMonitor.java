package dev.geyserpool.monitors.launchlab;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.ChangeTracker;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.AccountFilter;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.wire.MonitorGroup;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Raydium LaunchLab Account monitor: PoolState changes (status, reserves, progress). Asks for
 * LaunchLab-owned accounts with PoolState's discriminator and length (the discriminator alone also
 * matches Raydium's AMM pools, which other programs own). A write that changes neither status nor
 * reserves gives no event. Price and progress are the decoder's derived values (absent when the
 * pool's reserves are inconsistent or its curve is not constant product).
 */
public final class LaunchLabAccountMonitor extends ReferenceMonitor {
  public static final String ID = "launchlab-account";

  private final ChangeTracker changes = changeTracker(100_000);

  public LaunchLabAccountMonitor() {
    super(ID, MonitorGroup.LOW);
  }

  @Override
  public String description() {
    return "Raydium LaunchLab PoolState changes (status, reserves, progress)";
  }

  @Override
  public List<Filter> filters() {
    return List.of(AccountFilter.named("pools").owner(Program.LAUNCHLAB.id())
        .memcmp(0, Chain.POOL_STATE_DISCRIMINATOR).datasize(Chain.POOL_STATE_SIZE));
  }

  @Override
  public List<MonitorEvent> events(DecodedAccount account) {
    if (account.program() != Program.LAUNCHLAB || !account.type().equals("PoolState")) {
      return List.of();
    }
    Fields f = account.fields();
    Fields derived = account.derived();
    List<MonitorEvent> out = new ArrayList<>(1);
    add(out, () -> {
      int status = f.intValue("status");
      Fields state = Fields.builder()
          .put("status", (long) status)
          .put("real_base", f.u64("real_base"))
          .put("real_quote", f.u64("real_quote"))
          .build();
      List<String> changed = changes.changed(account.pubkey(), state);
      if (changed.isEmpty()) {
        return null;
      }
      return new PoolStateChanged(f.string("base_mint"), account.pubkey(), f.string("quote_mint"), status,
          derived.string("status_name", "Status" + status), f.u64("real_base"), f.u64("real_quote"),
          f.u64("total_base_sell"), f.u64("total_quote_fund_raising"), decimal(derived, "progress_pct"),
          decimal(derived, "price_quote"), changed, account.slot(), account.txnSignature());
    });
    return out;
  }


  private static BigDecimal decimal(Fields derived, String name) {
    return derived.has(name) ? derived.decimal(name) : null;
  }
}
