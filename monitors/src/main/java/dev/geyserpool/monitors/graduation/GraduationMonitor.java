package dev.geyserpool.monitors.graduation;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.LaunchLabCurve;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.ChangeTracker;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Graduation monitor: Pump.fun curves completing (CompleteEvent) and migrating to PumpSwap
 * (CompletePumpAmmMigrationEvent), and LaunchLab pools leaving the fund-raising status (the
 * TradeEvent whose pool status is Migrate) and migrating to a Raydium AMM ({@code migrate_to_cpswap},
 * {@code migrate_to_amm}; LaunchLab emits no migration event).
 *
 * <p>The final buy that completes a curve is an ordinary trade, so the monitor reads every pump
 * and LaunchLab transaction; events are rare. A pool reported as having ended its raise is
 * remembered (bounded) so a repeat delivery reports it once.
 */
public final class GraduationMonitor extends ReferenceMonitor {
  public static final String ID = "graduation";
  private static final Fields RAISE_ENDED = Fields.builder().put("raise_ended", true).build();

  /** Pools whose end of raise was reported; pending until the batch's events are flushed. */
  private final ChangeTracker raiseEnded = changeTracker(100_000);

  public GraduationMonitor() {
    super(ID, MonitorGroup.MEDIUM);
  }

  @Override
  public String description() {
    return "Pump.fun curves completing and migrating to PumpSwap; LaunchLab pools ending their raise and migrating";
  }

  @Override
  public List<Filter> filters() {
    return List.of(TransactionFilter.named("launchpads").vote(false).failed(false)
        .accountInclude(Program.PUMP.id(), Program.LAUNCHLAB.id()));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    List<MonitorEvent> out = new ArrayList<>(1);
    for (DecodedEvent e : tx.events()) {
      Fields f = e.fields();
      if (Chain.is(e, Program.PUMP, "CompleteEvent")) {
        add(out, () -> new Graduated(Graduated.CURVE_COMPLETE, "pump", f.string("mint"), f.string("bonding_curve"),
            null, null, f.string("user"), null, null, tx.slot(), tx.signature()));
      } else if (Chain.is(e, Program.PUMP, "CompletePumpAmmMigrationEvent")) {
        add(out, () -> new Graduated(Graduated.MIGRATED, "pump", f.string("mint"), f.string("bonding_curve"),
            f.string("pool"), "pumpswap", f.string("user"), f.u64("mint_amount"), f.u64("sol_amount"), tx.slot(),
            tx.signature()));
      } else if (Chain.is(e, Program.LAUNCHLAB, "TradeEvent")) {
        add(out, () -> {
          if (f.intValue("pool_status") == LaunchLabCurve.FUND || !firstTime(f.string("pool_state"))) {
            return null;
          }
          DecodedInstruction trade = e.parent();
          return new Graduated(Graduated.FUNDRAISING_ENDED, "launchlab",
              trade == null ? null : trade.account("base_token_mint"), f.string("pool_state"), null, null,
              trade == null ? null : trade.account("payer"), null, f.u64("real_quote_after"), tx.slot(),
              tx.signature());
        });
      }
    }
    for (DecodedInstruction ix : tx.instructions()) {
      if (ix.program() != Program.LAUNCHLAB || ix.account("pool_state") == null) {
        continue;
      }
      if (ix.name().equals("migrate_to_cpswap")) {
        firstTime(ix.account("pool_state"));
        out.add(new Graduated(Graduated.MIGRATED, "launchlab", ix.account("base_mint"), ix.account("pool_state"),
            ix.account("cpswap_pool"), "raydium_cpmm", ix.account("payer"), null, null, tx.slot(), tx.signature()));
      } else if (ix.name().equals("migrate_to_amm")) {
        firstTime(ix.account("pool_state"));
        out.add(new Graduated(Graduated.MIGRATED, "launchlab", ix.account("base_mint"), ix.account("pool_state"),
            ix.account("amm_pool"), "raydium_amm_v4", ix.account("payer"), null, null, tx.slot(), tx.signature()));
      }
    }
    return out;
  }


  /** Whether the pool's end of raise is news (and remembers it, pending). */
  private boolean firstTime(String pool) {
    return !raiseEnded.changed(pool, RAISE_ENDED).isEmpty();
  }
}
