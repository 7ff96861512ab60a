package dev.geyserpool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedJson;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.SolanaDecoder;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/geyser-pool decode FILE...}: prints every Pump.fun, PumpSwap and LaunchLab
 * instruction, event and account in captured {@code SubscribeUpdate} messages as JSON lines on
 * stdout (the IDL's field names, raw on-chain integers, derived SOL and prices beside them).
 *
 * <p>A file holds binary protobuf (one message, or several each preceded by its varint length as
 * {@code writeDelimitedTo} writes them) or proto3 JSON (one object, an array of objects, or
 * objects one after another). What cannot be read is reported on stderr naming the file and the
 * message, and the rest still decodes; the exit code is then 1.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    header = "Decodes captured SubscribeUpdate messages into JSON lines.",
    description = {
      "Decodes captured Yellowstone SubscribeUpdate messages (binary protobuf, length-delimited binary,",
      "or proto3 JSON) and prints every Pump.fun, PumpSwap and Raydium LaunchLab instruction, event and",
      "account as one JSON line each. Per-file counts and problems go to stderr."
    })
final class DecodeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of SubscribeUpdate messages.")
  List<Path> files;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return decode(files, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Decodes every file; returns 0 when all of them were readable, else 1. */
  static int decode(List<Path> files, PrintWriter out, PrintWriter err) {
    boolean allRead = true;
    for (Path file : files) {
      Counts counts = new Counts();
      List<SubscribeUpdate> updates;
      try {
        updates = read(file, err, counts);
      } catch (NoSuchFileException e) {
        err.println("decode: " + file + ": no such file");
        allRead = false;
        continue;
      } catch (IOException | IllegalArgumentException e) {
        err.println("decode: " + file + ": " + e.getMessage());
        allRead = false;
        continue;
      }
      for (SubscribeUpdate update : updates) {
        print(update, file, out, err, counts);
      }
      allRead &= counts.unreadable == 0;
      err.println("decode: " + file + ": " + counts);
    }
    out.flush();
    err.flush();
    return allRead ? 0 : 1;
  }

  private static void print(SubscribeUpdate update, Path file, PrintWriter out, PrintWriter err,
      Counts counts) {
    counts.updates++;
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION -> transaction(update.getTransaction().getTransaction(), update.getTransaction().getSlot(),
          file, out, err, counts);
      case ACCOUNT -> account(update.getAccount().getAccount(), update.getAccount().getSlot(), out, counts);
      case BLOCK -> {
        for (SubscribeUpdateTransactionInfo tx : update.getBlock().getTransactionsList()) {
          transaction(tx, update.getBlock().getSlot(), file, out, err, counts);
        }
        for (SubscribeUpdateAccountInfo account : update.getBlock().getAccountsList()) {
          account(account, update.getBlock().getSlot(), out, counts);
        }
      }
      default -> counts.otherKinds++;
    }
  }

  private static void transaction(SubscribeUpdateTransactionInfo info, long slot, Path file, PrintWriter out,
      PrintWriter err, Counts counts) {
    counts.transactions++;
    DecodedTransaction tx = SolanaDecoder.transaction(info, slot);
    DecodedJson.lines(tx).forEach(out::println);
    counts.instructions += tx.instructions().size();
    counts.events += tx.events().size();
    if (tx.failed()) {
      counts.failed++;
    }
    for (String problem : tx.problems()) {
      err.println("decode: " + file + ": transaction " + tx.signature() + ": " + problem);
    }
  }

  private static void account(SubscribeUpdateAccountInfo info, long slot, PrintWriter out, Counts counts) {
    counts.accountUpdates++;
    Optional<DecodedAccount> account = SolanaDecoder.account(info, slot);
    if (account.isPresent()) {
      out.println(DecodedJson.account(account.get()));
      counts.accounts++;
    }
  }

  /** Reads every message of {@code file}, in whichever of the supported forms it is. */
  static List<SubscribeUpdate> read(Path file, PrintWriter err, Counts counts) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty file; expected SubscribeUpdate messages (binary protobuf or proto3 JSON)");
    }
    if (looksLikeJson(bytes)) {
      return readJson(bytes, file, err, counts);
    }
    Optional<List<SubscribeUpdate>> delimited = readDelimited(bytes);
    if (delimited.isPresent()) {
      return delimited.get();
    }
    try {
      SubscribeUpdate single = SubscribeUpdate.parseFrom(bytes);
      if (single.getUpdateOneofCase() == SubscribeUpdate.UpdateOneofCase.UPDATEONEOF_NOT_SET) {
        throw new InvalidProtocolBufferException("no update in it");
      }
      return List.of(single);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a SubscribeUpdate: neither proto3 JSON, nor one binary message, nor"
          + " length-delimited binary messages (" + e.getMessage() + "); capture updates with"
          + " SubscribeUpdate.writeTo / writeDelimitedTo or JsonFormat.printer()");
    }
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  private static List<SubscribeUpdate> readJson(byte[] bytes, Path file, PrintWriter err, Counts counts)
      throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(bytes)) {
      while (values.hasNextValue()) {
        JsonNode node = values.nextValue();
        if (node.isArray()) {
          node.forEach(nodes::add);
        } else {
          nodes.add(node);
        }
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
      }
      err.println("decode: " + file + ": JSON ends badly after " + nodes.size() + " messages: " + e.getOriginalMessage());
      counts.unreadable++;
    }
    List<SubscribeUpdate> updates = new ArrayList<>();
    JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    for (int i = 0; i < nodes.size(); i++) {
      SubscribeUpdate.Builder builder = SubscribeUpdate.newBuilder();
      try {
        parser.merge(nodes.get(i).toString(), builder);
        updates.add(builder.build());
      } catch (InvalidProtocolBufferException e) {
        err.println("decode: " + file + ": message " + (i + 1) + " is not a proto3-JSON SubscribeUpdate: "
            + e.getMessage());
        counts.unreadable++;
      }
    }
    return updates;
  }

  /** The messages when the whole file is a sequence of length-delimited SubscribeUpdates, each with an update. */
  private static Optional<List<SubscribeUpdate>> readDelimited(byte[] bytes) {
    List<SubscribeUpdate> updates = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      while (!in.isAtEnd()) {
        int length = in.readRawVarint32();
        if (length <= 0 || length > bytes.length - in.getTotalBytesRead()) {
          return Optional.empty();
        }
        SubscribeUpdate update = SubscribeUpdate.parseFrom(in.readRawBytes(length));
        if (update.getUpdateOneofCase() == SubscribeUpdate.UpdateOneofCase.UPDATEONEOF_NOT_SET) {
          return Optional.empty();
        }
        updates.add(update);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(updates);
  }

  /** What one file held. */
  static final class Counts {
    long updates;
    long transactions;
    long failed;
    long instructions;
    long events;
    long accountUpdates;
    long accounts;
    long otherKinds;
    long unreadable;

    @Override
    public String toString() {
      return updates + " updates (" + transactions + " transactions, " + failed + " failed; " + accountUpdates
          + " account writes; " + otherKinds + " other kinds), decoded " + instructions + " instructions, " + events
          + " events, " + accounts + " accounts" + (unreadable > 0 ? ", " + unreadable + " unreadable messages" : "");
    }
  }
}
