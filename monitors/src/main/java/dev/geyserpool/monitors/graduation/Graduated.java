package dev.geyserpool.monitors.graduation;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;

/**
 * One step of a coin leaving its launch curve.
 *
 * <ul>
 *   <li>{@code curve_complete} (pump): the buy that emptied the curve's sellable tokens; its
 *       CompleteEvent. {@code curve} is the bonding curve, {@code user} the buyer.
 *   <li>{@code migrated} (pump): {@code migrate}/{@code migrate_v2} moved the liquidity to
 *       PumpSwap; {@code newPool} is the PumpSwap pool, {@code quoteAmount} the lamports
 *       deposited, {@code baseAmount} the tokens deposited.
 *   <li>{@code fundraising_ended} (launchlab): the trade after which the pool left the Fund
 *       status (now Migrate); {@code quoteAmount} is the quote raised.
 *   <li>{@code migrated} (launchlab): {@code migrate_to_cpswap} or {@code migrate_to_amm};
 *       {@code newPool} is the Raydium CPMM or AMM v4 pool.
 * </ul>
 *
 * @param platform {@code pump} or {@code launchlab}
 * @param curve the pump bonding curve or the LaunchLab PoolState
 * @param venue where the coin trades next: {@code pumpswap}, {@code raydium_cpmm},
 *     {@code raydium_amm_v4}; null before migration
 */
public record Graduated(
    String stage,
    String platform,
    String mint,
    String curve,
    String newPool,
    String venue,
    String user,
    Long baseAmount,
    Long quoteAmount,
    long slot,
    String signature) implements MonitorEvent {

  public static final String CURVE_COMPLETE = "curve_complete";
  public static final String MIGRATED = "migrated";
  public static final String FUNDRAISING_ENDED = "fundraising_ended";

  @Override
  public String type() {
    return "graduation";
  }

  /** The mint; the curve or pool when the data did not name the mint (a LaunchLab trade routed without its instruction). */
  @Override
  public String key() {
    return mint != null ? mint : curve;
  }

  @Override
  public String line() {
    return switch (stage) {
      case CURVE_COMPLETE -> platform + " curve complete: " + mint + " (curve " + Chain.brief(curve) + ", last buyer "
          + Chain.brief(user) + ")";
      case FUNDRAISING_ENDED -> platform + " fund-raising ended: " + mint + " (pool " + Chain.brief(curve) + ", raised "
          + quoteAmount + " raw quote)";
      default -> platform + " migrated: " + mint + " to " + venue + " pool " + newPool
          + (quoteAmount != null ? " with " + quoteAmount + " raw quote" : "");
    };
  }
}
