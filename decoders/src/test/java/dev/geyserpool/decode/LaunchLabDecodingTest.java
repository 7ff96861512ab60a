package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raydium LaunchLab: a real TradeEvent and a real PoolState (bytes as captured from mainnet and
 * published in public test suites), plus synthetic initialize/migrate data for the layouts no
 * capture covers.
 */
class LaunchLabDecodingTest {
  /**
   * A real bonk.fun buy's {@code Program data:} payload (pool 9HjtrQri…, 1.98 SOL in); the
   * decoded values are the ones the fact sheet (§6) lists for it.
   */
  static final String TRADE_EVENT_LOG = "vdt/007mYe57J0nr1ttuiFgOVMjM0EfMt3+fGYuNhZt8W2Z3HE3ggQB4xftR0QIA3nQOPunPAwDXrzD8BgAAAKblBzi8IwIA"
      + "eHeB7wgAAAAwcQ7noS8CAJgb/WMJAAAAAGcEdgAAAACKiwav5QsAAPCHSwAAAAAAwB8uAQAAAAAwGw8AAAAAAAAAAAAAAAAA"
      + "AAAB";
  static final JsonNode TRADE_EVENT = parse("""
      {"event": "TradeEvent", "pool_state": "9HjtrQriVJaxaTxszNsnxKM5yH55mpRVpD7dL2Sw58cx",
       "total_base_sell": 793100000000000, "virtual_base": 1073025605596382, "virtual_quote": 30000852951,
       "real_base_before": 602241254286758, "real_quote_before": 38377977720,
       "real_base_after": 615322366144816, "real_quote_after": 40332237720, "amount_in": 1980000000,
       "amount_out": 13081111858058, "protocol_fee": 4950000, "platform_fee": 19800000,
       "creator_fee": 990000, "share_fee": 0, "trade_direction": 0, "pool_status": 0, "exact_in": true,
       "_payload_bytes": 139, "_unread": 0}
      """);
  /** Pool 7L2sWFH3… (quote SNAPcES…, not SOL), 429 bytes as read from mainnet 2026-09-11. */
  static final String POOL_STATE = "9+3j9dfD3kYJBAAAAAAAAPoABgYBAIDGpH6NAwAAeMX7UdECAOCXDj7pzwMAZRRmIAAAAABPXws/eAIAAAELFQAAAAAAaznL"
      + "WwAAAAC5ExEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAATi2H"
      + "z3YuI6AI4Wg5uPQTvvOcOPEr4trVyob4rmZuUDUv76UoyW8/kSO/XTQhGtcPshtjskAzEmFgU9mvfUhN3IrTpwrpmtosWGv+"
      + "ZBQevg1Giu3nB0Ejn4vyLTmq7xSNBn9ys8G6eb1WVzsHzEgsWU9IFj4lqa4mCNEtJe/O7CUXS6SZVjbxvx4Qae8gfpQODTVH"
      + "aPwu9H7ywIkVaACWgV1nRITOGDlpMf31x6ETR6ILG+3pFn/x4TRd/GI3EE35DHHBizbjdg6nquwWDF7fZDmiYP2vSctZ5/II"
      + "k1RCGwwDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  static final String MINT = Keys.fake(9);
  static final String USER = Keys.fake(1);

