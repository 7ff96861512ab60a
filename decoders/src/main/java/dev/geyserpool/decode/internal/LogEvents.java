package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.EventSource;
import dev.geyserpool.decode.Location;
import dev.geyserpool.decode.Program;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads events from {@code Program data: <base64>} log lines (Anchor {@code emit!} via
 * {@code sol_log_data}), the fallback for transactions delivered without inner instructions.
 * Routers and other programs print {@code Program data:} too (the USDC buy fixture carries a
 * foreign one, discriminator {@code 31487b2d6e40b085}), so each line is attributed to the program
 * on top of the invoke stack kept from {@code Program <id> invoke [n]} and
 * {@code Program <id> success|failed} lines, and decoded only when that program is ours.
 *
 * <p>Stateless and thread-safe.
 */
final class LogEvents {
  private static final String DATA = "Program data: ";

  private LogEvents() {}

  /**
   * The events in {@code logs}. Each gets the location of the top-level instruction whose logs
   * carried it ({@code inner} = -1, {@code stackHeight} = the emitting program's invoke depth) and,
   * when emitted at depth 1, that top-level instruction as parent.
   */
  static List<DecodedEvent> scan(List<String> logs, Map<Integer, DecodedInstruction> topLevel,
      List<String> problems) {
    List<DecodedEvent> events = new ArrayList<>();
    Deque<String> stack = new ArrayDeque<>();
    int top = -1;
    for (int n = 0; n < logs.size(); n++) {
      String line = logs.get(n);
      if (line.startsWith(DATA)) {
        Optional<Program> program = stack.isEmpty() ? Optional.empty() : Program.byId(stack.peek());
        if (program.isPresent()) {
          DecodedEvent e = event(program.get(), line, n, top, stack.size(), topLevel, problems);
          if (e != null) {
            events.add(e);
          }
        }
        continue;
      }
      if (!line.startsWith("Program ")) {
        continue;
      }
      String[] parts = line.split(" ", 4);
      if (parts.length < 3 || parts[1].endsWith(":")) {
        continue; // "Program log: ...", "Program return: ...", "Program consumption: ..."
      }
      if (parts[2].equals("invoke") && parts.length == 4) {
        if (parts[3].equals("[1]")) {
          top++;
          stack.clear(); // a new top-level instruction: drop whatever truncated logs left behind
        }
        stack.push(parts[1]);
      } else if ((parts[2].equals("success") || parts[2].startsWith("failed")) && !stack.isEmpty()) {
        stack.pop();
      }
    }
    return events;
  }

  private static DecodedEvent event(Program program, String line, int n, int top, int depth,
      Map<Integer, DecodedInstruction> topLevel, List<String> problems) {
    String where = "log[" + n + "] top[" + top + "]";
    byte[] data = base64(line.substring(DATA.length()));
    if (data == null) {
      problems.add(where + " " + program.idlName() + ": Program data is not base64");
      return null;
    }
    DecodedInstruction parent = depth == 1 ? topLevel.get(top) : null;
    if (parent != null && parent.program() != program) {
      parent = null;
    }
    return Decoders.event(program, data, 0, new Location(top, -1, depth), where, EventSource.LOG,
        parent, problems);
  }

  /** The concatenated bytes of the space-separated base64 chunks, or null when one is not base64. */
  private static byte[] base64(String chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String chunk : chunks.trim().split(" ")) {
      try {
        out.writeBytes(Base64.getDecoder().decode(chunk));
      } catch (IllegalArgumentException notBase64) {
        return null; // the JDK reports bad base64 only by throwing
      }
    }
    return out.toByteArray();
  }
}
