package dev.geyserpool.monitors.pump;

import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.internal.Chain;

/**
 * A new Pump.fun coin: a {@code create} (SPL Token + Metaplex metadata) or {@code create_v2}
 * (Token-2022 with metadata in the mint) instruction.
 *
 * @param instruction {@code create} or {@code create_v2}
 * @param tokenProgram the mint's token program (SPL Token or Token-2022)
 */
public record TokenMinted(
    String mint,
    String name,
    String symbol,
    String uri,
    String creator,
    String bondingCurve,
    String tokenProgram,
    String instruction,
    long slot,
    String signature) implements MonitorEvent {

  @Override
  public String type() {
    return "token_minted";
  }

  @Override
  public String key() {
    return mint;
  }

  @Override
  public String line() {
    return "new coin " + symbol + " \"" + name + "\" mint " + mint + " by " + Chain.brief(creator) + " (" + instruction
        + ", slot " + slot + ")";
  }
}
