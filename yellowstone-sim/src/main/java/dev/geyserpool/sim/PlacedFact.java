package dev.geyserpool.sim;

import dev.geyserpool.sim.traffic.ChainFact;
import java.util.Objects;

/**
 * A {@link ChainFact} placed on the simulated chain: the slot and the signature of the
 * transaction that did it. Immutable and thread-safe.
 *
 * @param slot the slot the transaction was emitted into
 * @param signature the transaction's signature, base58
 * @param fact what the transaction did
 */
public record PlacedFact(long slot, String signature, ChainFact fact) {
  public PlacedFact {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(fact, "fact");
  }
}
