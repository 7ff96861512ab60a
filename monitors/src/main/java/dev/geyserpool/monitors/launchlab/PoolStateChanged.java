package dev.geyserpool.monitors.launchlab;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;
import java.math.BigDecimal;
import java.util.List;

/**
 * A LaunchLab PoolState whose status or reserves changed.
 *
 * @param status 0 Fund (trading on the curve), 1 Migrate (raise complete, waiting for migration),
 *     2 Trade (migrated to a Raydium AMM)
 * @param realBase base tokens sold so far, raw
 * @param realQuote quote raised so far (net of fees), raw
 * @param progressPct realBase / totalBaseSell × 100
 * @param priceQuote quote per whole base token on the curve, or null when it cannot be priced
 * @param changed the fields that differ from the previous write the monitor saw, or {@code [first_seen]}
 */
public record PoolStateChanged(
    String mint,
    String pool,
    String quoteMint,
    int status,
    String statusName,
    long realBase,
    long realQuote,
    long totalBaseSell,
    long totalQuoteFundRaising,
    BigDecimal progressPct,
    BigDecimal priceQuote,
    List<String> changed,
    long slot,
    String signature) implements MonitorEvent {

  public PoolStateChanged {
    changed = List.copyOf(changed);
  }

  @Override
  public String type() {
    return "pool_state";
  }

  @Override
  public String key() {
    return mint;
  }

  @Override
  public String line() {
    return "pool " + Chain.brief(pool) + " of " + mint + " " + changed + ": " + statusName + ", raised "
        + realQuote + "/" + totalQuoteFundRaising + ", progress " + Chain.show(progressPct, 4) + "%, price "
        + Chain.show(priceQuote, 6);
  }
}
