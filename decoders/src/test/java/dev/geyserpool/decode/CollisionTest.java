package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Discriminators shared across programs (fact sheet §1): the same bytes under another program id
 * are read with that program's layout, never with the one whose name they happen to share.
 */
class CollisionTest {

  @Test
  void launchLabTradeEventUnderPumpIsNotReadAsLaunchLabs() {
    byte[] launchLab = Base64.getDecoder().decode(LaunchLabDecodingTest.TRADE_EVENT_LOG);

    DecodedTransaction tx = selfCpi(Keys.PUMP, launchLab);

    DecodedEvent e = tx.events().get(0);
    assertThat(e.program()).isEqualTo(Program.PUMP);
    assertThat(e.name()).isEqualTo("TradeEvent");
    assertThat(e.fields().has("pool_state")).isFalse();
    assertThat(e.fields().asMap().keySet()).containsExactly("mint", "sol_amount", "token_amount");
    assertThat(tx.problems()).containsExactly(
        "inner[0][0] pump TradeEvent: is_buy at payload byte 48: bool byte 215 (must be 0 or 1)");
  }

  @Test
  void pumpTradeEventUnderLaunchLabIsNotReadAsPumps() {
    DecodedTransaction tx = selfCpi(Keys.LAUNCHLAB, Samples.tradeEvent());

    DecodedEvent e = tx.events().get(0);
    assertThat(e.program()).isEqualTo(Program.LAUNCHLAB);
    assertThat(e.fields().has("mint")).isFalse();
    assertThat(e.fields().has("pool_state")).isTrue();
    assertThat(e.derived().has("price_sol")).isFalse();
    assertThat(tx.problems()).hasSize(1).allMatch(p -> p.startsWith("inner[0][0] raydium_launchpad TradeEvent: "));
  }

  @Test
  void sameBuyBytesTakeEachProgramsArgumentNames() {
    byte[] data = TestBorsh.instruction("buy").u64(10).u64(20).bytes();

    DecodedInstruction pump = SolanaDecoder.transaction(Txs.single(Keys.PUMP, Keys.fakes(1, 16), data), 1)
        .instructions().get(0);
    DecodedInstruction amm = SolanaDecoder.transaction(Txs.single(Keys.PUMP_AMM, Keys.fakes(1, 23), data), 1)
        .instructions().get(0);

    assertThat(pump.args().asMap()).containsOnlyKeys("amount", "max_sol_cost");
    assertThat(pump.account("mint")).isEqualTo(Keys.fake(3));
    assertThat(amm.args().asMap()).containsOnlyKeys("base_amount_out", "max_quote_amount_in");
    assertThat(amm.account("pool")).isEqualTo(Keys.fake(1));
    assertThat(amm.account("base_mint")).isEqualTo(Keys.fake(4));
  }

  @Test
  void otherProgramsInstructionsAndEventsAreIgnored() {
    byte[] pumpBuy = TestBorsh.instruction("buy").u64(10).u64(20).bytes();

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.ROUTER, Keys.fakes(1, 16), pumpBuy)
        .inner(Keys.ROUTER, List.of(Keys.fake(2)), Txs.emitCpi(Samples.tradeEvent()), 2)
        .build(), 1);

    assertThat(tx.instructions()).isEmpty();
    assertThat(tx.events()).isEmpty();
    assertThat(tx.problems()).isEmpty();
  }

  private static DecodedTransaction selfCpi(String program, byte[] event) {
    return SolanaDecoder.transaction(new Txs()
        .top(program, Keys.fakes(1, 15), TestBorsh.instruction("buy_exact_in").u64(1).u64(2).u64(0).bytes())
        .inner(program, List.of(Keys.fake(99)), Txs.emitCpi(event), 2)
        .build(), 1);
  }
}
