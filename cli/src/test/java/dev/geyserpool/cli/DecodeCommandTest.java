package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/geyser-pool decode} on the real Yellowstone capture, in every form a user may hold it. */
class DecodeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String FIXTURE = "/fixtures/pump_create_v2_and_buy.SubscribeUpdate";

  @TempDir
  Path dir;

  @Test
  void decodesTheBinaryCaptureIntoInstructionsAndEventsWithIdlNamesAndRawIntegers() throws Exception {
    Path pb = copy(".pb");
    Run run = run(pb.toString());

    assertThat(run.exit).isZero();
    List<JsonNode> lines = run.lines();
    assertThat(lines).extracting(l -> l.path("type").asText() + ":" + l.path("name").asText())
        .containsExactly("instruction:create_v2", "instruction:buy", "event:CreateEvent", "event:TradeEvent");
    JsonNode create = lines.get(0);
    assertThat(create.path("args").path("name").asText()).isEqualTo("NYXORA");
    assertThat(create.path("accounts").path("mint").asText()).isEqualTo("7YD6ZHb39jGb33ki2iFd7kHK11yMkSFCc9kvjJscpump");
    assertThat(create.path("signature").asText())
        .isEqualTo("5EDHe12KqokKkhDLY8n5cs7hYs5g49mNFTMKHARafs9FMVBYcG1rYf7VD4h1zd19G7zaXGNLqqyTsczPXbbafYuZ");
    JsonNode trade = lines.get(3);
    assertThat(trade.path("fields").path("sol_amount").longValue()).isEqualTo(98_750_018L);
    assertThat(trade.path("fields").path("token_amount").longValue()).isEqualTo(3_520_371_073_923L);
    assertThat(trade.path("fields").path("fee").longValue()).isEqualTo(938_126L);
    assertThat(trade.path("derived").path("sol_amount_sol").decimalValue()).isEqualByComparingTo("0.098750018");
    assertThat(trade.path("derived").has("price_sol")).isTrue();
    assertThat(run.err).contains(pb + ": 1 updates (1 transactions, 0 failed");
  }

  @Test
  void protoJsonAndLengthDelimitedFilesDecodeTheSame() throws Exception {
    String binary = run(copy(".pb").toString()).out;
    Path json = copy(".json");
    SubscribeUpdate update;
    try (InputStream in = getClass().getResourceAsStream(FIXTURE + ".pb")) {
      update = SubscribeUpdate.parseFrom(in);
    }
    ByteArrayOutputStream twice = new ByteArrayOutputStream();
    update.writeDelimitedTo(twice);
    update.writeDelimitedTo(twice);
    Path delimited = Files.write(dir.resolve("two.bin"), twice.toByteArray());

    assertThat(run(json.toString()).out).isEqualTo(binary);
    assertThat(run(delimited.toString()).out).isEqualTo(binary + binary);
  }

  @Test
  void anUnreadableFileIsNamedAndTheOthersStillDecode() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.bin"), "\u0007\u0007 this is not protobuf");
    Path badJson = Files.writeString(dir.resolve("bad.json"), "{\"transaction\": 12}");
    Path pb = copy(".pb");

    Run run = run(garbage.toString(), badJson.toString(), dir.resolve("missing.pb").toString(), pb.toString());

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("decode: " + garbage + ": not a SubscribeUpdate: neither proto3 JSON")
        .contains("decode: " + badJson + ": message 1 is not a proto3-JSON SubscribeUpdate")
        .contains("decode: " + dir.resolve("missing.pb") + ": no such file");
    assertThat(run.lines()).hasSize(4);
  }

  private Path copy(String suffix) throws Exception {
    try (InputStream in = getClass().getResourceAsStream(FIXTURE + suffix)) {
      Path target = dir.resolve("capture" + suffix);
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  private static Run run(String... files) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = GeyserPoolCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = new String[files.length + 1];
    args[0] = "decode";
    System.arraycopy(files, 0, args, 1, files.length);
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
      return nodes;
    }
  }
}
