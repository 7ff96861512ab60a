package dev.geyserpool.decode.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.EventSource;
import dev.geyserpool.decode.Location;
import dev.geyserpool.decode.Program;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks one transaction: every top-level instruction, then its inner instructions, in execution
 * order. Instructions of pump, pump_amm and LaunchLab are decoded; their emit_cpi self-CPIs
 * ({@link Discriminator#EVENT_IX_TAG}) become events attributed to their parent instruction
 * (fact sheet §5: the nearest preceding instruction of the same program one stack level up, or
 * top-level instruction k when the event sits at stack height 2). Only when the transaction
 * carries no inner instructions at all are events read from {@code Program data:} logs instead
 * ({@link LogEvents}). A failed transaction changed nothing, so it gets no events.
 *
 * <p>One instance per decode, used by one thread; the static entry point is thread-safe.
 */
public final class TransactionDecoder {
  private final SubscribeUpdateTransactionInfo info;
  private final List<DecodedInstruction> instructions = new ArrayList<>();
  private final List<DecodedEvent> events = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Map<Integer, DecodedInstruction> topLevel = new HashMap<>();
  private boolean failed;

  private TransactionDecoder(SubscribeUpdateTransactionInfo info) {
    this.info = info;
  }

  /** Decodes {@code info}; never throws for bad chain data (it becomes a line in problems). */
  public static DecodedTransaction decode(SubscribeUpdateTransactionInfo info, long slot) {
    TransactionDecoder d = new TransactionDecoder(info);
    try {
      d.run();
    } catch (RuntimeException e) {
      // A decoder bug must not take a subscriber's stream down: report it with the transaction.
      d.problems.add("decoder error after " + d.instructions.size() + " instructions and "
          + d.events.size() + " events: " + e);
    }
    return new DecodedTransaction(signature(info), slot, d.failed, d.instructions, d.events, d.problems);
  }

  private void run() {
    TransactionStatusMeta meta = info.getMeta();
    failed = meta.hasErr();
    if (!info.hasTransaction() || !info.getTransaction().hasMessage()) {
      problems.add("the update carries no transaction message");
      return;
    }
    Message message = info.getTransaction().getMessage();
    KeyTable keys = new KeyTable(message, meta);
    Map<Integer, List<InnerInstruction>> inner = new TreeMap<>();
    for (InnerInstructions group : meta.getInnerInstructionsList()) {
      inner.computeIfAbsent(group.getIndex(), k -> new ArrayList<>()).addAll(group.getInstructionsList());
    }
    for (int i = 0; i < message.getInstructionsCount(); i++) {
      CompiledInstruction ci = message.getInstructions(i);
      Location location = Location.top(i);
      Program program = program(ci.getProgramIdIndex(), keys, location);
      DecodedInstruction top = null;
      if (program != null) {
        top = Decoders.instruction(program, ci.getAccounts().toByteArray(), ci.getData().toByteArray(),
            keys, location, problems);
        instructions.add(top);
        topLevel.put(i, top);
      }
      List<InnerInstruction> group = inner.remove(i);
      if (group != null) {
        walkInner(i, group, top, keys);
      }
    }
    for (int index : inner.keySet()) {
      problems.add("inner instructions name top-level instruction " + index + ", but the message has "
          + message.getInstructionsCount() + " instructions");
    }
    boolean noInner = meta.getInnerInstructionsNone() || meta.getInnerInstructionsCount() == 0;
    if (!failed && noInner) {
      events.addAll(LogEvents.scan(meta.getLogMessagesList(), topLevel, problems));
    }
  }

  private void walkInner(int index, List<InnerInstruction> group, DecodedInstruction top, KeyTable keys) {
    int n = group.size();
    Program[] programs = new Program[n];
    int[] heights = new int[n];
    DecodedInstruction[] decoded = new DecodedInstruction[n];
    for (int j = 0; j < n; j++) {
      InnerInstruction ii = group.get(j);
      heights[j] = ii.hasStackHeight() ? ii.getStackHeight() : 0;
      Location location = new Location(index, j, heights[j]);
      Program program = program(ii.getProgramIdIndex(), keys, location);
      programs[j] = program;
      if (program == null) {
        continue;
      }
      byte[] data = ii.getData().toByteArray();
      if (data.length >= 8 && Discriminator.read(data, 0) == Discriminator.EVENT_IX_TAG) {
        if (!failed) {
          DecodedInstruction parent = parent(program, j, heights, programs, decoded, top);
          DecodedEvent e = Decoders.event(program, data, 8, location, location.path(),
              EventSource.INNER_INSTRUCTION, parent, problems);
          if (e != null) {
            events.add(e);
          }
        }
      } else {
        decoded[j] = Decoders.instruction(program, ii.getAccounts().toByteArray(), data, keys,
            location, problems);
        instructions.add(decoded[j]);
      }
    }
  }

  /**
   * The instruction that emitted the event at inner position {@code j}. At stack height 2 it is
   * top-level instruction k. Deeper, it is the nearest preceding inner instruction one level up:
   * that instruction made the self-CPI, so it is of the same program (fact sheet §5); when it is
   * not (inconsistent data), there is no parent. Without stack heights (older providers), the
   * nearest preceding decoded instruction of the same program, then the top level.
   */
  private static DecodedInstruction parent(Program program, int j, int[] heights, Program[] programs,
      DecodedInstruction[] decoded, DecodedInstruction top) {
    int h = heights[j];
    if (h > 2) {
      for (int k = j - 1; k >= 0; k--) {
        if (heights[k] == h - 1) {
          return programs[k] == program ? decoded[k] : null;
        }
      }
      return null;
    }
    if (h == 0) {
      for (int k = j - 1; k >= 0; k--) {
        if (programs[k] == program && decoded[k] != null) {
          return decoded[k];
        }
      }
    }
    return top != null && top.program() == program ? top : null;
  }

  /** The program at {@code index} if it is one of ours; null otherwise (a bad index is a problem). */
  private Program program(int index, KeyTable keys, Location location) {
    if (!keys.has(index)) {
      problems.add(location.path() + ": " + keys.outOfRange("program id", index));
      return null;
    }
    return Program.byId(keys.raw(index)).orElse(null);
  }

  private static String signature(SubscribeUpdateTransactionInfo info) {
    ByteString sig = info.getSignature();
    if (sig.isEmpty() && info.hasTransaction() && info.getTransaction().getSignaturesCount() > 0) {
      sig = info.getTransaction().getSignatures(0);
    }
    return Base58.encode(sig.toByteArray());
  }
}
