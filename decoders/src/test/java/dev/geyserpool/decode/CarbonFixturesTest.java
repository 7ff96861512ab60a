package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geyserpool.decode.internal.Hex;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** sevenlabs-hq/carbon's pump and PumpSwap fixtures, decoded against every value in EXPECTED.json. */
class CarbonFixturesTest {
  private static final JsonNode PUMPFUN = Fixtures.expected("carbon-pumpfun");
  private static final JsonNode PUMP_SWAP = Fixtures.expected("carbon-pump-swap");

  @ParameterizedTest
  @CsvSource({
      "bonding_curve_account.json, HWxwYxr4AV5ytUyT8pvjCEiUrXhwpbx365VpvQ6Bd6MZ, BondingCurve",
      "global_account.json, 4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf, Global"})
  void pumpAccountsDecodeToEveryExpectedValue(String file, String pubkey, String type) {
    SubscribeUpdateAccountInfo info = Fixtures.carbonAccount("carbon-pumpfun/" + file, pubkey);
    DecodedAccount account = SolanaDecoder.account(info, 42).orElseThrow();
    JsonNode expected = PUMPFUN.get(file);

    assertThat(account.program()).isEqualTo(Program.PUMP);
    assertThat(account.type()).isEqualTo(type);
    assertThat(account.pubkey()).isEqualTo(pubkey);
    assertThat(account.slot()).isEqualTo(42);
    assertThat(Hex.encode(info.getData().toByteArray(), 0, 8))
        .isEqualTo(expected.get("_account_discriminator_hex").asText());
    ExpectedValues.accountMatches(file, expected, account);
  }

  @Test
  void legacyLastWithdrawAccountDecodesItsTimestamp() {
    SubscribeUpdateAccountInfo info = Fixtures.carbonAccount("carbon-pumpfun/last_withdraw_account.json",
        "EGqbBGXmDA9QYd1XJkf3GDFoerQYeFW3FrQZZXRza9JL");
    DecodedAccount account = SolanaDecoder.account(info, 1).orElseThrow();
    JsonNode expected = PUMPFUN.get("last_withdraw_account.json");

    assertThat(account.type()).isEqualTo("LastWithdraw");
    assertThat(Hex.encode(info.getData().toByteArray(), 0, 8))
        .isEqualTo(expected.get("_account_discriminator_hex").asText());
    assertThat(account.fields().u64("last_withdraw_timestamp"))
        .isEqualTo(expected.get("last_withdraw_timestamp_i64").asLong());
    assertThat(account.unreadBytes()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"buy_ix.json", "sell_ix.json", "create_ix.json"})
  void pumpInstructionsDecodeToEveryExpectedValue(String file) {
    DecodedInstruction ix = decodeCarbonInstruction("carbon-pumpfun/" + file);
    JsonNode expected = PUMPFUN.get(file);

    assertThat(ix.program()).isEqualTo(Program.PUMP);
    ExpectedValues.instructionMatches(file, withName(expected), ix);
    assertThat(Hex.encode(instructionData("carbon-pumpfun/" + file), 0, 8))
        .isEqualTo(expected.get("discriminator_hex").asText());
  }

  @Test
  void legacyWithdrawDecodesWithItsAccountNames() {
    DecodedInstruction ix = decodeCarbonInstruction("carbon-pumpfun/withdraw_ix.json");
    JsonNode expected = PUMPFUN.get("withdraw_ix.json");

    assertThat(ix.name()).isEqualTo("withdraw");
    assertThat(ix.args().size()).isZero();
    assertThat(ix.missingArgs()).isEmpty();
    List<String> accounts = new ArrayList<>();
    expected.get("accounts").forEach(a -> accounts.add(a.asText()));
    assertThat(new ArrayList<>(ix.accounts().values())).isEqualTo(accounts);
    assertThat(ix.accounts().keySet()).containsExactly("global", "last_withdraw", "mint", "bonding_curve",
        "associated_bonding_curve", "associated_user", "user", "system_program", "token_program", "rent",
        "event_authority", "program");
    assertThat(ix.extraAccounts()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"buy_with_track_volume_false.json, false", "buy_with_track_volume_true.json, true"})
  void pumpSwapBuyWithAndWithoutTheTrailingOptionBool(String file, boolean trackVolumeByte) {
    DecodedInstruction ix = decodeCarbonInstruction("carbon-pump-swap/" + file);
    JsonNode expected = PUMP_SWAP.get(file);
    assertThat(expected.get("track_volume(OptionBool)").isBoolean()).isEqualTo(trackVolumeByte);

    ObjectNode want = Fixtures.JSON.createObjectNode().put("name", "buy");
    ObjectNode args = want.putObject("args");
    args.set("base_amount_out", expected.get("base_amount_out"));
    args.set("max_quote_amount_in", expected.get("max_quote_amount_in"));
    if (trackVolumeByte) {
      args.put("track_volume", true);
    } else {
      args.put("_missing_from", "track_volume"); // absent: the caller reads it as false
    }
    args.put("_unread", 0);
    want.set("accounts", expected.get("accounts"));
    want.putArray("extra_accounts");

    assertThat(ix.program()).isEqualTo(Program.PUMP_AMM);
    ExpectedValues.instructionMatches(file, want, ix);
    assertThat(ix.args().bool("track_volume", false)).isEqualTo(trackVolumeByte);
  }

  /** Decodes a carbon instruction fixture as the only instruction of a transaction. */
  static DecodedInstruction decodeCarbonInstruction(String path) {
    JsonNode ix = Fixtures.json(path);
    List<String> accounts = new ArrayList<>();
    ix.get("accounts").forEach(a -> accounts.add(a.get("pubkey").asText()));
    DecodedTransaction tx = SolanaDecoder.transaction(
        Txs.single(ix.get("program_id").asText(), accounts, instructionData(path)), 1);
    assertThat(tx.problems()).as(path + " problems").isEmpty();
    assertThat(tx.instructions()).as(path).hasSize(1);
    assertThat(tx.events()).isEmpty();
    return tx.instructions().get(0);
  }

  private static byte[] instructionData(String path) {
    return Hex.decode(Fixtures.json(path).get("data").asText());
  }

  /** The carbon EXPECTED entries name the instruction under "instruction". */
  private static JsonNode withName(JsonNode expected) {
    return ((ObjectNode) expected.deepCopy())
        .put("name", expected.get("instruction").asText());
  }
}
