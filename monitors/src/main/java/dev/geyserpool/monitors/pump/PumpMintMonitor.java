package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.DecodedTransaction;
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
 * Pump.fun Token Mint monitor: every new coin. Asks only for pump transactions that pass pump's
 * mint authority, which only {@code create} and {@code create_v2} do, so trades never reach it.
 */
public final class PumpMintMonitor extends ReferenceMonitor {
  public static final String ID = "pump-mint";

  public PumpMintMonitor() {
    super(ID, MonitorGroup.MEDIUM);
  }

  @Override
  public String description() {
    return "every new Pump.fun coin (create, create_v2)";
  }

  @Override
  public List<Filter> filters() {
    return List.of(TransactionFilter.named("launches").vote(false).failed(false)
        .accountInclude(Program.PUMP.id()).accountRequired(Chain.PUMP_MINT_AUTHORITY));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    List<MonitorEvent> out = new ArrayList<>(1);
    for (DecodedInstruction ix : tx.instructions()) {
      if (ix.program() != Program.PUMP || !(ix.name().equals("create") || ix.name().equals("create_v2"))) {
        continue;
      }
      add(out, () -> new TokenMinted(required(ix.account("mint")), ix.args().string("name"),
          ix.args().string("symbol"), ix.args().string("uri"), ix.args().string("creator", ix.account("user")),
          ix.account("bonding_curve"), ix.account("token_program"), ix.name(), tx.slot(), tx.signature()));
    }
    return out;
  }

  private static String required(String account) {
    if (account == null) {
      throw new java.util.NoSuchElementException("the create instruction names no mint account");
    }
    return account;
  }
}
