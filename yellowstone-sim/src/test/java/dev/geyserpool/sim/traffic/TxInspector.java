package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a transaction the way a monitor must (facts §1, §5): the full account table, top-level
 * instructions, emit_cpi events found in inner instructions and {@code Program data:} lines
 * attributed through the invoke stack. {@link #assertWellFormed()} checks what a decoder relies
 * on: logs nest properly, each CPI's {@code invoke [n]} line matches an inner instruction of the
 * same program with stack height n under the right top-level index, and every event appears
 * both as a log line and as a self-CPI (one level deeper, event authority as the only account).
 * Written for the tests, independent of the generator.
 */
final class TxInspector {
  static final byte[] EVENT_TAG = hex("e445a52e51cb9a1d");
  /** program → its Anchor event authority (facts §0). */
  static final Map<String, String> EVENT_AUTHORITIES = Map.of(
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1",
      "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", "GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR",
      "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj", "2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr");
  private static final Pattern INVOKE = Pattern.compile("^Program (\\w+) invoke \\[(\\d+)\\]$");
  private static final Pattern END = Pattern.compile("^Program (\\w+) (success|failed: .*)$");
  private static final Pattern CONSUMED = Pattern.compile("^Program (\\w+) consumed \\d+ of \\d+ compute units$");
  private static final Pattern RETURN = Pattern.compile("^Program return: (\\w+) .*$");

  /** An emit_cpi event: the emitting program, top-level index, stack height, discriminator ‖ payload. */
  record Event(String program, int topIndex, int stackHeight, byte[] data) {
    String discriminator() {
      return hexOf(data, 8);
    }

    PumpDecoder reader() {
      PumpDecoder d = new PumpDecoder(data);
      d.skip(8);
      return d;
    }
  }

  /** A {@code Program data:} line and the program on top of the invoke stack when it was logged. */
  record LoggedData(String program, int depth, byte[] data) {}

  private record Invoke(int topIndex, String program, int depth) {}

  final SubscribeUpdateTransactionInfo tx;
  final Message message;
  final List<ByteString> keys = new ArrayList<>();

  TxInspector(SubscribeUpdateTransactionInfo tx) {
    this.tx = tx;
    this.message = tx.getTransaction().getMessage();
    keys.addAll(message.getAccountKeysList());
    keys.addAll(tx.getMeta().getLoadedWritableAddressesList());
    keys.addAll(tx.getMeta().getLoadedReadonlyAddressesList());
  }

  String key(int index) {
    return Base58.encode(keys.get(index).toByteArray());
  }

  String program(CompiledInstruction ix) {
    return key(ix.getProgramIdIndex());
  }

  /** Account {@code position} of top-level instruction {@code ix}, base58. */
  String account(CompiledInstruction ix, int position) {
    return key(ix.getAccounts().byteAt(position) & 0xFF);
  }

  List<String> accounts(CompiledInstruction ix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ix.getAccounts().size(); i++) {
      out.add(account(ix, i));
    }
    return out;
  }

  /** Index of the only top-level instruction of {@code program}. */
  int onlyTopIndex(String program) {
    int found = -1;
    for (int i = 0; i < message.getInstructionsCount(); i++) {
      if (program(message.getInstructions(i)).equals(program)) {
        assertThat(found).as("a second top-level %s instruction", program).isEqualTo(-1);
        found = i;
      }
    }
    assertThat(found).as("top-level %s instruction", program).isNotNegative();
    return found;
  }

  CompiledInstruction top(int index) {
    return message.getInstructions(index);
  }

  boolean signer(String key) {
    int i = message.getAccountKeysList().indexOf(ByteString.copyFrom(Base58.decode(key)));
    return i >= 0 && i < message.getHeader().getNumRequiredSignatures();
  }

  boolean writable(String key) {
    int i = message.getAccountKeysList().indexOf(ByteString.copyFrom(Base58.decode(key)));
    int n = message.getAccountKeysCount();
    int signers = message.getHeader().getNumRequiredSignatures();
    return i >= 0 && (i < signers - message.getHeader().getNumReadonlySignedAccounts()
        || (i >= signers && i < n - message.getHeader().getNumReadonlyUnsignedAccounts()));
  }

  /** Every emit_cpi event of every program, in order. */
  List<Event> events() {
    List<Event> out = new ArrayList<>();
    for (InnerInstructions group : tx.getMeta().getInnerInstructionsList()) {
      for (InnerInstruction ix : group.getInstructionsList()) {
        byte[] data = ix.getData().toByteArray();
        String program = key(ix.getProgramIdIndex());
        if (data.length >= 16 && hexOf(data, 8).equals(hexOf(EVENT_TAG, 8))
            && EVENT_AUTHORITIES.containsKey(program)) {
          out.add(new Event(program, group.getIndex(), ix.getStackHeight(),
              java.util.Arrays.copyOfRange(data, 8, data.length)));
        }
      }
    }
    return out;
  }

  List<Event> events(String program) {
    return events().stream().filter(e -> e.program().equals(program)).toList();
  }

  /** The inner instructions under top-level instruction {@code topIndex}. */
  List<InnerInstruction> inner(int topIndex) {
    return tx.getMeta().getInnerInstructionsList().stream().filter(g -> g.getIndex() == topIndex)
        .flatMap(g -> g.getInstructionsList().stream()).toList();
  }

  /** {@code Program data:} lines attributed to the program on top of the invoke stack. */
  List<LoggedData> loggedData() {
    List<LoggedData> out = new ArrayList<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String line : tx.getMeta().getLogMessagesList()) {
      Matcher m = INVOKE.matcher(line);
      if (m.matches()) {
        stack.push(m.group(1));
      } else if (END.matcher(line).matches()) {
        stack.pop();
      } else if (line.startsWith("Program data: ")) {
        out.add(new LoggedData(stack.peek(), stack.size(),
            Base64.getDecoder().decode(line.substring("Program data: ".length()))));
      }
    }
    return out;
  }

  /** Asserts the log/inner-instruction/event structure a monitor relies on. */
  TxInspector assertWellFormed() {
    List<Invoke> invokes = new ArrayList<>();
    Deque<String> stack = new ArrayDeque<>();
    int topIndex = -1;
    for (String line : tx.getMeta().getLogMessagesList()) {
      Matcher invoke = INVOKE.matcher(line);
      Matcher end = END.matcher(line);
      Matcher consumed = CONSUMED.matcher(line);
      Matcher ret = RETURN.matcher(line);
      if (invoke.matches()) {
        int depth = Integer.parseInt(invoke.group(2));
        assertThat(depth).as("invoke depth of %s", line).isEqualTo(stack.size() + 1);
        if (depth == 1) {
          topIndex++;
          assertThat(program(message.getInstructions(topIndex))).as("top-level %d", topIndex)
              .isEqualTo(invoke.group(1));
        } else {
          invokes.add(new Invoke(topIndex, invoke.group(1), depth));
        }
        stack.push(invoke.group(1));
      } else if (end.matches()) {
        assertThat(stack).as("ends %s", line).isNotEmpty();
        assertThat(stack.pop()).as(line).isEqualTo(end.group(1));
      } else if (consumed.matches()) {
        assertThat(stack.peek()).as(line).isEqualTo(consumed.group(1));
      } else if (ret.matches()) {
        assertThat(stack.peek()).as(line).isEqualTo(ret.group(1));
      } else {
        assertThat(line).startsWith("Program ");
        assertThat(stack).as("%s outside any invoke", line).isNotEmpty();
      }
    }
    if (!tx.getMeta().hasErr()) {
      assertThat(stack).as("invokes left open").isEmpty();
      assertThat(topIndex + 1).as("every top-level instruction logs").isEqualTo(message.getInstructionsCount());
    }
    Map<Integer, List<Invoke>> logged = new HashMap<>();
    invokes.forEach(i -> logged.computeIfAbsent(i.topIndex(), k -> new ArrayList<>()).add(i));
    Map<Integer, List<Invoke>> recorded = new HashMap<>();
    for (InnerInstructions group : tx.getMeta().getInnerInstructionsList()) {
      assertThat(recorded).as("one inner group per top-level index").doesNotContainKey(group.getIndex());
      List<Invoke> list = new ArrayList<>();
      for (InnerInstruction ix : group.getInstructionsList()) {
        list.add(new Invoke(group.getIndex(), key(ix.getProgramIdIndex()), ix.getStackHeight()));
      }
      recorded.put(group.getIndex(), list);
    }
    assertThat(recorded).as("inner instructions vs logged CPIs").isEqualTo(logged);

    // Every event twice: the CPI copy (stack h, event authority only) and a data line at depth h − 1.
    for (String program : EVENT_AUTHORITIES.keySet()) {
      List<Event> cpi = events(program);
      List<LoggedData> lines = loggedData().stream().filter(d -> d.program().equals(program)).toList();
      assertThat(lines).as("%s Program data lines vs its self-CPI events", program).hasSameSizeAs(cpi);
      for (int i = 0; i < cpi.size(); i++) {
        assertThat(lines.get(i).data()).isEqualTo(cpi.get(i).data());
        assertThat(lines.get(i).depth() + 1).isEqualTo(cpi.get(i).stackHeight());
      }
    }
    for (InnerInstructions group : tx.getMeta().getInnerInstructionsList()) {
      for (InnerInstruction ix : group.getInstructionsList()) {
        byte[] data = ix.getData().toByteArray();
        if (data.length >= 8 && hexOf(data, 8).equals(hexOf(EVENT_TAG, 8))) {
          String program = key(ix.getProgramIdIndex());
          assertThat(ix.getAccounts().size()).isEqualTo(1);
          assertThat(key(ix.getAccounts().byteAt(0) & 0xFF)).isEqualTo(EVENT_AUTHORITIES.get(program));
        }
      }
    }
    assertThat(tx.getMeta().getPreBalancesCount()).as("a pre balance per key").isEqualTo(keys.size());
    assertThat(tx.getMeta().getPostBalancesCount()).as("a post balance per key").isEqualTo(keys.size());
    for (int i = 0; i < tx.getMeta().getPostBalancesCount(); i++) {
      assertThat(tx.getMeta().getPostBalances(i)).as("post balance %d (%s)", i, key(i)).isNotNegative();
    }
    return this;
  }

  static String hexOf(byte[] data, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", data[i]));
    }
    return s.toString();
  }

  static byte[] hex(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static String b58(ByteString key) {
    return Base58.encode(key.toByteArray());
  }
}
