package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PumpSwap ({@code pump_amm}): a real 2025 BuyEvent log line and real Pool and GlobalConfig
 * accounts (bytes as captured from mainnet and published in public test suites, with the values
 * those suites assert), plus synthetic create_pool/deposit/withdraw data.
 */
class PumpSwapDecodingTest {
  /** A 2025-05 BuyEvent (older, shorter layout: it ends at protocol_fee_recipient_token_account). */
  static final String BUY_EVENT_LOG = "Z/RSHyz1d3ewGxRoAAAAAABwOTE0AAAAOqdyYAAAAAAAAAAAAAAAADqncmAAAAAASvlGiiZCAABvDoESdgAAAEE2cl0AAAAA"
      + "FAAAAAAAAAAt2C8AAAAAAAUAAAAAAAAADPYLAAAAAABuDqJdAAAAAHoErl0AAAAAtEcjOrsZ7PQMJuPsYlLsz38tXk8EDpqW"
      + "p2r4QOxTPsQSoqvEp1E+fjT+gGvNzkxTJBmsOSVGYUkpX73CWQ9Pi1yCtie9n9neTrs3dnZ7MUqTnonBt2E6De/WlhEcZmrc"
      + "mDJlw4Nq065SRjx5NQlq4iX/IbWqcQuq/CeQPnhgEZ/Xqo+wYNgpG0xNR12v92LJa9wNrOs2wBLq0S7TqUhBYQHIIfOo8I/v"
      + "iNwxQkp2gK6MloFwTPHl9ciOJ5m3+YIh";
  static final JsonNode BUY_EVENT = LaunchLabDecodingTest.parse("""
      {"event": "BuyEvent", "timestamp": 1746148272, "base_amount_out": 224164147200,
       "max_quote_amount_in": 1618126650, "user_base_token_reserves": 0,
       "user_quote_token_reserves": 1618126650, "pool_base_token_reserves": 72733296097610,
       "pool_quote_token_reserves": 507116588655, "quote_amount_in": 1567766081,
       "lp_fee_basis_points": 20, "lp_fee": 3135533, "protocol_fee_basis_points": 5,
       "protocol_fee": 783884, "quote_amount_in_with_lp_fee": 1570901614,
       "user_quote_amount_in": 1571685498, "pool": "D8jJQR9BcBrfVhhnJ61Phok1YNfGhzwcFyKXLiLXGxYj",
       "user": "2FkCvc2FqrPa5NS9r15JWqXcVUyWdUjEJXU1P7or6BvA",
       "user_base_token_account": "7E87PXphaQ1hq96p39obiiPLJLeYmK55e2pS2TKVrAc3",
       "user_quote_token_account": "BF7YRsiaEH3c8ATFy85vshXhU1nEunUsWFRe1aEnHyYA",
       "protocol_fee_recipient": "FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz",
       "protocol_fee_recipient_token_account": "7xQYoUjUJF1Kg6WVczoTAkaNhn5syQYcbvjmFrhjWpx",
       "_payload_bytes": 304, "_unread": 0}
      """);
  static final String POOL = "8ZptBBGxbbz/AAAlcMWYIeY7+EFx23fd5zIM73sAytymXeRG5uKPtVl9rhi5ZV91jq2pcSMYqBYD8mOq8YV+zHL2akGskNa/"
      + "4aMfBpuIV/6rgYT7aH9jRhjANdrEOdwa6ztVmKDwAAAAAAFL3QTJQUCVEj/ubeLFWmyrsjaWqcqSbMpl/bfzrv7rtc2OVHhA"
      + "rtRehoECAI9eet3DHssa5hX70Wxe14eR9hkOAw1DG5Zd1tZLeaQoUr+ABM9iJzyDbbA7wssN4DkLbTEISGtZ0AMAAA==";
  static final JsonNode POOL_FIELDS = LaunchLabDecodingTest.parse("""
      {"pool_bump": 255, "index": 0, "creator": "3X9pcDuzyVpN659g76tXYEhpCMR8vbM36faDeDBMGFnm",
       "base_mint": "2fWkVf417bfxEgUemymkYNagXVitnmNxvq7dhUwnpump",
       "quote_mint": "So11111111111111111111111111111111111111112",
       "lp_mint": "6793kQoqgH1B2ZDhrYLHTXJSC2JbjEiEBDhxDQYj8Ptx",
       "pool_base_token_account": "EqQTQtw3hpmyzWzxiAMwBceGb6i8e8Nsq7ZDLj8fcjJM",
       "pool_quote_token_account": "CuxEC31tUC4ZnydbUqM4XXuG8KZfMbcXJ6HanrGB2hW",
       "lp_supply": 4193388283912, "_data_len": 211, "_unread_bytes_after_known_fields": 0,
       "_missing_from": "coin_creator"}
      """);
  static final String GLOBAL_CONFIG = "lQicyqD8sNnTu4yrNBzgUoRX8sOBfTJ4RBlj3NVf7Vi6JMmZ3awCqhQAAAAAAAAABQAAAAAAAAAASsL40N1cvJfjKJwZfLUG"
      + "KlTz2Va5zm5RFfllZ6pcs+ZgjMwd/OlhtDt3nBkVBabi079F1aTbRhitdsgtYXVFNWODcwAOoiyyZNNK/2SgS176v7t03c0E"
      + "iZexmBVH19EQg4R0KS5nWpS0NuywqZiJQjKKg93GIzgClhJnxc1hF8uNGBoMhJ+pN6bzSt7TCB75VwCqywybs9kJpLkUdSek"
      + "69eqj7Bg2CkbTE1HXa/3Yslr3A2s6zbAEurRLtOpSEFh4ATIfOuY+lzkf4A4Bv0seUXSlSSVmuwA3tl4FPOPeEb/g4OBi6j6"
      + "KMPNO21ek/n6uPCXm8NyFazFskaHe6jDyQ==";

