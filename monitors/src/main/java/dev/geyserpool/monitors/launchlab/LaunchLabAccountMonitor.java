package dev.geyserpool.monitors.launchlab;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.LaunchLabCurve;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.ChangeTracker;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.AccountFilter;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.wire.MonitorGroup;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Raydium LaunchLab Account monitor: PoolState changes (status, reserves, progress). Asks for
 * LaunchLab-owned accounts with PoolState's discriminator and length (the discriminator alone also
 * matches Raydium's AMM pools, which other programs own). A write that changes neither status nor
 * reserves gives no event.
 */
public final class LaunchLabAccountMonitor extends ReferenceMonitor {
  public static final String ID = "launchlab-account";
  private static final String[] STATUS_NAMES = {"Fund", "Migrate", "Trade"};

  private final ChangeTracker changes = new ChangeTracker(100_000);

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

  /** Fund, Migrate, Trade; the number for a status this code does not know. */
  public static String statusName(int status) {
    return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "Status" + status;
  }

  @Override
  public List<MonitorEvent> events(DecodedAccount account) {
    if (account.program() != Program.LAUNCHLAB || !account.type().equals("PoolState")) {
      return List.of();
    }
    Fields f = account.fields();
    Fields state = Fields.builder()
        .put("status", (long) f.intValue("status"))
        .put("real_base", f.u64("real_base"))
        .put("real_quote", f.u64("real_quote"))
        .build();
    List<String> changed = changes.changed(account.pubkey(), state);
    if (changed.isEmpty()) {
      return List.of();
    }
    int status = f.intValue("status");
    long totalBaseSell = f.u64("total_base_sell");
    BigDecimal progress = totalBaseSell == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(f.u64("real_base")).multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(totalBaseSell), 2, RoundingMode.HALF_EVEN);
    BigDecimal price = LaunchLabCurve.price(f.u64("virtual_base"), f.u64("virtual_quote"), f.u64("real_base"),
        f.u64("real_quote"), f.intValue("base_decimals"), f.intValue("quote_decimals"));
    return List.of(new PoolStateChanged(f.string("base_mint"), account.pubkey(), f.string("quote_mint"), status,
        statusName(status), f.u64("real_base"), f.u64("real_quote"), totalBaseSell, f.u64("total_quote_fund_raising"),
        progress, price, changed, account.slot(), account.txnSignature()));
  }
}
