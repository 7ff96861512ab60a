package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ground truth: every fact agrees with the bytes a monitor decodes, every program account
 * write has its fact, and a seeded run shows the whole lifecycle at a visible pace.
 */
class ChainFactsTest {
  static final String PUMP = PumpGraduationTest.PUMP;
  static final String AMM = PumpGraduationTest.AMM;
  static final String LAUNCHLAB = LaunchLabTrafficTest.LAUNCHLAB;

  @Test
  void theInspectorAcceptsTheRealMainnetTransaction() throws Exception {
    TxInspector real = new TxInspector(PumpTrafficGeneratorTest.fixture().getTransaction().getTransaction());
    real.assertWellFormed();
    assertThat(real.events(PUMP)).extracting(TxInspector.Event::discriminator)
        .containsExactly("1b72a94ddeeb6376", "bddb7fd34ee661ee");
  }

  @Test
  void everyGeneratedTransactionIsWellFormedAndOnlySuccessfulOnesCarryFacts() {
    Set<Kind> seen = EnumSet.noneOf(Kind.class);
    int failed = 0;
    for (GeneratedTransaction tx : LaunchLabTrafficTest.run(5, 1_500)) {
      seen.add(tx.kind());
      new TxInspector(tx.transaction()).assertWellFormed();
      if (tx.failed() || tx.kind() == Kind.VOTE || tx.kind() == Kind.OTHER) {
        failed += tx.failed() ? 1 : 0;
        assertThat(tx.facts()).as("%s carries no facts", tx.kind()).isEmpty();
      } else {
        assertThat(tx.facts()).as("%s carries facts", tx.kind()).isNotEmpty();
      }
      for (SubscribeUpdateAccountInfo a : tx.accountWrites()) {
        assertThat(a.getTxnSignature()).isEqualTo(tx.transaction().getSignature());
        assertThat(a.getLamports()).isNotNegative();
      }
    }
    assertThat(seen).isEqualTo(EnumSet.allOf(Kind.class));
    assertThat(failed).isPositive();
  }

  @Test
  void everyProgramAccountWriteHasItsFactWithTheDecodedValues() {
    int curves = 0;
    int poolStates = 0;
    int swapPools = 0;
    for (GeneratedTransaction tx : LaunchLabTrafficTest.run(8, 1_200)) {
      List<ChainFact> expected = new ArrayList<>();
      for (SubscribeUpdateAccountInfo a : tx.accountWrites()) {
        String owner = TxInspector.b58(a.getOwner());
        String pubkey = TxInspector.b58(a.getPubkey());
        PumpDecoder d = new PumpDecoder(a.getData());
        if (owner.equals(PUMP)) {
          assertThat(d.hex(8)).isEqualTo("17b7f83760d8ac60");
          PumpProgram.BondingCurve c = d.bondingCurve();
          String mint = mintOfCurve(tx, pubkey);
          expected.add(new ChainFact.CurveAccountWritten(pubkey, mint, c.virtualTokenReserves(),
              c.virtualSolReserves(), c.realTokenReserves(), c.realSolReserves(), c.complete(),
              TxInspector.b58(c.creator())));
          curves++;
        } else if (owner.equals(LAUNCHLAB)) {
          assertThat(a.getData().size()).isEqualTo(429);
          LaunchLabProgram.PoolState s = LaunchLabDecoder.poolState(a.getData().toByteArray());
          expected.add(new ChainFact.PoolStateWritten(pubkey, TxInspector.b58(s.baseMint()), s.status(),
              s.realBase(), s.realQuote(), s.totalBaseSell()));
          poolStates++;
        } else if (owner.equals(AMM)) {
          assertThat(d.hex(8)).isEqualTo("f19a6d0411b16dbc");
          PumpSwapProgram.Pool p = d.pool();
          expected.add(new ChainFact.PumpSwapPoolWritten(pubkey, TxInspector.b58(p.baseMint()),
              TxInspector.b58(p.quoteMint()), TxInspector.b58(p.lpMint()), TxInspector.b58(p.creator()),
              TxInspector.b58(p.coinCreator()), TxInspector.b58(p.poolBaseTokenAccount()),
              TxInspector.b58(p.poolQuoteTokenAccount()), p.lpSupply()));
          swapPools++;
        }
      }
      List<ChainFact> written = tx.facts().stream().filter(isWrite()).toList();
      assertThat(written).as("%s account facts", tx.kind()).isEqualTo(expected);
      // Account facts come last, after what the instructions did.
      assertThat(tx.facts().subList(tx.facts().size() - written.size(), tx.facts().size())).isEqualTo(written);
    }
    assertThat(curves).isGreaterThan(500);
    assertThat(poolStates).isGreaterThan(100);
    assertThat(swapPools).isPositive();
  }