  @Test
  void olderBuyEventFromLogsDecodesItsFieldsAndPricesPreTrade() {
    List<String> accounts = buyAccounts();
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP_AMM, accounts, TestBorsh.instruction("buy").u64(224_164_147_200L).u64(1_618_126_650L).bytes())
        .log("Program " + Keys.PUMP_AMM + " invoke [1]")
        .log("Program log: Instruction: Buy")
        .log("Program TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA invoke [2]")
        .log("Program log: Instruction: TransferChecked")
        .log("Program TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA success")
        .log("Program data: " + BUY_EVENT_LOG)
        .log("Program " + Keys.PUMP_AMM + " invoke [2]")
        .log("Program " + Keys.PUMP_AMM + " success")
        .log("Program " + Keys.PUMP_AMM + " success")
        .build(), 1);

    assertThat(tx.problems()).isEmpty();
    assertThat(tx.instructions().get(0).name()).isEqualTo("buy");
    assertThat(tx.instructions().get(0).args().u64("base_amount_out")).isEqualTo(224_164_147_200L);
    DecodedEvent buy = tx.events().get(0);
    ExpectedValues.eventMatches("BuyEvent", BUY_EVENT, buy);
    assertThat(buy.parent()).isSameAs(tx.instructions().get(0));
    // pre-trade reserves: 507116588655 lamports / 72733296097610 base units, 9 vs 6 decimals
    assertThat(buy.derived().decimal("price_quote")).isEqualTo(new BigDecimal("0.0000069722756407799280085"));
  }

  @Test
  void buyEventWithoutAKnownQuoteMintHasNoPrice() {
    byte[] event = Base64.getDecoder().decode(BUY_EVENT_LOG);
    List<String> accounts = buyAccounts();
    accounts.set(4, Keys.fake(77)); // some other quote mint
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP_AMM, accounts, TestBorsh.instruction("buy").u64(1).u64(2).bytes())
        .inner(Keys.PUMP_AMM, List.of(Keys.PUMP_AMM_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 1);

    DecodedEvent buy = tx.events().get(0);
    assertThat(buy.source()).isEqualTo(EventSource.INNER_INSTRUCTION);
    ExpectedValues.eventMatches("BuyEvent (CPI)", BUY_EVENT, buy);
    assertThat(buy.derived().has("price_quote")).isFalse();
  }

  @Test
  void poolAndGlobalConfigAccountsDecode() {
    DecodedAccount pool = SolanaDecoder.account(Fixtures.account("D8jJQR9BcBrfVhhnJ61Phok1YNfGhzwcFyKXLiLXGxYj",
        Keys.PUMP_AMM, Base64.getDecoder().decode(POOL), 1), 5).orElseThrow();
    DecodedAccount config = SolanaDecoder.account(Fixtures.account("ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw",
        Keys.PUMP_AMM, Base64.getDecoder().decode(GLOBAL_CONFIG), 1), 5).orElseThrow();

    assertThat(pool.type()).isEqualTo("Pool");
    ExpectedValues.accountMatches("Pool", POOL_FIELDS, pool);
    assertThat(config.type()).isEqualTo("GlobalConfig");
    assertThat(config.program()).isEqualTo(Program.PUMP_AMM);
    assertThat(config.fields().string("admin")).isEqualTo("FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF");
    assertThat(config.fields().u64("lp_fee_basis_points")).isEqualTo(20);
    assertThat(config.fields().u64("protocol_fee_basis_points")).isEqualTo(5);
    assertThat(config.fields().u64("disable_flags")).isZero();
    assertThat(config.fields().get("protocol_fee_recipients")).asInstanceOf(LIST).hasSize(8)
        .startsWith("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV")
        .endsWith("JCRGumoE9Qi5BBgULTgdgTLjSgkCMSbF62ZZfGs84JeU");
    assertThat(config.fields().has("coin_creator_fee_basis_points")).isFalse();
    assertThat(config.unreadBytes()).isZero();
  }

  @Test
  void globalConfigIsReadWithTheOwnersLayout() {
    byte[] data = Base64.getDecoder().decode(GLOBAL_CONFIG); // same discriminator in pump_amm and LaunchLab

    DecodedAccount asLaunchLab = SolanaDecoder.account(Fixtures.account(Keys.fake(1), Keys.LAUNCHLAB, data, 1), 1)
        .orElseThrow();

    assertThat(asLaunchLab.program()).isEqualTo(Program.LAUNCHLAB);
    assertThat(asLaunchLab.fields().has("admin")).isFalse();
    assertThat(asLaunchLab.fields().asMap().keySet()).startsWith("epoch", "curve_type", "index");
  }

  @Test
  void createPoolDepositWithdrawAndConfigInstructionsDecode() {
    DecodedInstruction create = single(Keys.fakes(1, 18), TestBorsh.instruction("create_pool")
        .u16(0).u64(206_900_000_000_000L).u64(84_990_359_084L).pubkey(Keys.fake(50)).bool(false).bytes());
    DecodedInstruction deposit = single(Keys.fakes(1, 15), TestBorsh.instruction("deposit")
        .u64(1).u64(2).u64(3).bytes());
    DecodedInstruction withdraw = single(Keys.fakes(1, 15), TestBorsh.instruction("withdraw")
        .u64(4).u64(5).u64(6).bytes());
    TestBorsh config = TestBorsh.instruction("create_config").u64(20).u64(5);
    for (int i = 0; i < 8; i++) {
      config.pubkey(Keys.fake(60 + i));
    }
    DecodedInstruction createConfig = single(Keys.fakes(1, 5), config.u64(5).pubkey(Keys.fake(70)).bytes());

    assertThat(create.name()).isEqualTo("create_pool");
    assertThat(create.args().u64("base_amount_in")).isEqualTo(206_900_000_000_000L);
    assertThat(create.missingArgs()).containsExactly("is_cashback_coin");
    assertThat(create.account("pool")).isEqualTo(Keys.fake(1));
    assertThat(create.account("base_mint")).isEqualTo(Keys.fake(4));
    assertThat(deposit.args().asMap()).containsOnlyKeys("lp_token_amount_out", "max_base_amount_in", "max_quote_amount_in");
    assertThat(withdraw.name()).isEqualTo("withdraw");
    assertThat(withdraw.args().u64("min_quote_amount_out")).isEqualTo(6);
    assertThat(createConfig.args().get("protocol_fee_recipients")).asInstanceOf(LIST).hasSize(8).contains(Keys.fake(67));
    assertThat(createConfig.args().string("admin_set_coin_creator_authority")).isEqualTo(Keys.fake(70));
  }

  static List<String> buyAccounts() {
    List<String> a = new ArrayList<>(Keys.fakes(1, 23));
    a.set(0, "D8jJQR9BcBrfVhhnJ61Phok1YNfGhzwcFyKXLiLXGxYj");
    a.set(3, Keys.fake(30));
    a.set(4, Keys.WSOL);
    a.set(15, Keys.PUMP_AMM_EVENT_AUTHORITY);
    a.set(16, Keys.PUMP_AMM);
    return a;
  }

  private static DecodedInstruction single(List<String> accounts, byte[] data) {
    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(Keys.PUMP_AMM, accounts, data), 1);
    assertThat(tx.problems()).isEmpty();
    return tx.instructions().get(0);
  }
}
