package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.InnerInstruction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events belong to the instruction that emitted them (fact sheet §5): top-level instruction k at
 * stack height 2, else the nearest preceding instruction of the same program one level up.
 */
class EventAttributionTest {
  private static final byte[] BUY = TestBorsh.instruction("buy").u64(1).u64(2).bytes();
  private static final byte[] SELL = TestBorsh.instruction("sell").u64(3).u64(4).bytes();
  private static final List<String> EVENT_AUTHORITY = List.of(Keys.PUMP_EVENT_AUTHORITY);

  @Test
  void routerCpisAttributeEachEventToItsOwnTrade() {
    DecodedTransaction tx = SolanaDecoder.transaction(routed(), 1);

    assertThat(tx.instructions()).extracting(i -> i.name() + "@" + i.location().path())
        .containsExactly("buy@inner[0][0]", "sell@inner[0][3]");
    assertThat(tx.events()).extracting(e -> e.parent().name() + "@" + e.location().path())
        .containsExactly("buy@inner[0][2]", "sell@inner[0][4]");
    assertThat(tx.events()).extracting(e -> e.location().stackHeight()).containsExactly(3, 3);
  }

  @Test
  void withoutStackHeightsTheNearestPrecedingInstructionOfTheProgramIsTheParent() {
    SubscribeUpdateTransactionInfo.Builder b = routed().toBuilder();
    for (InnerInstruction.Builder ii : b.getMetaBuilder().getInnerInstructionsBuilder(0).getInstructionsBuilderList()) {
      ii.clearStackHeight();
    }

    DecodedTransaction tx = SolanaDecoder.transaction(b.build(), 1);

    assertThat(tx.events()).extracting(e -> e.parent().name()).containsExactly("buy", "sell");
    assertThat(tx.events()).extracting(e -> e.location().stackHeight()).containsExactly(0, 0);
  }

  @Test
  void eventAtHeightTwoBelongsToTheTopLevelInstruction() {
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, Keys.fakes(1, 16), BUY)
        .inner(Keys.fake(50), List.of(), new byte[] {1}, 2)
        .inner(Keys.PUMP, EVENT_AUTHORITY, Txs.emitCpi(Samples.tradeEvent()), 2)
        .build(), 1);

    assertThat(tx.events().get(0).parent()).isSameAs(tx.instructions().get(0));
  }

  @Test
  void eventOutsideAnyPumpInstructionHasNoParent() {
    // A pump event at height 3 whose caller at height 2 is another program.
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.ROUTER, List.of(), new byte[] {1})
        .inner(Keys.PUMP, Keys.fakes(1, 16), BUY, 2)
        .inner(Keys.fake(50), List.of(), new byte[] {1}, 2)
        .inner(Keys.PUMP, EVENT_AUTHORITY, Txs.emitCpi(Samples.tradeEvent()), 3)
        .build(), 1);

    assertThat(tx.events().get(0).parent()).isNull();
  }

  /** A router (top level) CPIs a pump buy and a pump sell; each emits its event one level down. */
  private static SubscribeUpdateTransactionInfo routed() {
    return new Txs()
        .top(Keys.ROUTER, Keys.fakes(1, 3), new byte[] {7})
        .inner(Keys.PUMP, Keys.fakes(1, 16), BUY, 2)
        .inner(Keys.fake(50), List.of(Keys.fake(3)), new byte[] {1}, 3)
        .inner(Keys.PUMP, EVENT_AUTHORITY, Txs.emitCpi(Samples.tradeEvent()), 3)
        .inner(Keys.PUMP, Keys.fakes(1, 14), SELL, 2)
        .inner(Keys.PUMP, EVENT_AUTHORITY, Txs.emitCpi(Samples.tradeEvent()), 3)
        .build();
  }
}
