package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Pump.fun traffic decodes as what it claims to be, and its numbers obey the
 * curve: a TradeEvent's post-trade reserves are the BondingCurve account's, and its SOL amount is
 * {@link PumpCurve#buyCost} / {@link PumpCurve#sellProceeds} on the pre-trade reserves.
 */
class SimulatorRoundTripTest {
  private static final long NOW = 1_785_000_000L;

  @Test
  void launchesDecodeAsCreateV2WithTheCreatorsBuy() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(7, () -> NOW);
    for (int i = 0; i < 10; i++) {
      GeneratedTransaction launch = generator.create();
      DecodedTransaction tx = SolanaDecoder.transaction(launch.transaction(), 500 + i);

      assertThat(tx.problems()).isEmpty();
      assertThat(tx.failed()).isFalse();
      assertThat(tx.instructions()).extracting(DecodedInstruction::name).containsExactly("create_v2", "buy");
      assertThat(tx.events()).extracting(DecodedEvent::name).containsExactly("CreateEvent", "TradeEvent");
      DecodedInstruction create = tx.instructions().get(0);
      Fields created = tx.events().get(0).fields();
      assertThat(created.string("name")).isEqualTo(create.args().string("name"));
      assertThat(created.string("symbol")).isEqualTo(create.args().string("symbol"));
      assertThat(created.string("uri")).isEqualTo(create.args().string("uri"));
      assertThat(created.string("mint")).isEqualTo(create.account("mint"));
      assertThat(created.string("bonding_curve")).isEqualTo(create.account("bonding_curve"));
      assertThat(created.string("creator")).isEqualTo(create.args().string("creator"));
      assertThat(created.u64("timestamp")).isEqualTo(NOW);
      assertThat(created.u64("virtual_token_reserves")).isEqualTo(PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES);
      assertThat(created.u64("virtual_sol_reserves")).isEqualTo(PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES);
      assertThat(created.u64("real_token_reserves")).isEqualTo(PumpCurve.INITIAL_REAL_TOKEN_RESERVES);
      assertThat(tx.events().get(0).parent()).isSameAs(create);
      assertThat(tx.events().get(1).fields().string("mint")).isEqualTo(create.account("mint"));
      tradeObeysTheCurve(launch, tx);
    }
  }

  @Test
  void buysAndSellsObeyTheCurveAndMatchTheAccountWrites() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(11, () -> NOW);
    generator.create();
    int sells = 0;
    for (int i = 0; i < 60; i++) {
      GeneratedTransaction g = i % 2 == 0 ? generator.buy() : generator.sell();
      DecodedTransaction tx = SolanaDecoder.transaction(g.transaction(), 900 + i);

      assertThat(tx.problems()).isEmpty();
      String expected = g.kind() == GeneratedTransaction.Kind.PUMP_SELL ? "sell" : "buy";
      sells += expected.equals("sell") ? 1 : 0;
      assertThat(tx.instructions()).extracting(DecodedInstruction::name).containsExactly(expected);
      assertThat(tx.events()).extracting(DecodedEvent::name).containsExactly("TradeEvent");
      assertThat(tx.events().get(0).fields().string("ix_name")).isEqualTo(expected);
      tradeObeysTheCurve(g, tx);
    }
    assertThat(sells).isPositive();
  }

  @Test
  void everyPumpOwnedAccountWriteIsABondingCurveAndTheRestAreNotOurs() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(3, () -> NOW);
    int curves = 0;
    for (GeneratedTransaction g : List.of(generator.create(), generator.buy(), generator.sell(), generator.buy())) {
      for (SubscribeUpdateAccountInfo write : g.accountWrites()) {
        Optional<DecodedAccount> account = SolanaDecoder.account(write, 1);
        if (write.getOwner().equals(Program.PUMP.idBytes())) {
          assertThat(account).get().extracting(DecodedAccount::type).isEqualTo("BondingCurve");
          assertThat(account.get().txnSignature()).isEqualTo(
              SolanaDecoder.transaction(g.transaction(), 1).signature());
          curves++;
        } else {
          assertThat(account).isEmpty();
        }
      }
    }
    assertThat(curves).isEqualTo(4);
  }

  @Test
  void failedBuyDecodesItsInstructionButNoEvent() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(5, () -> NOW);
    generator.create();

    DecodedTransaction tx = SolanaDecoder.transaction(generator.failedBuy().transaction(), 1);

    assertThat(tx.failed()).isTrue();
    assertThat(tx.instructions()).extracting(DecodedInstruction::name).containsExactly("buy");
    assertThat(tx.events()).isEmpty();
    assertThat(tx.problems()).isEmpty();
  }

  private static void tradeObeysTheCurve(GeneratedTransaction g, DecodedTransaction tx) {
    DecodedEvent trade = tx.events().get(tx.events().size() - 1);
    DecodedInstruction ix = trade.parent();
    Fields t = trade.fields();
    long tokens = t.u64("token_amount");
    long sol = t.u64("sol_amount");
    long vsr = t.u64("virtual_sol_reserves");
    long vtr = t.u64("virtual_token_reserves");
    assertThat(tokens).isEqualTo(ix.args().u64("amount"));
    assertThat(t.string("mint")).isEqualTo(ix.account("mint"));
    assertThat(t.string("user")).isEqualTo(ix.account("user"));
    if (t.bool("is_buy")) {
      assertThat(sol).isEqualTo(PumpCurve.buyCost(tokens, vsr - sol, vtr + tokens));
    } else {
      assertThat(sol).isEqualTo(PumpCurve.sellProceeds(tokens, vsr + sol, vtr - tokens));
    }
    DecodedAccount curve = g.accountWrites().stream()
        .map(w -> SolanaDecoder.account(w, 1))
        .flatMap(Optional::stream)
        .filter(a -> a.pubkey().equals(ix.account("bonding_curve")))
        .findFirst().orElseThrow();
    assertThat(curve.fields().u64("virtual_token_reserves")).isEqualTo(vtr);
    assertThat(curve.fields().u64("virtual_quote_reserves")).isEqualTo(vsr);
    assertThat(curve.fields().u64("real_token_reserves")).isEqualTo(t.u64("real_token_reserves"));
    assertThat(curve.fields().u64("real_quote_reserves")).isEqualTo(t.u64("real_sol_reserves"));
    assertThat(curve.derived().decimal("price_sol")).isEqualTo(trade.derived().decimal("price_sol"));
  }
}
