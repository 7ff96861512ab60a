package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * chainstacklabs/pumpfun-bonkfun-bot's 2026 mainnet captures (getTransaction jsonParsed, a
 * getAccountInfo BondingCurve), decoded against every value in EXPECTED.json.
 */
class ChainstackFixturesTest {
  private static final JsonNode EXPECTED = Fixtures.expected("chainstack-pumpfun");

  @ParameterizedTest
  @ValueSource(strings = {"raw_create_tx_from_gettransaction.json", "raw_buy_tx_from_gettransaction.json"})
  void getTransactionDecodesEveryExpectedInstructionAndEvent(String file) {
    JsonNode result = Fixtures.json("chainstack-pumpfun/" + file).get("result");
    JsonNode expected = EXPECTED.get(file);
    DecodedTransaction tx = SolanaDecoder.transaction(RpcTransactions.fromGetTransaction(result),
        result.get("slot").asLong());

    assertThat(tx.signature()).isEqualTo(expected.get("signature").asText());
    assertThat(tx.slot()).isEqualTo(expected.get("slot").asLong());
    assertThat(tx.failed()).isFalse();
    assertThat(tx.problems()).isEmpty();
    JsonNode instructions = expected.get("pump_instructions");
    assertThat(tx.instructions()).hasSize(instructions.size());
    for (int i = 0; i < instructions.size(); i++) {
      JsonNode want = instructions.get(i);
      DecodedInstruction ix = tx.instructions().get(i);
      assertThat(ix.location().path()).isEqualTo(want.get("where").asText().split(" ")[0]);
      assertThat(ix.program()).isEqualTo(Program.PUMP);
      ExpectedValues.instructionMatches(file + " " + want.get("where").asText(), want, ix);
    }
    JsonNode events = expected.get("pump_events_from_inner_cpi");
    assertThat(tx.events()).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode want = events.get(i);
      DecodedEvent e = tx.events().get(i);
      assertThat(e.source()).isEqualTo(EventSource.INNER_INSTRUCTION);
      assertThat(e.location().path()).isEqualTo(want.get("where").asText());
      assertThat(e.location().stackHeight()).isEqualTo(want.get("stackHeight").asInt());
      ExpectedValues.eventMatches(file + " " + want.get("where").asText(), want, e);
    }
  }

  @Test
  void createTransactionEventsHangOffTheirInstructions() {
    DecodedTransaction tx = createTx();

    List<String> parents = new ArrayList<>();
    tx.events().forEach(e -> parents.add(e.parent().name() + "@" + e.parent().location().path()));
    assertThat(parents).containsExactly("create_v2@top[2]", "extend_account@top[3]", "buy_exact_sol_in@top[5]");
  }

  @Test
  void createTransactionTradeEventDerivesSolPriceAndProgress() {
    DecodedEvent trade = createTx().events().get(2);

    Fields d = trade.derived();
    assertThat(d.decimal("sol_amount_sol")).isEqualByComparingTo("2.962962962");
    assertThat(d.decimal("token_amount_ui")).isEqualByComparingTo("96449438.144093");
    assertThat(d.decimal("fee_sol")).isEqualByComparingTo("0.028148149");
    // (32962962962 / 1e9) / (976550561855907 / 1e6), 20 significant digits, HALF_EVEN
    assertThat(d.decimal("price_sol")).isEqualTo(new BigDecimal("3.3754486710196358736E-8"));
    assertThat(d.decimal("market_cap_sol")).isEqualTo(new BigDecimal("33.754486710196358736"));
    // 100 − 696650561855907 × 100 / 793100000000000 = 12.1610...
    assertThat(d.decimal("progress_pct")).isEqualTo(new BigDecimal("12.16"));
    assertThat(d.has("price_quote")).isFalse();
  }

  @Test
  void usdcQuotedTradeEventPricesInUsdcNotSol() {
    JsonNode result = Fixtures.json("chainstack-pumpfun/raw_buy_tx_from_gettransaction.json").get("result");
    DecodedEvent trade = SolanaDecoder.transaction(RpcTransactions.fromGetTransaction(result), 1).events().get(0);

    Fields d = trade.derived();
    assertThat(d.has("price_sol")).isFalse();
    assertThat(d.has("sol_amount_sol")).isFalse();
    assertThat(d.decimal("quote_amount_ui")).isEqualByComparingTo("3.517192");
    // (9798461752 / 1e6) / (1067677499811569 / 1e6) USDC per token
    assertThat(d.decimal("price_quote")).isEqualTo(new BigDecimal("0.0000091773609106956916239"));
    assertThat(trade.parent().name()).isEqualTo("buy_v2");
    assertThat(trade.parent().location().path()).isEqualTo("inner[2][0]");
    assertThat(trade.location().stackHeight()).isEqualTo(3);
  }

  @Test
  void createTransactionLogsCarryTheSameEvents() {
    JsonNode result = Fixtures.json("chainstack-pumpfun/raw_create_tx_from_gettransaction.json").get("result");
    SubscribeUpdateTransactionInfo info = RpcTransactions.fromGetTransaction(result);
    DecodedTransaction fromInner = SolanaDecoder.transaction(info, 1);
    DecodedTransaction fromLogs = SolanaDecoder.transaction(RpcTransactions.withoutInnerInstructions(info), 1);

    JsonNode logs = EXPECTED.get("raw_create_tx_from_gettransaction.json").get("program_data_logs");
    assertThat(fromLogs.problems()).isEmpty();
    assertThat(fromLogs.events()).hasSize(logs.size());
    for (int i = 0; i < logs.size(); i++) {
      DecodedEvent e = fromLogs.events().get(i);
      assertThat(e.source()).isEqualTo(EventSource.LOG);
      assertThat(e.name()).isEqualTo(logs.get(i).get("event").asText());
      assertThat(e.payloadBytes() + 8).isEqualTo(logs.get(i).get("bytes").asInt());
      assertThat(e.fields()).isEqualTo(fromInner.events().get(i).fields());
      assertThat(e.derived()).isEqualTo(fromInner.events().get(i).derived());
      assertThat(e.parent()).isEqualTo(fromInner.events().get(i).parent());
    }
  }

  @Test
  void usdcBuyLogsDecodeOursAndSkipTheRoutersProgramData() {
    JsonNode result = Fixtures.json("chainstack-pumpfun/raw_buy_tx_from_gettransaction.json").get("result");
    SubscribeUpdateTransactionInfo info = RpcTransactions.fromGetTransaction(result);
    JsonNode logs = EXPECTED.get("raw_buy_tx_from_gettransaction.json").get("program_data_logs");
    assertThat(logs.get(1).get("event").asText()).isEqualTo("?31487b2d6e40b085");
    assertThat(info.getMeta().getLogMessagesList())
        .anyMatch(l -> l.startsWith("Program data: ") && base64Disc(l).equals("31487b2d6e40b085"));

    DecodedTransaction fromLogs = SolanaDecoder.transaction(RpcTransactions.withoutInnerInstructions(info), 1);

    assertThat(fromLogs.problems()).isEmpty();
    assertThat(fromLogs.events()).hasSize(1);
    DecodedEvent trade = fromLogs.events().get(0);
    assertThat(trade.name()).isEqualTo("TradeEvent");
    assertThat(trade.program()).isEqualTo(Program.PUMP);
    assertThat(trade.payloadBytes() + 8).isEqualTo(logs.get(0).get("bytes").asInt());
    assertThat(trade.location().stackHeight()).isEqualTo(2);
    assertThat(trade.parent()).isNull(); // pump ran under the router: no top-level pump instruction
    assertThat(trade.fields()).isEqualTo(SolanaDecoder.transaction(info, 1).events().get(0).fields());
  }

  @Test
  void bondingCurveAccountDecodesToEveryExpectedValue() {
    JsonNode value = Fixtures.json("chainstack-pumpfun/raw_bonding_curve_from_getaccountinfo.json")
        .get("result").get("value");
    SubscribeUpdateAccountInfo info = Fixtures.account("3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3",
        value.get("owner").asText(), Base64.getDecoder().decode(value.get("data").get(0).asText()),
        value.get("lamports").asLong());

    DecodedAccount account = SolanaDecoder.account(info, 435946373).orElseThrow();

    assertThat(account.type()).isEqualTo("BondingCurve");
    ExpectedValues.accountMatches("getAccountInfo", EXPECTED.get("raw_bonding_curve_from_getaccountinfo.json"),
        account);
    assertThat(account.derived().bool("migrated")).isFalse();
    assertThat(account.derived().decimal("progress_pct")).isEqualTo(new BigDecimal("3.47"));
    assertThat(account.derived().decimal("price_sol")).isEqualTo(new BigDecimal("2.9448990908930657994E-8"));
  }

  private static DecodedTransaction createTx() {
    JsonNode result = Fixtures.json("chainstack-pumpfun/raw_create_tx_from_gettransaction.json").get("result");
    return SolanaDecoder.transaction(RpcTransactions.fromGetTransaction(result), result.get("slot").asLong());
  }

  private static String base64Disc(String line) {
    byte[] b = Base64.getDecoder().decode(line.substring("Program data: ".length()));
    return dev.geyserpool.decode.internal.Hex.encode(b, 0, 8);
  }
}
