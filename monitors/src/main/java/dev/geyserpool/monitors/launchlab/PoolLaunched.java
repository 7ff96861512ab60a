package dev.geyserpool.monitors.launchlab;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;

/**
 * A new Raydium LaunchLab pool: an {@code initialize}, {@code initialize_v2} or
 * {@code initialize_with_token_2022} instruction.
 *
 * @param mint the base mint (the new token)
 * @param pool the PoolState account
 * @param quoteMint what the pool raises (wSOL, USD1, ...)
 * @param platformConfig the launch platform (bonk.fun's is FfYek5vE…)
 * @param curveType {@code Constant}, {@code Fixed} or {@code Linear}
 * @param totalQuoteFundRaising the raise that ends the curve, raw quote units
 */
public record PoolLaunched(
    String mint,
    String pool,
    String creator,
    String quoteMint,
    String platformConfig,
    String name,
    String symbol,
    String uri,
    Integer decimals,
    String curveType,
    Long totalQuoteFundRaising,
    String instruction,
    long slot,
    String signature) implements MonitorEvent {

  @Override
  public String type() {
    return "pool_launched";
  }

  @Override
  public String key() {
    return mint;
  }

  @Override
  public String line() {
    return "new LaunchLab pool " + symbol + " \"" + name + "\" mint " + mint + " pool " + Chain.brief(pool)
        + " quote " + Chain.brief(quoteMint) + " by " + Chain.brief(creator) + " (" + instruction + ")";
  }
}
