package dev.geyserpool.monitors.launchlab;

import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.sdk.Filter;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Raydium LaunchLab Mint monitor: every new pool, from the initialize instructions (their
 * PoolCreateEvent names no base mint, the instruction does: account 6).
 */
public final class LaunchLabMintMonitor extends ReferenceMonitor {
  public static final String ID = "launchlab-mint";
  private static final Set<String> INITIALIZE = Set.of("initialize", "initialize_v2", "initialize_with_token_2022");

  public LaunchLabMintMonitor() {
    super(ID, MonitorGroup.MEDIUM);
  }

  @Override
  public String description() {
    return "every new Raydium LaunchLab pool (initialize variants)";
  }

  @Override
  public List<Filter> filters() {
    return List.of(
        TransactionFilter.named("launchlab").vote(false).failed(false).accountInclude(Program.LAUNCHLAB.id()));
  }

  @Override
  public List<MonitorEvent> events(DecodedTransaction tx) {
    List<MonitorEvent> out = new ArrayList<>(1);
    for (DecodedInstruction ix : tx.instructions()) {
      if (ix.program() != Program.LAUNCHLAB || !INITIALIZE.contains(ix.name()) || ix.account("base_mint") == null) {
        continue;
      }
      add(out, () -> {
        Fields mintParam = ix.args().struct("base_mint_param");
        Fields curve = ix.args().has("curve_param") ? ix.args().struct("curve_param") : Fields.empty();
        return new PoolLaunched(ix.account("base_mint"), ix.account("pool_state"), ix.account("creator"),
            ix.account("quote_mint"), ix.account("platform_config"), mintParam.string("name"),
            mintParam.string("symbol"), mintParam.string("uri"), mintParam.intValue("decimals"),
            curve.string("variant", null),
            curve.has("total_quote_fund_raising") ? curve.u64("total_quote_fund_raising") : null,
            ix.name(), tx.slot(), tx.signature());
      });
    }
    return out;
  }
}
