package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.geyserpool.decode.internal.Hex;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real create_v2 + buy transaction as Yellowstone sends it (binary and proto3 JSON) and as
 * the blockSubscribe capture it was built from, decoded against every value in EXPECTED.json.
 */
class YellowstoneFixtureTest {
  private static final JsonNode EXPECTED = Fixtures.expected("yellowstone");

  static Stream<Named<SubscribeUpdateTransactionInfo>> sources() throws InvalidProtocolBufferException {
    return Stream.of(Named.of("Yellowstone binary", binary()), Named.of("Yellowstone proto3 JSON", json()),
        Named.of("blockSubscribe wire transaction", RpcTransactions.fromBlockSubscribe(
            Fixtures.json("chainstack-pumpfun/raw_create_tx_from_blocksubscribe.json"))));
  }

  @ParameterizedTest
  @MethodSource("sources")
  void decodesEveryExpectedInstructionAndEvent(SubscribeUpdateTransactionInfo info) {
    DecodedTransaction tx = SolanaDecoder.transaction(info, 0);

    assertThat(tx.signature()).isEqualTo(EXPECTED.get("signature").asText());
    assertThat(tx.problems()).isEmpty();
    assertThat(info.getTransaction().getMessage().getVersioned()).isEqualTo(EXPECTED.get("versioned").asBoolean());
    List<String> keys = new ArrayList<>();
    info.getTransaction().getMessage().getAccountKeysList().forEach(k -> keys.add(Base58.encode(k.toByteArray())));
    List<String> expectedKeys = new ArrayList<>();
    EXPECTED.get("account_keys").forEach(k -> expectedKeys.add(k.asText()));
    assertThat(keys).isEqualTo(expectedKeys);
    var header = info.getTransaction().getMessage().getHeader();
    assertThat(List.of(header.getNumRequiredSignatures(), header.getNumReadonlySignedAccounts(),
        header.getNumReadonlyUnsignedAccounts()))
        .isEqualTo(List.of(EXPECTED.get("header").get(0).asInt(), EXPECTED.get("header").get(1).asInt(),
            EXPECTED.get("header").get(2).asInt()));

    for (JsonNode want : EXPECTED.get("instructions")) {
      int index = want.get("index").asInt();
      CompiledInstruction ci = info.getTransaction().getMessage().getInstructions(index);
      assertThat(keys.get(ci.getProgramIdIndex())).isEqualTo(want.get("program").asText());
      assertThat(Hex.encode(ci.getData().toByteArray())).isEqualTo(want.get("data_hex").asText());
      List<Integer> indexes = new ArrayList<>();
      for (byte b : ci.getAccounts().toByteArray()) {
        indexes.add(b & 0xFF);
      }
      List<Integer> expectedIndexes = new ArrayList<>();
      want.get("accounts_idx").forEach(n -> expectedIndexes.add(n.asInt()));
      assertThat(indexes).isEqualTo(expectedIndexes);
      Optional<DecodedInstruction> decoded = tx.instructions().stream()
          .filter(ix -> ix.location().equals(Location.top(index))).findFirst();
      if (want.has("decoded")) {
        ExpectedValues.instructionMatches("top[" + index + "]", want.get("decoded"), decoded.orElseThrow());
      } else {
        assertThat(decoded).as("top[%d] is not ours", index).isEmpty();
      }
    }
    assertThat(tx.instructions()).extracting(DecodedInstruction::name).containsExactly("create_v2", "buy");

    JsonNode events = EXPECTED.get("events");
    assertThat(tx.events()).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode want = events.get(i);
      DecodedEvent e = tx.events().get(i);
      assertThat(e.location()).isEqualTo(new Location(want.get("outer_ix_index").asInt(),
          want.get("inner_pos").asInt(), want.get("stack_height").asInt()));
      assertThat(e.parent().location()).isEqualTo(Location.top(want.get("outer_ix_index").asInt()));
      InnerInstruction cpi = info.getMeta().getInnerInstructions(want.get("outer_ix_index").asInt())
          .getInstructions(want.get("inner_pos").asInt());
      assertThat(cpi.getAccounts().size()).isEqualTo(want.get("accounts").size());
      assertThat(keys.get(cpi.getAccounts().byteAt(0) & 0xFF)).isEqualTo(want.get("accounts").get(0).asText());
      ExpectedValues.eventMatches("event " + i, want, e);
    }
  }

  @Test
  void logsCarryTheSameEventsWhenInnerInstructionsAreMissing() throws InvalidProtocolBufferException {
    SubscribeUpdateTransactionInfo info = binary();
    for (JsonNode prefix : EXPECTED.get("log_program_data_lines")) {
      String start = prefix.asText().replace("...", "");
      assertThat(info.getMeta().getLogMessagesList()).anyMatch(l -> l.startsWith(start));
    }
    DecodedTransaction fromInner = SolanaDecoder.transaction(info, 0);

    DecodedTransaction fromLogs = SolanaDecoder.transaction(RpcTransactions.withoutInnerInstructions(info), 0);

    assertThat(fromLogs.problems()).isEmpty();
    assertThat(fromLogs.instructions()).isEqualTo(fromInner.instructions());
    assertThat(fromLogs.events()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DecodedEvent log = fromLogs.events().get(i);
      DecodedEvent cpi = fromInner.events().get(i);
      assertThat(log.source()).isEqualTo(EventSource.LOG);
      assertThat(log.name()).isEqualTo(cpi.name());
      assertThat(log.fields()).isEqualTo(cpi.fields());
      assertThat(log.derived()).isEqualTo(cpi.derived());
      assertThat(log.payloadBytes()).isEqualTo(cpi.payloadBytes());
      assertThat(log.parent()).isSameAs(fromLogs.instructions().get(i));
      assertThat(log.location()).isEqualTo(new Location(cpi.location().instruction(), -1, 1));
    }
  }

  @Test
  void binaryAndJsonEncodingsAreTheSameMessage() throws InvalidProtocolBufferException {
    assertThat(json()).isEqualTo(binary());
  }

  private static SubscribeUpdateTransactionInfo binary() throws InvalidProtocolBufferException {
    SubscribeUpdate update = SubscribeUpdate.parseFrom(
        Fixtures.bytes("yellowstone/pump_create_v2_and_buy.SubscribeUpdate.pb"));
    return update.getTransaction().getTransaction();
  }

  private static SubscribeUpdateTransactionInfo json() throws InvalidProtocolBufferException {
    SubscribeUpdate.Builder update = SubscribeUpdate.newBuilder();
    JsonFormat.parser().merge(new String(
        Fixtures.bytes("yellowstone/pump_create_v2_and_buy.SubscribeUpdate.json"), StandardCharsets.UTF_8), update);
    return update.getTransaction().getTransaction();
  }
}
