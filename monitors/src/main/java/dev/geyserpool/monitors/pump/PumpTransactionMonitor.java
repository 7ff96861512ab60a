package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.internal.Chain;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Pump.fun Transaction monitor: every buy and sell on a bonding curve, read from the program's
 * TradeEvent (which holds the executed amounts and fees; the instruction holds only limits), so
 * trades routed through other programs (a router CPI-ing pump) are seen too.
 */
public final class PumpTransactionMonitor extends ReferenceMonitor {
  public static final String ID = "pump-transactions";

  public PumpTransactionMonitor() {
    super(ID, MonitorGroup.HIGH);
  }

  @Override
  public String description() {
    return "every Pump.fun bonding-curve buy and sell with amounts, fees, user and mint";
  }

  @Override
  public List<Filter> filters() {
    return List.of(TransactionFilter.named("trades").vote(false).failed(false).accountInclude(Program.PUMP.id()));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    List<MonitorEvent> out = new ArrayList<>(1);
    for (DecodedEvent e : tx.events()) {
      if (!Chain.is(e, Program.PUMP, "TradeEvent")) {
        continue;
      }
      Fields f = e.fields();
      add(out, () -> {
        String quoteMint = Chain.quoteMint(f);
        String instruction = f.string("ix_name", e.parent() != null ? e.parent().name() : null);
        return new TradeExecuted(f.string("mint"), e.parent() != null ? e.parent().account("bonding_curve") : null,
            f.string("user"), f.bool("is_buy") ? "buy" : "sell", f.u64("sol_amount"), f.u64("token_amount"), quoteMint,
            quoteMint == null ? null : f.u64("quote_amount"), optional(f, "fee"), optional(f, "creator_fee"),
            instruction, tx.slot(), tx.signature());
      });
    }
    return out;
  }

  /** A field older layouts lack: null there, not a misleading zero. */
  private static Long optional(Fields f, String name) {
    return f.has(name) ? f.u64(name) : null;
  }
}
