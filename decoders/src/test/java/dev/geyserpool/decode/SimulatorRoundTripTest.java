package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.decode.ChainFactChecks.Decoded;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sim.traffic.ChainFact;
import dev.geyserpool.sim.traffic.ChainFact.LaunchLabStatusChanged;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transaction the simulator generates decodes to exactly what its {@link ChainFact}s say:
 * Pump.fun launches, trades, graduations and migrations, PumpSwap trades and Raydium LaunchLab
 * launches, trades and migrations, with every program account write and every event, read from
 * the self-CPI and again from the {@code Program data:} logs. The comparisons live in
 * {@link ChainFactChecks} and {@link AccountWriteChecks}.
 *
 * <p>One seeded run of {@value #CALLS} {@code next()} calls on a fake clock (20 calls a second,
 * 400 ms slots, as the simulator's defaults) is shared by all tests: it is deterministic.
 */
class SimulatorRoundTripTest {
  private static final long SEED = 42;
  private static final int CALLS = 3_000;
  private static final long START_SECONDS = 1_785_000_000L;
  private static final long FIRST_SLOT = 380_000_000L;
  private static final List<Generated> RUN = run(SEED, CALLS);

  /** One generated transaction, the slot it landed in and the clock when it was generated. */
  private record Generated(GeneratedTransaction tx, long slot, long unixSeconds) {
    Decoded decode() {
      return ChainFactChecks.decode(tx, slot, unixSeconds);
    }

    String describe() {
      return tx.kind() + " " + Base58.encode(tx.transaction().getSignature().toByteArray()) + " (slot " + slot
          + ", facts " + tx.facts() + ")";
    }
  }

  @Test
  void seededRunHasEveryKindAFailureAGraduationAndBothLaunchLabStatusChanges() {
    Map<Kind, Long> kinds = RUN.stream().collect(
        Collectors.groupingBy(g -> g.tx().kind(), () -> new EnumMap<>(Kind.class), Collectors.counting()));
    List<ChainFact> facts = RUN.stream().flatMap(g -> g.tx().facts().stream()).toList();

    assertThat(kinds).as("transactions per kind").containsOnlyKeys(Kind.values());
    assertThat(RUN).filteredOn(g -> g.tx().failed()).isNotEmpty();
    assertThat(facts).extracting(f -> f.getClass().getSimpleName()).as("fact types seen")
        .containsAll(Stream.of(ChainFact.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
    assertThat(facts).filteredOn(LaunchLabStatusChanged.class::isInstance)
        .extracting(f -> ((LaunchLabStatusChanged) f).toStatus()).contains(1, 2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everySuccessfulTransactionDecodesToExactlyItsFacts(Kind kind) {
    List<Generated> successful = ofKind(kind).stream().filter(g -> !g.tx().failed()).toList();

    assertThat(successful).isNotEmpty();
    for (Generated g : successful) {
      withContext(g, () -> ChainFactChecks.decodesToItsFacts(g.decode()));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyAccountWriteDecodesToItsWrittenFact(Kind kind) {
    for (Generated g : ofKind(kind)) {
      withContext(g, () -> AccountWriteChecks.matchTheirFacts(g.decode()));
    }
  }

  @Test
  void failedBuysDecodeTheirInstructionButNoEventNoFactAndNoProgramWrite() {
    List<Generated> failed = RUN.stream().filter(g -> g.tx().failed()).toList();

    assertThat(failed).isNotEmpty().allSatisfy(g -> assertThat(g.tx().kind()).isEqualTo(Kind.PUMP_BUY));
    for (Generated g : failed) {
      withContext(g, () -> {
        Decoded d = g.decode();
        assertThat(d.tx().failed()).isTrue();
        assertThat(d.tx().problems()).isEmpty();
        assertThat(d.tx().instructions()).extracting(ChainFactChecks::label).containsExactly("pump buy");
        assertThat(d.tx().events()).isEmpty();
        assertThat(g.tx().facts()).isEmpty();
        assertThat(d.accounts()).isEmpty();
      });
    }
  }

  /**
   * A provider that sends no inner instructions leaves only the logs: the same events, read from
   * their {@code Program data:} lines, at the emitter's invoke depth, attributed to the top-level
   * instruction when that emitted them.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void withoutInnerInstructionsTheLogsYieldTheSameEvents(Kind kind) {
    for (Generated g : ofKind(kind)) {
      withContext(g, () -> {
        DecodedTransaction viaCpi = g.decode().tx();
        DecodedTransaction viaLogs =
            SolanaDecoder.transaction(withoutInnerInstructions(g.tx().transaction()), g.slot());

        assertThat(viaLogs.problems()).isEmpty();
        assertThat(viaLogs.instructions()).containsExactlyElementsOf(
            viaCpi.instructions().stream().filter(ix -> ix.location().topLevel()).toList());
        assertThat(viaLogs.events()).hasSameSizeAs(viaCpi.events());
        for (int i = 0; i < viaCpi.events().size(); i++) {
          sameEventFromTheLog(viaCpi.events().get(i), viaLogs.events().get(i));
        }
      });
    }
  }

  /** The per-program entry points produce the same kinds of transactions as {@code next()}. */
  @Test
  void perProgramGeneratorCallsDecodeToTheirFacts() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(7, () -> START_SECONDS);

    assertThat(generator.pumpSwapTrade()).as("no PumpSwap pool before a migration").isEmpty();
    List<GeneratedTransaction> calls = List.of(generator.create(), generator.buy(), generator.sell(),
        generator.launchLabCreate(), generator.launchLabBuy(), generator.launchLabSell());
    assertThat(calls).extracting(GeneratedTransaction::kind).containsExactly(Kind.PUMP_CREATE, Kind.PUMP_BUY,
        Kind.PUMP_SELL, Kind.LAUNCHLAB_CREATE, Kind.LAUNCHLAB_BUY, Kind.LAUNCHLAB_SELL);
    for (GeneratedTransaction tx : calls) {
      Generated g = new Generated(tx, FIRST_SLOT, START_SECONDS);
      withContext(g, () -> {
        ChainFactChecks.decodesToItsFacts(g.decode());
        AccountWriteChecks.matchTheirFacts(g.decode());
      });
    }
    assertThat(generator.failedBuy().failed()).isTrue();
  }

  private static void sameEventFromTheLog(DecodedEvent cpi, DecodedEvent log) {
    assertThat(log.source()).isEqualTo(EventSource.LOG);
    assertThat(log.program()).isEqualTo(cpi.program());
    assertThat(log.name()).isEqualTo(cpi.name());
    assertThat(log.fields()).isEqualTo(cpi.fields());
    assertThat(log.payloadBytes()).isEqualTo(cpi.payloadBytes());
    assertThat(log.location()).isEqualTo(
        new Location(cpi.location().instruction(), -1, cpi.location().stackHeight() - 1));
    assertThat(cpi.parent()).as("%s parent", cpi.name()).isNotNull();
    if (cpi.parent().location().topLevel()) {
      assertThat(log.parent()).isEqualTo(cpi.parent());
    } else {
      assertThat(log.parent()).as("%s parent: an inner instruction the logs cannot name", log.name()).isNull();
    }
  }

  private static SubscribeUpdateTransactionInfo withoutInnerInstructions(SubscribeUpdateTransactionInfo info) {
    return info.toBuilder()
        .setMeta(info.getMeta().toBuilder().clearInnerInstructions().setInnerInstructionsNone(true))
        .build();
  }

  private static List<Generated> ofKind(Kind kind) {
    List<Generated> of = RUN.stream().filter(g -> g.tx().kind() == kind).toList();
    assertThat(of).as("%s transactions in the seeded run", kind).isNotEmpty();
    return of;
  }

  /** Runs {@code check}, naming the transaction when it fails. */
  private static void withContext(Generated g, Runnable check) {
    try {
      check.run();
    } catch (AssertionError e) {
      throw new AssertionError(g.describe() + ": " + e.getMessage(), e);
    }
  }

  private static List<Generated> run(long seed, int calls) {
    long[] now = {START_SECONDS};
    PumpTrafficGenerator generator = new PumpTrafficGenerator(seed, () -> now[0]);
    List<Generated> out = new ArrayList<>();
    for (int call = 0; call < calls; call++) {
      now[0] = START_SECONDS + call / 20;
      long slot = FIRST_SLOT + call / 8;
      for (GeneratedTransaction tx : generator.next()) {
        out.add(new Generated(tx, slot, now[0]));
      }
    }
    return out;
  }
}
