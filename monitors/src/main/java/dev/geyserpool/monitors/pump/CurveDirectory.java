package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.Program;
import dev.geyserpool.monitors.internal.BoundedMap;
import java.util.Map;

/**
 * Which mint each bonding curve belongs to, learned from the pump transactions a monitor sees
 * (every pump instruction names both, and so does CreateEvent). A BondingCurve account does not
 * name its mint and its address is a one-way PDA of it, so this is the only way to key a curve
 * write by mint. Bounded (least recently used curves are forgotten); confined to one monitor thread.
 */
final class CurveDirectory {
  static final int CAPACITY = 100_000;

  private final Map<String, String> mintByCurve = new BoundedMap<>(CAPACITY);

  /** Learns every curve/mint pair {@code tx} names. */
  void learn(DecodedTransaction tx) {
    for (DecodedInstruction ix : tx.instructions()) {
      if (ix.program() != Program.PUMP) {
        continue;
      }
      String curve = ix.account("bonding_curve");
      String mint = ix.account("mint") != null ? ix.account("mint") : ix.account("base_mint");
      if (curve != null && mint != null) {
        mintByCurve.put(curve, mint);
      }
    }
    for (DecodedEvent e : tx.events()) {
      if (e.program() == Program.PUMP && e.fields().has("bonding_curve") && e.fields().has("mint")) {
        mintByCurve.put(e.fields().string("bonding_curve"), e.fields().string("mint"));
      }
    }
  }

  /** Records one pair. */
  void learn(String curve, String mint) {
    mintByCurve.put(curve, mint);
  }

  /** The curve's mint, or null when never seen. */
  String mintOf(String curve) {
    return mintByCurve.get(curve);
  }
}
