package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-line JSON shapes monitors publish. */
class DecodedJsonTest {

  @Test
  void transactionBecomesOneLinePerInstructionAndEvent() throws IOException {
    DecodedTransaction tx = SolanaDecoder.transaction(Samples.yellowstone(), 123);

    List<String> lines = DecodedJson.lines(tx);

    assertThat(lines).hasSize(4).allMatch(l -> !l.contains("\n"));
    JsonNode buy = Fixtures.JSON.readTree(lines.get(1));
    assertThat(buy.get("type").asText()).isEqualTo("instruction");
    assertThat(buy.get("program").asText()).isEqualTo("pump");
    assertThat(buy.get("name").asText()).isEqualTo("buy");
    assertThat(buy.get("signature").asText()).isEqualTo(tx.signature());
    assertThat(buy.get("slot").asLong()).isEqualTo(123);
    assertThat(buy.get("path").asText()).isEqualTo("top[2]");
    assertThat(buy.get("args").get("amount").isIntegralNumber()).isTrue();
    assertThat(buy.get("args").get("amount").asLong()).isEqualTo(3_520_371_073_923L);
    assertThat(buy.get("accounts").get("mint").asText()).isEqualTo("7YD6ZHb39jGb33ki2iFd7kHK11yMkSFCc9kvjJscpump");
    assertThat(buy.get("extra_accounts")).hasSize(2);
    assertThat(buy.get("missing_args").get(0).asText()).isEqualTo("track_volume");

    String tradeLine = lines.get(3);
    JsonNode trade = Fixtures.JSON.readTree(tradeLine);
    assertThat(trade.get("type").asText()).isEqualTo("event");
    assertThat(trade.get("name").asText()).isEqualTo("TradeEvent");
    assertThat(trade.get("source").asText()).isEqualTo("inner_instruction");
    assertThat(trade.get("path").asText()).isEqualTo("inner[2][8]");
    assertThat(trade.get("parent").asText()).isEqualTo("top[2]");
    assertThat(trade.get("fields").get("is_buy").asBoolean()).isTrue();
    assertThat(trade.get("fields").get("shareholders").isArray()).isTrue();
    assertThat(trade.get("payload_bytes").asInt()).isEqualTo(350);
    assertThat(tradeLine).contains("\"price_sol\":0.000000028143359820910101307");
    assertThat(tradeLine).contains("\"progress_pct\":0.44");
    assertThat(tradeLine).doesNotContain("E-");
  }

  @Test
  void instructionsOfAFailedTransactionAreMarkedFailedAndItHasNoEventLines() throws IOException {
    var failed = Samples.yellowstone().toBuilder();
    failed.getMetaBuilder().getErrBuilder().setErr(com.google.protobuf.ByteString.copyFrom(new byte[] {8, 0, 0, 0}));
    List<String> lines = DecodedJson.lines(SolanaDecoder.transaction(failed.build(), 5));

    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode json = Fixtures.JSON.readTree(line);
      assertThat(json.get("type").asText()).isEqualTo("instruction");
      assertThat(json.get("failed").asBoolean()).isTrue();
    }
    assertThat(DecodedJson.lines(SolanaDecoder.transaction(Samples.yellowstone(), 5)))
        .noneMatch(l -> l.contains("\"failed\""));
  }

  @Test
  void u64AboveLongMaxIsTheExactUnsignedNumber() {
    byte[] data = TestBorsh.instruction("sell").u64(-2L).u64(1).bytes();
    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(Keys.PUMP, Keys.fakes(1, 14), data), 9);

    String line = DecodedJson.instruction(tx.instructions().get(0), tx.signature(), tx.slot());

    assertThat(line).contains("\"args\":{\"amount\":18446744073709551614,\"min_sol_output\":1}");
  }

  @Test
  void accountCarriesItsTypeLengthAndUnreadBytes() throws IOException {
    DecodedAccount curve = SolanaDecoder.account(Fixtures.carbonAccount("carbon-pumpfun/bonding_curve_account.json",
        "HWxwYxr4AV5ytUyT8pvjCEiUrXhwpbx365VpvQ6Bd6MZ"), 77).orElseThrow();

    JsonNode json = Fixtures.JSON.readTree(DecodedJson.account(curve));

    assertThat(json.get("type").asText()).isEqualTo("account");
    assertThat(json.get("program").asText()).isEqualTo("pump");
    assertThat(json.get("account_type").asText()).isEqualTo("BondingCurve");
    assertThat(json.get("pubkey").asText()).isEqualTo("HWxwYxr4AV5ytUyT8pvjCEiUrXhwpbx365VpvQ6Bd6MZ");
    assertThat(json.get("slot").asLong()).isEqualTo(77);
    assertThat(json.has("txn_signature")).isFalse();
    assertThat(json.get("fields").get("complete").asBoolean()).isFalse();
    assertThat(json.get("fields").get("virtual_token_reserves").asLong()).isEqualTo(1_072_911_112_000_000L);
    assertThat(json.get("derived").get("migrated").asBoolean()).isFalse();
    assertThat(json.get("derived").get("market_cap_sol").decimalValue()).isEqualByComparingTo("27.963626338134151042");
    assertThat(json.get("data_len").asInt()).isEqualTo(150);
    assertThat(json.get("unread_bytes").asInt()).isEqualTo(35);
  }

  @Test
  void nestedVariantsAreObjects() throws IOException {
    byte[] args = TestBorsh.instruction("initialize")
        .u8(6).string("A").string("A").string("u")
        .u8(0).u64(1).u64(2).u64(3).u8(1)
        .u64(0).u64(0).u64(0).bytes();
    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(Keys.LAUNCHLAB, Keys.fakes(1, 18), args), 1);

    JsonNode json = Fixtures.JSON.readTree(DecodedJson.instruction(tx.instructions().get(0), tx.signature(), 1));

    assertThat(json.get("program").asText()).isEqualTo("raydium_launchpad");
    assertThat(json.get("args").get("curve_param").toString())
        .isEqualTo("{\"variant\":\"Constant\",\"supply\":1,\"total_base_sell\":2,\"total_quote_fund_raising\":3,"
            + "\"migrate_type\":1}");
  }
}