  @Test
  void tradeEventFromLogsDecodesAndJoinsItsBuyForMintAndUser() {
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.LAUNCHLAB, swapAccounts(), TestBorsh.instruction("buy_exact_in")
            .u64(1_980_000_000L).u64(13_000_000_000_000L).u64(0).bytes())
        .log("Program " + Keys.LAUNCHLAB + " invoke [1]")
        .log("Program log: Instruction: BuyExactIn")
        .log("Program data: " + TRADE_EVENT_LOG)
        .log("Program " + Keys.LAUNCHLAB + " consumed 40000 of 200000 compute units")
        .log("Program " + Keys.LAUNCHLAB + " success")
        .build(), 7);

    assertThat(tx.problems()).isEmpty();
    DecodedEvent trade = tx.events().get(0);
    assertThat(trade.source()).isEqualTo(EventSource.LOG);
    assertThat(trade.program()).isEqualTo(Program.LAUNCHLAB);
    ExpectedValues.eventMatches("LaunchLab TradeEvent", TRADE_EVENT, trade);
    assertThat(trade.parent().name()).isEqualTo("buy_exact_in");
    assertThat(trade.parent().account("base_token_mint")).isEqualTo(MINT);
    assertThat(trade.parent().account("payer")).isEqualTo(USER);
    assertThat(trade.parent().args().u64("amount_in")).isEqualTo(1_980_000_000L);
    Fields d = trade.derived();
    assertThat(d.string("pool_status_name")).isEqualTo("Fund");
    assertThat(d.string("trade_direction_name")).isEqualTo("Buy");
    assertThat(d.decimal("price_quote")).isEqualTo(new BigDecimal("1.5366526737996274016E-7"));
  }

  @Test
  void tradeEventFromTheSelfCpiMatchesTheLogCopy() {
    byte[] event = Base64.getDecoder().decode(TRADE_EVENT_LOG);
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.LAUNCHLAB, swapAccounts(), TestBorsh.instruction("buy_exact_in")
            .u64(1_980_000_000L).u64(0).u64(0).bytes())
        .inner(Keys.LAUNCHLAB, List.of(Keys.LAUNCHLAB_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 7);

    DecodedEvent trade = tx.events().get(0);
    assertThat(trade.source()).isEqualTo(EventSource.INNER_INSTRUCTION);
    assertThat(trade.location()).isEqualTo(new Location(0, 0, 2));
    ExpectedValues.eventMatches("LaunchLab TradeEvent (CPI)", TRADE_EVENT, trade);
    assertThat(trade.parent()).isSameAs(tx.instructions().get(0));
  }

  @Test
  void poolStateDecodesWithItsOwnDecimals() {
    byte[] data = Base64.getDecoder().decode(POOL_STATE);
    DecodedAccount pool = SolanaDecoder.account(
        Fixtures.account("7L2sWFH3rjHCBbjye28oHXDW1H9Vkt2WNeMJcW4B1hUK", Keys.LAUNCHLAB, data, 3_000_000), 1).orElseThrow();

    assertThat(pool.type()).isEqualTo("PoolState");
    assertThat(pool.dataLength()).isEqualTo(429);
    assertThat(pool.unreadBytes()).isEqualTo(429 - 375);
    Fields f = pool.fields();
    assertThat(f.string("base_mint")).isEqualTo("ALvT2usBGUC8C21dDiXpwAGVwA3x1GBKtut3VFWQcX8x");
    assertThat(f.string("quote_mint")).isEqualTo("SNAPcESrvnH8yUdgeMF6xm1hym9b6hW6s8YeqeHdZFz");
    assertThat(f.u64("status")).isZero();
    assertThat(f.u64("base_decimals")).isEqualTo(6);
    assertThat(f.u64("quote_decimals")).isEqualTo(6);
    assertThat(f.u64("migrate_type")).isEqualTo(1);
    assertThat(f.u64("supply")).isEqualTo(1_000_000_000_000_000L);
    assertThat(f.u64("total_base_sell")).isEqualTo(793_100_000_000_000L);
    assertThat(f.u64("virtual_quote")).isEqualTo(543_560_805L);
    assertThat(f.u64("real_base")).isEqualTo(2_715_477_040_975L);
    assertThat(f.u64("token_program_flag")).isEqualTo(3);
    assertThat(f.struct("vesting_schedule").size()).isEqualTo(5);
    assertThat(f.u64("platform_vesting_share")).isZero();
    assertThat(pool.derived().string("status_name")).isEqualTo("Fund");
    assertThat(pool.derived().decimal("progress_pct")).isEqualTo(new BigDecimal("0.34"));
    // (543560805 + 1379073) / (1073025605605344 − 2715477040975), both 6 decimals
    assertThat(pool.derived().decimal("price_quote")).isEqualTo(new BigDecimal("5.091420359918859128E-7"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C", // Raydium CPMM: same PoolState discriminator
      "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", // Raydium CLMM: same PoolState discriminator
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"}) // pump has no PoolState
  void poolStateUnderAnotherOwnerIsNotOurs(String owner) {
    byte[] data = Base64.getDecoder().decode(POOL_STATE);

    assertThat(SolanaDecoder.account(Fixtures.account(Keys.fake(3), owner, data, 1), 1)).isEmpty();
  }

  @Test
  void initializeV2ArgsAndPoolCreateEventCarryTheCurveVariant() {
    byte[] args = TestBorsh.instruction("initialize_v2")
        .u8(6).string("Bonk Cat").string("BCAT").string("https://example.org/b.json")
        .u8(0).u64(1_000_000_000_000_000L).u64(793_100_000_000_000L).u64(85_000_000_000L).u8(1)
        .u64(0).u64(0).u64(0)
        .u8(1)
        .bytes();
    byte[] event = TestBorsh.event("PoolCreateEvent")
        .pubkey(Keys.fake(5)).pubkey(USER).pubkey(Keys.fake(2))
        .u8(6).string("Bonk Cat").string("BCAT").string("https://example.org/b.json")
        .u8(2).u64(1_000_000_000_000_000L).u64(85_000_000_000L).u8(0)
        .u64(10).u64(20).u64(30)
        .u8(0)
        .bytes();
    List<String> accounts = Keys.fakes(1, 18);

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.LAUNCHLAB, accounts, args)
        .inner(Keys.LAUNCHLAB, List.of(Keys.LAUNCHLAB_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 1);

    assertThat(tx.problems()).isEmpty();
    DecodedInstruction init = tx.instructions().get(0);
    assertThat(init.name()).isEqualTo("initialize_v2");
    assertThat(init.account("pool_state")).isEqualTo(accounts.get(5));
    assertThat(init.account("base_mint")).isEqualTo(accounts.get(6));
    Fields mint = init.args().struct("base_mint_param");
    assertThat(mint.u64("decimals")).isEqualTo(6);
    assertThat(mint.string("symbol")).isEqualTo("BCAT");
    Fields curve = init.args().struct("curve_param");
    assertThat(curve.asMap().keySet())
        .containsExactly("variant", "supply", "total_base_sell", "total_quote_fund_raising", "migrate_type");
    assertThat(curve.string("variant")).isEqualTo("Constant");
    assertThat(curve.u64("total_base_sell")).isEqualTo(793_100_000_000_000L);
    assertThat(init.args().struct("vesting_param").u64("unlock_period")).isZero();
    assertThat(init.args().u64("amm_fee_on")).isEqualTo(1);

    DecodedEvent created = tx.events().get(0);
    assertThat(created.name()).isEqualTo("PoolCreateEvent");
    assertThat(created.fields().string("creator")).isEqualTo(USER);
    Fields linear = created.fields().struct("curve_param");
    assertThat(linear.asMap().keySet()).containsExactly("variant", "supply", "total_quote_fund_raising", "migrate_type");
    assertThat(linear.string("variant")).isEqualTo("Linear");
    assertThat(created.fields().struct("vesting_param").u64("cliff_period")).isEqualTo(20);
    assertThat(created.unreadBytes()).isZero();
    assertThat(created.parent()).isSameAs(init);
  }

  @Test
  void initializeWithToken2022ReadsTheOptionalTransferFee() {
    TestBorsh head = TestBorsh.instruction("initialize_with_token_2022")
        .u8(6).string("T").string("T").string("u")
        .u8(1).u64(1_000_000_000_000_000L).u64(85_000_000_000L).u8(1)
        .u64(0).u64(0).u64(0)
        .u8(0);
    byte[] some = TestBorsh.instruction("initialize_with_token_2022").raw(tail(head.bytes()))
        .u8(1).u16(100).u64(5_000_000).bytes();
    byte[] none = TestBorsh.instruction("initialize_with_token_2022").raw(tail(head.bytes())).u8(0).bytes();

    DecodedInstruction withFee = single(Keys.LAUNCHLAB, Keys.fakes(1, 15), some);
    DecodedInstruction without = single(Keys.LAUNCHLAB, Keys.fakes(1, 15), none);

    assertThat(withFee.args().struct("curve_param").string("variant")).isEqualTo("Fixed");
    Fields fee = withFee.args().struct("transfer_fee_extension_param");
    assertThat(fee.u64("transfer_fee_basis_points")).isEqualTo(100);
    assertThat(fee.u64("maximum_fee")).isEqualTo(5_000_000);
    assertThat(without.args().has("transfer_fee_extension_param")).isFalse();
    assertThat(without.missingArgs()).isEmpty();
    assertThat(without.unreadBytes()).isZero();
    assertThat(without.account("base_token_program")).isEqualTo(Keys.fake(11));
  }

  @Test
  void migrationsDecodeTheirArgsAndPools() {
    DecodedInstruction amm = single(Keys.LAUNCHLAB, Keys.fakes(1, 32),
        TestBorsh.instruction("migrate_to_amm").u64(1_000).u64(10).u8(3).bytes());
    DecodedInstruction cpswap = single(Keys.LAUNCHLAB, Keys.fakes(1, 28),
        TestBorsh.instruction("migrate_to_cpswap").bytes());

    assertThat(amm.name()).isEqualTo("migrate_to_amm");
    assertThat(amm.args().u64("market_vault_signer_nonce")).isEqualTo(3);
    assertThat(amm.account("amm_pool")).isEqualTo(Keys.fake(14));
    assertThat(amm.account("pool_state")).isEqualTo(Keys.fake(24));
    assertThat(cpswap.name()).isEqualTo("migrate_to_cpswap");
    assertThat(cpswap.account("cpswap_pool")).isEqualTo(Keys.fake(6));
    assertThat(cpswap.account("pool_state")).isEqualTo(Keys.fake(18));
    assertThat(cpswap.args().size()).isZero();
  }

  @Test
  void unknownCurveVariantIsAProblemAndTheRestStillDecodes() {
    byte[] bad = TestBorsh.instruction("initialize")
        .u8(6).string("X").string("X").string("u")
        .u8(9).u64(1).bytes();
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.LAUNCHLAB, Keys.fakes(1, 18), bad)
        .top(Keys.LAUNCHLAB, Keys.fakes(1, 28), TestBorsh.instruction("migrate_to_cpswap").bytes())
        .build(), 1);

    assertThat(tx.problems()).containsExactly("top[0] raydium_launchpad initialize: curve_param at payload byte 16: "
        + "variant 9 of CurveParams is unknown (it has 3)");
    DecodedInstruction init = tx.instructions().get(0);
    assertThat(init.args().struct("base_mint_param").string("uri")).isEqualTo("u");
    assertThat(init.missingArgs()).containsExactly("curve_param", "vesting_param");
    assertThat(init.unreadBytes()).isEqualTo(9);
    assertThat(tx.instructions().get(1).name()).isEqualTo("migrate_to_cpswap");
  }

  @Test
  void platformConfigHeadDecodes() {
    byte[] data = TestBorsh.account("PlatformConfig")
        .u64(1).pubkey(Keys.fake(1)).pubkey(Keys.fake(2)).u64(10).u64(20).u64(30).u64(10_000)
        .raw(padded("LetsBonk", 64)).raw(padded("https://bonk.fun", 256)).raw(padded("", 256))
        .pubkey(Keys.fake(3)).u64(500).pubkey(Keys.fake(4)).zeros(180)
        .u32(0)
        .bytes();

    DecodedAccount config = SolanaDecoder.account(Fixtures.account(
        "FfYek5vEz23cMkWsdJwG2oa6EphsvXSHrGpdALN4g6W1", Keys.LAUNCHLAB, data, 1), 1).orElseThrow();

    assertThat(config.type()).isEqualTo("PlatformConfig");
    assertThat(config.fields().string("name")).isEqualTo("LetsBonk");
    assertThat(config.fields().string("web")).isEqualTo("https://bonk.fun");
    assertThat(config.fields().string("img")).isEmpty();
    assertThat(config.fields().u64("creator_fee_rate")).isEqualTo(500);
    assertThat(config.fields().get("curve_params")).isEqualTo(List.of());
    assertThat(config.unreadBytes()).isZero();
  }

  static List<String> swapAccounts() {
    List<String> a = new ArrayList<>(Keys.fakes(1, 15));
    a.set(0, USER);
    a.set(4, "9HjtrQriVJaxaTxszNsnxKM5yH55mpRVpD7dL2Sw58cx");
    a.set(9, MINT);
    a.set(10, Keys.WSOL);
    a.set(13, Keys.LAUNCHLAB_EVENT_AUTHORITY);
    a.set(14, Keys.LAUNCHLAB);
    return a;
  }

  private static DecodedInstruction single(String program, List<String> accounts, byte[] data) {
    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(program, accounts, data), 1);
    assertThat(tx.problems()).isEmpty();
    return tx.instructions().get(0);
  }

  private static byte[] tail(byte[] withDiscriminator) {
    return java.util.Arrays.copyOfRange(withDiscriminator, 8, withDiscriminator.length);
  }

  private static byte[] padded(String s, int n) {
    byte[] out = new byte[n];
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(b, 0, out, 0, b.length);
    return out;
  }

  static JsonNode parse(String json) {
    try {
      return Fixtures.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
