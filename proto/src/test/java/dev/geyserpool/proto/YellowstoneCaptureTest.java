package dev.geyserpool.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decodes a real mainnet transaction captured as a Yellowstone {@code SubscribeUpdate} and checks
 * it against the values an independent decoder produced (fixtures/yellowstone/EXPECTED.json).
 * A wrong field number or type anywhere on the path breaks these assertions.
 */
class YellowstoneCaptureTest {
  private static final String DIR = "/fixtures/yellowstone/";
  private static final byte[] EVENT_IX_TAG = HexFormat.of().parseHex("e445a52e51cb9a1d");

  private static SubscribeUpdate update;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    update = SubscribeUpdate.parseFrom(resource("pump_create_v2_and_buy.SubscribeUpdate.pb"));
    try (InputStream in = resource("EXPECTED.json")) {
      expected = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void decodesTheTransactionEnvelope() {
    assertThat(update.getFiltersList()).containsExactly("pumpfun");
    assertThat(update.getUpdateOneofCase()).isEqualTo(SubscribeUpdate.UpdateOneofCase.TRANSACTION);
    SubscribeUpdateTransactionInfo info = update.getTransaction().getTransaction();

    assertThat(Base58.encode(info.getSignature().toByteArray()))
        .isEqualTo(expected.get("signature").asText());
    assertThat(info.getTransaction().getSignatures(0)).isEqualTo(info.getSignature());
    assertThat(info.getIsVote()).isFalse();
    assertThat(info.getMeta().hasErr()).isFalse();

    Message message = info.getTransaction().getMessage();
    assertThat(message.getVersioned()).isEqualTo(expected.get("versioned").asBoolean());
    JsonNode header = expected.get("header");
    assertThat(message.getHeader().getNumRequiredSignatures()).isEqualTo(header.get(0).asInt());
    assertThat(message.getHeader().getNumReadonlySignedAccounts()).isEqualTo(header.get(1).asInt());
    assertThat(message.getHeader().getNumReadonlyUnsignedAccounts()).isEqualTo(header.get(2).asInt());
  }

  @Test
  void decodesEveryAccountKey() {
    List<String> keys = accountKeys();
    List<String> want = new ArrayList<>();
    expected.get("account_keys").forEach(k -> want.add(k.asText()));
    assertThat(keys).containsExactlyElementsOf(want);
  }

  @Test
  void decodesTopLevelInstructionsByteForByte() {
    Message message = update.getTransaction().getTransaction().getTransaction().getMessage();
    List<String> keys = accountKeys();
    for (JsonNode ix : expected.get("instructions")) {
      CompiledInstruction actual = message.getInstructions(ix.get("index").asInt());
      assertThat(keys.get(actual.getProgramIdIndex())).isEqualTo(ix.get("program").asText());
      List<Integer> wantIdx = new ArrayList<>();
      ix.get("accounts_idx").forEach(i -> wantIdx.add(i.asInt()));
      List<Integer> gotIdx = new ArrayList<>();
      for (byte b : actual.getAccounts().toByteArray()) {
        gotIdx.add(b & 0xFF);
      }
      assertThat(gotIdx).containsExactlyElementsOf(wantIdx);
      assertThat(HexFormat.of().formatHex(actual.getData().toByteArray()))
          .isEqualTo(ix.get("data_hex").asText());
    }
  }

  @Test
  void findsTheSelfCpiEventsAtTheirInnerPositions() {
    List<String> keys = accountKeys();
    List<InnerInstructions> inner =
        update.getTransaction().getTransaction().getMeta().getInnerInstructionsList();
    for (JsonNode event : expected.get("events")) {
      InnerInstructions group =
          inner.stream()
              .filter(g -> g.getIndex() == event.get("outer_ix_index").asInt())
              .findFirst()
              .orElseThrow();
      InnerInstruction cpi = group.getInstructions(event.get("inner_pos").asInt());
      assertThat(cpi.getStackHeight()).isEqualTo(event.get("stack_height").asInt());
      assertThat(keys.get(cpi.getProgramIdIndex()))
          .isEqualTo("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
      assertThat(keys.get(cpi.getAccounts().byteAt(0) & 0xFF))
          .isEqualTo(event.get("accounts").get(0).asText());
      byte[] data = cpi.getData().toByteArray();
      assertThat(data).startsWith(EVENT_IX_TAG);
      // The event payload follows the 8-byte tag and the 8-byte event discriminator.
      assertThat(data.length - 16).isEqualTo(event.get("_payload_bytes").asInt());
    }
  }

  @Test
  void carriesTheProgramDataLogLines() {
    List<String> logs = update.getTransaction().getTransaction().getMeta().getLogMessagesList();
    for (JsonNode line : expected.get("log_program_data_lines")) {
      String prefix = line.asText().replace("...", "");
      assertThat(logs).anyMatch(l -> l.startsWith(prefix));
    }
  }

  @Test
  void protoJsonAndBinaryCapturesAreTheSameMessage() throws IOException {
    SubscribeUpdate.Builder fromJson = SubscribeUpdate.newBuilder();
    try (InputStreamReader reader =
        new InputStreamReader(
            resource("pump_create_v2_and_buy.SubscribeUpdate.json"), StandardCharsets.UTF_8)) {
      JsonFormat.parser().merge(reader, fromJson);
    }
    assertThat(fromJson.build()).isEqualTo(update);
    assertThat(fromJson.build().toByteString())
        .isEqualTo(ByteString.copyFrom(resource("pump_create_v2_and_buy.SubscribeUpdate.pb").readAllBytes()));
  }

  private static List<String> accountKeys() {
    SubscribeUpdateTransactionInfo info = update.getTransaction().getTransaction();
    List<String> keys = new ArrayList<>();
    info.getTransaction().getMessage().getAccountKeysList().forEach(k -> keys.add(Base58.encode(k.toByteArray())));
    info.getMeta().getLoadedWritableAddressesList().forEach(k -> keys.add(Base58.encode(k.toByteArray())));
    info.getMeta().getLoadedReadonlyAddressesList().forEach(k -> keys.add(Base58.encode(k.toByteArray())));
    return keys;
  }

  private static InputStream resource(String name) {
    InputStream in = YellowstoneCaptureTest.class.getResourceAsStream(DIR + name);
    assertThat(in).as("test resource %s", name).isNotNull();
    return in;
  }
}
