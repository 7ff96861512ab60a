package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pump instructions and events the captured fixtures do not contain, built from the IDL layouts
 * with the fact sheet's real values: graduation (CompleteEvent, migrate + CompletePumpAmmMigrationEvent),
 * the quote-mint-aware v2 instructions, set_params and its event.
 */
class PumpInstructionsTest {

  @Test
  void migrateWithItsMigrationEventDerivesSol() {
    byte[] event = TestBorsh.event("CompletePumpAmmMigrationEvent")
        .pubkey(Keys.fake(1)).pubkey("ELJFma9JcX1gH9ZAanFKbYTGLWvw3Mr3ekeiZk6dpump")
        .u64(206_900_000_000_000L).u64(84_990_359_084L).u64(15_000_001L)
        .pubkey(Keys.fake(3)).u64(1_787_337_289L).pubkey("GnpU6c7H9CbPrbb9cUkQMxgz6DZV41h8XbU4pLh4C27e")
        .pubkey("11111111111111111111111111111111").bytes();
    List<String> accounts = Keys.fakes(1, 25);

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, accounts, TestBorsh.instruction("migrate").bytes())
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 1);

    DecodedInstruction migrate = tx.instructions().get(0);
    assertThat(migrate.name()).isEqualTo("migrate");
    assertThat(migrate.account("mint")).isEqualTo(accounts.get(2));
    assertThat(migrate.account("pool")).isEqualTo(accounts.get(9));
    assertThat(migrate.account("lp_mint")).isEqualTo(accounts.get(15));
    assertThat(migrate.account("rent")).isEqualTo(accounts.get(24));
    DecodedEvent done = tx.events().get(0);
    assertThat(done.name()).isEqualTo("CompletePumpAmmMigrationEvent");
    assertThat(done.fields().u64("mint_amount")).isEqualTo(PumpCurve.MIGRATION_MINT_AMOUNT);
    assertThat(done.fields().string("pool")).isEqualTo("GnpU6c7H9CbPrbb9cUkQMxgz6DZV41h8XbU4pLh4C27e");
    assertThat(done.derived().decimal("sol_amount_sol")).isEqualTo(new BigDecimal("84.990359084"));
    assertThat(done.payloadBytes()).isEqualTo(192);
  }

  @Test
  void completeEventBeforeAndAfterQuoteMint() {
    byte[] old = TestBorsh.event("CompleteEvent").pubkey(Keys.fake(1)).pubkey(Keys.fake(2)).pubkey(Keys.fake(3))
        .u64(1_787_337_289L).bytes();
    byte[] current = new TestBorsh().raw(old).pubkey("11111111111111111111111111111111").bytes();

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, Keys.fakes(1, 16), TestBorsh.instruction("buy").u64(1).u64(2).bytes())
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(old), 2)
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(current), 2)
        .build(), 1);

    assertThat(tx.events()).extracting(DecodedEvent::payloadBytes).containsExactly(104, 136);
    assertThat(tx.events().get(0).fields().has("quote_mint")).isFalse();
    assertThat(tx.events().get(1).fields().string("quote_mint")).isEqualTo("11111111111111111111111111111111");
    assertThat(tx.events().get(1).fields().u64("timestamp")).isEqualTo(1_787_337_289L);
  }

  @Test
  void v2InstructionsNameTheirTwentySevenAccounts() {
    List<String> accounts = Keys.fakes(1, 27);
    DecodedInstruction buyV2 = single(accounts, TestBorsh.instruction("buy_v2").u64(445_377_137_871L).u64(3_517_192).bytes());
    DecodedInstruction quoteIn = single(accounts,
        TestBorsh.instruction("buy_exact_quote_in_v2").u64(5_000_000).u64(1).bytes());
    DecodedInstruction sellV2 = single(accounts.subList(0, 26), TestBorsh.instruction("sell_v2").u64(7).u64(8).bytes());
    DecodedInstruction migrateV2 = single(accounts, TestBorsh.instruction("migrate_v2").bytes());

    assertThat(buyV2.account("base_mint")).isEqualTo(accounts.get(1));
    assertThat(buyV2.account("quote_mint")).isEqualTo(accounts.get(2));
    assertThat(buyV2.account("bonding_curve")).isEqualTo(accounts.get(10));
    assertThat(buyV2.account("user")).isEqualTo(accounts.get(13));
    assertThat(buyV2.account("creator_vault")).isEqualTo(accounts.get(16));
    assertThat(quoteIn.name()).isEqualTo("buy_exact_quote_in_v2");
    assertThat(quoteIn.accounts().keySet()).isEqualTo(buyV2.accounts().keySet());
    assertThat(quoteIn.args().u64("spendable_quote_in")).isEqualTo(5_000_000);
    assertThat(sellV2.account("user_volume_accumulator")).isEqualTo(accounts.get(19));
    assertThat(sellV2.account("program")).isEqualTo(accounts.get(25));
    assertThat(migrateV2.account("pool")).isEqualTo(accounts.get(10));
    assertThat(migrateV2.account("lp_mint")).isEqualTo(accounts.get(15));
    assertThat(migrateV2.extraAccounts()).isEmpty();
  }

  @Test
  void setParamsAndItsEvent() {
    byte[] args = TestBorsh.instruction("set_params")
        .u64(PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES).u64(PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES)
        .u64(PumpCurve.INITIAL_REAL_TOKEN_RESERVES).u64(PumpCurve.TOKEN_TOTAL_SUPPLY).u64(95)
        .pubkey("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg").bool(true).u64(15_000_001).u64(30)
        .pubkey(Keys.fake(1)).pubkey(Keys.fake(2)).bytes();
    TestBorsh event = TestBorsh.event("SetParamsEvent")
        .u64(PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES).u64(PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES)
        .u64(PumpCurve.INITIAL_REAL_TOKEN_RESERVES).u64(0).u64(PumpCurve.TOKEN_TOTAL_SUPPLY).u64(95)
        .pubkey(Keys.fake(5)).bool(true).u64(15_000_001).u64(30);
    for (int i = 0; i < 8; i++) {
      event.pubkey(Keys.fake(10 + i));
    }
    event.u64(1_785_000_000L).pubkey(Keys.fake(1)).pubkey(Keys.fake(2));

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, Keys.fakes(1, 4), args)
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(event.bytes()), 2)
        .build(), 1);

    assertThat(tx.problems()).isEmpty();
    DecodedInstruction set = tx.instructions().get(0);
    assertThat(set.name()).isEqualTo("set_params");
    assertThat(set.args().size()).isEqualTo(11);
    assertThat(set.args().bool("enable_migrate")).isTrue();
    assertThat(set.args().string("admin_set_creator_authority")).isEqualTo(Keys.fake(2));
    assertThat(set.accounts().keySet()).containsExactly("global", "authority", "event_authority", "program");
    DecodedEvent e = tx.events().get(0);
    assertThat(e.name()).isEqualTo("SetParamsEvent");
    assertThat(e.fields().get("fee_recipients")).asInstanceOf(LIST).hasSize(8).endsWith(Keys.fake(17));
    assertThat(e.fields().u64("timestamp")).isEqualTo(1_785_000_000L);
    assertThat(e.unreadBytes()).isZero();
  }

  @Test
  void optionArgumentIsAbsentWhenNone() {
    DecodedInstruction some = single(Keys.fakes(1, 4), TestBorsh.instruction("update_buyback_config").u8(1).u64(5000).bytes());
    DecodedInstruction none = single(Keys.fakes(1, 4), TestBorsh.instruction("update_buyback_config").u8(0).bytes());

    assertThat(some.args().u64("buyback_basis_points")).isEqualTo(5000);
    assertThat(none.args().has("buyback_basis_points")).isFalse();
    assertThat(none.missingArgs()).isEmpty();
  }

  private static DecodedInstruction single(List<String> accounts, byte[] data) {
    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(Keys.PUMP, accounts, data), 1);
    assertThat(tx.problems()).isEmpty();
    return tx.instructions().get(0);
  }
}