  @Test
  void curveFactsEqualTheDecodedEventsAndInstructions() {
    int launches = 0;
    for (GeneratedTransaction tx : LaunchLabTrafficTest.run(9, 600)) {
      if (!PumpTrafficGeneratorTest.PUMP_CURVE_KINDS.contains(tx.kind()) || tx.failed()) {
        continue;
      }
      TxInspector in = new TxInspector(tx.transaction());
      List<ChainFact> expected = new ArrayList<>();
      for (TxInspector.Event e : in.events(PUMP)) {
        PumpDecoder d = e.reader();
        switch (e.discriminator()) {
          case "1b72a94ddeeb6376" -> {
            PumpProgram.CreateEvent c = d.createEvent();
            CompiledInstruction create = in.top(0);
            expected.add(new ChainFact.TokenLaunched(TxInspector.b58(c.mint()), c.name(), c.symbol(), c.uri(),
                TxInspector.b58(c.creator()), TxInspector.b58(c.bondingCurve()), in.account(create, 7)));
            launches++;
          }
          case "bddb7fd34ee661ee" -> {
            PumpProgram.TradeEvent t = d.tradeEvent();
            expected.add(new ChainFact.CurveTraded(TxInspector.b58(t.mint()), TxInspector.b58(t.user()), t.isBuy(),
                t.solAmount(), t.tokenAmount(), t.fee(), t.creatorFee(), t.virtualSolReserves(),
                t.virtualTokenReserves(), t.realSolReserves(), t.realTokenReserves()));
          }
          case "5f72619cd42e9808" -> {
            PumpProgram.CompleteEvent c = d.completeEvent();
            expected.add(new ChainFact.CurveCompleted(TxInspector.b58(c.mint()), TxInspector.b58(c.bondingCurve()),
                TxInspector.b58(c.user())));
          }
          default -> throw new AssertionError("unexpected pump event " + e.discriminator());
        }
      }
      assertThat(tx.facts().stream().filter(isWrite().negate()).toList()).isEqualTo(expected);
    }
    assertThat(launches).isPositive();
  }

  @Test
  void aSeededRunShowsTheWholeLifecycle() {
    List<ChainFact> facts = LaunchLabTrafficTest.run(42, 1_200).stream()
        .flatMap(tx -> tx.facts().stream()).toList();
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.TokenLaunched);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveTraded t && t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveTraded t && !t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveCompleted);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveMigrated);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveAccountWritten c && c.complete()
        && c.virtualTokenReserves() == 0);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.PumpSwapPoolWritten);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.PumpSwapTraded t && t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.PumpSwapTraded t && !t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabPoolCreated);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabTraded t && t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabTraded t && !t.buy());
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 1);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.PoolStateWritten p && p.status() == 2);
  }

  /**
   * At the default rate (one generator call per 1/rate s) a graduation, its migration and a
   * LaunchLab pool's Migrate and Trade statuses all show within the first minute, whatever the seed.
   */
  @ParameterizedTest
  @ValueSource(longs = {42, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void graduationsShowWithinTheFirstMinuteAtTheDefaultRate(long seed) {
    int callsPerMinute = 60 * SimulatorConfig.builder().build().trafficRate();
    PumpTrafficGenerator g = new PumpTrafficGenerator(seed, () -> PumpTrafficGeneratorTest.TS);
    List<ChainFact> facts = new ArrayList<>();
    for (int i = 0; i < callsPerMinute; i++) {
      g.next().forEach(tx -> facts.addAll(tx.facts()));
    }
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.CurveMigrated);
    assertThat(facts).anyMatch(f -> f instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2);
    // Most curves die young: far fewer complete than launch.
    long launched = facts.stream().filter(f -> f instanceof ChainFact.TokenLaunched).count();
    long completed = facts.stream().filter(f -> f instanceof ChainFact.CurveCompleted).count();
    assertThat(completed * 4).isLessThan(launched);
    assertThat(g.activeCurves()).isLessThanOrEqualTo(PumpTrafficGenerator.MAX_ACTIVE_CURVES);
  }

  private static Predicate<ChainFact> isWrite() {
    return f -> f instanceof ChainFact.CurveAccountWritten || f instanceof ChainFact.PoolStateWritten
        || f instanceof ChainFact.PumpSwapPoolWritten;
  }

  /** The mint of a curve written by {@code tx}: the account after it in pump/migrate instructions. */
  private static String mintOfCurve(GeneratedTransaction tx, String curve) {
    TxInspector in = new TxInspector(tx.transaction());
    for (int i = 0; i < in.message.getInstructionsCount(); i++) {
      CompiledInstruction ix = in.top(i);
      if (in.program(ix).equals(PUMP)) {
        List<String> a = in.accounts(ix);
        int at = a.indexOf(curve);
        if (at == 2) {
          return a.get(0); // create_v2: mint 0, bonding_curve 2
        }
        if (at == 3) {
          return a.get(2); // buy / sell / migrate: mint 2, bonding_curve 3
        }
      }
    }
    throw new AssertionError("no pump instruction names curve " + curve);
  }
}
