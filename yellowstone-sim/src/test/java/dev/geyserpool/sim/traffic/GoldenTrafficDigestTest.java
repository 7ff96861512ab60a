package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the generator's byte output: seed 42, a fixed clock and 3,000 {@link
 * PumpTrafficGenerator#next()} calls hash, with SHA-256, to one digest over every transaction's
 * kind and bytes, every account write's bytes and every fact. A refactoring of the transaction
 * factories or program encoders must keep it; a deliberate change of the traffic (new
 * instructions, different odds, other layouts) updates the constant in the same commit.
 */
class GoldenTrafficDigestTest {
  static final String SEED_42_DIGEST =
      "7ce465a4fbf7a2c2ce2dba23a591d5ea555120b6c1a7db7f48346ba04ba7ee37";

  @Test
  void seed42TrafficKeepsItsBytes() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    PumpTrafficGenerator generator = new PumpTrafficGenerator(42, () -> 1_785_000_000L);
    for (int call = 0; call < 3_000; call++) {
      for (GeneratedTransaction tx : generator.next()) {
        sha.update(tx.kind().name().getBytes(StandardCharsets.UTF_8));
        sha.update(tx.transaction().toByteArray());
        for (SubscribeUpdateAccountInfo write : tx.accountWrites()) {
          sha.update(write.toByteArray());
        }
        for (ChainFact fact : tx.facts()) {
          sha.update(fact.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(SEED_42_DIGEST);
  }
}
