package dev.geyserpool.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import dev.geyserpool.sim.traffic.ChainFact;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The ground-truth log: facts placed with their transaction's slot and signature, bounded. */
class SimulatorFactsTest {

  @Test
  void factsCarryTheSlotAndSignatureOfTheirTransactionInEmissionOrder() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(
        SimulatorConfig.builder().manual(true).trafficRate(0).seed(42).build())) {
      List<GeneratedTransaction> generated = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        generated.addAll(sim.generateTraffic(25));
        sim.advanceSlot();
      }
      Map<String, Long> slotOf = new HashMap<>();
      List<String> order = new ArrayList<>();
      for (SimEvent e : sim.generated().events()) {
        if (e instanceof TransactionUpdate t) {
          String sig = Base58.encode(t.info().getSignature().toByteArray());
          slotOf.put(sig, t.slot());
          order.add(sig);
        }
      }
      List<PlacedFact> facts = sim.generated().facts();
      List<ChainFact> expected = generated.stream().flatMap(tx -> tx.facts().stream()).toList();
      assertThat(facts).extracting(PlacedFact::fact).isEqualTo(expected);
      assertThat(sim.generated().factsDropped()).isZero();
      int last = -1;
      for (PlacedFact f : facts) {
        assertThat(slotOf).containsEntry(f.signature(), f.slot());
        int at = order.indexOf(f.signature());
        assertThat(at).isGreaterThanOrEqualTo(last);
        last = at;
      }
      assertThat(facts).extracting(PlacedFact::slot).contains(sim.currentSlot() - 1);
      assertThat(facts).anyMatch(f -> f.fact() instanceof ChainFact.CurveMigrated);
      assertThat(facts).anyMatch(f -> f.fact() instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2);
      // Failed transactions contribute nothing.
      generated.stream().filter(GeneratedTransaction::failed).forEach(tx -> assertThat(facts)
          .noneMatch(f -> f.signature().equals(Base58.encode(tx.transaction().getSignature().toByteArray()))));
    }
  }

  @Test
  void factLogIsBoundedLikeTheEventLog() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .manual(true).trafficRate(0).generatedLogCapacity(10).build())) {
      List<ChainFact> all = sim.generateTraffic(30).stream().flatMap(tx -> tx.facts().stream()).toList();
      assertThat(all).hasSizeGreaterThan(10);
      assertThat(sim.generated().facts()).extracting(PlacedFact::fact).isEqualTo(all.subList(0, 10));
      assertThat(sim.generated().factsDropped()).isEqualTo(all.size() - 10);
    }
  }

  @Test
  void automaticTrafficIncludesGraduationsAndLaunchLabMigrations() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
        .slotInterval(Duration.ofMillis(50)).trafficRate(2_000).build())) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        List<PlacedFact> facts = sim.generated().facts();
        return facts.stream().anyMatch(f -> f.fact() instanceof ChainFact.CurveMigrated)
            && facts.stream().anyMatch(f -> f.fact() instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2)
            && facts.stream().anyMatch(f -> f.fact() instanceof ChainFact.PumpSwapTraded);
      });
      sim.stopTraffic();
      assertThat(sim.generated().facts()).allSatisfy(f -> assertThat(f.slot()).isLessThanOrEqualTo(sim.currentSlot()));
    }
  }
}
