package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.EventSource;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Location;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.internal.Schema.InstructionDef;
import dev.geyserpool.decode.internal.Schema.LayoutDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one instruction or one event of a known program from its bytes, keyed on the program
 * first (discriminators collide across programs). What cannot be read becomes a line in the
 * caller's {@code problems}, prefixed with where it sits; the value still comes back with what
 * was read. An unknown discriminator is not a problem: it decodes as {@code unknown} with the
 * raw bytes in hex.
 *
 * <p>Stateless and thread-safe.
 */
final class Decoders {
  /** The name of an instruction or event whose discriminator the program does not have. */
  static final String UNKNOWN = "unknown";

  private Decoders() {}

  /**
   * Decodes an instruction: arguments under IDL names, accounts by IDL position (positions past
   * the IDL list are {@code extraAccounts}; a bad index leaves that name absent and adds a
   * problem).
   */
  static DecodedInstruction instruction(Program program, byte[] accountIndexes, byte[] data,
      KeyTable keys, Location location, List<String> problems) {
    Schema schema = Schemas.of(program);
    InstructionDef def = data.length >= 8 ? schema.instruction(Discriminator.read(data, 0)) : null;
    String name = def == null ? UNKNOWN : def.name();
    String where = location.path() + " " + program.idlName() + " " + name + ": ";
    List<String> names = def == null ? List.of() : def.accounts();
    Map<String, String> accounts = new LinkedHashMap<>();
    List<String> extra = new ArrayList<>();
    for (int p = 0; p < accountIndexes.length; p++) {
      int index = accountIndexes[p] & 0xFF;
      if (!keys.has(index)) {
        String role = p < names.size() ? names.get(p) : "extra account " + (p - names.size());
        problems.add(where + keys.outOfRange(role + " (account " + p + ")", index));
        continue;
      }
      if (p < names.size()) {
        accounts.put(names.get(p), keys.base58(index));
      } else {
        extra.add(keys.base58(index));
      }
    }
    if (def == null) {
      if (data.length < 8) {
        problems.add(where + "data is " + data.length + " bytes, shorter than the 8-byte discriminator");
      }
      return new DecodedInstruction(program, UNKNOWN, raw(data, 0), accounts, extra, location,
          List.of(), 0);
    }
    BorshReader.Result r = BorshReader.read(def.args(), data, 8);
    if (r.malformed()) {
      problems.add(where + r.problem());
    }
    return new DecodedInstruction(program, name, r.fields(), accounts, extra, location,
        r.missing(), r.unread());
  }

  /**
   * Decodes an event whose 8-byte discriminator starts at {@code data[offset]} (after the
   * emit_cpi tag for a self-CPI copy, at 0 for a log line).
   */
  static DecodedEvent event(Program program, byte[] data, int offset, Location location,
      String where, EventSource source, DecodedInstruction parent, List<String> problems) {
    if (data.length - offset < 8) {
      problems.add(where + " " + program.idlName() + " event: " + (data.length - offset)
          + " bytes, shorter than the 8-byte event discriminator");
      return null;
    }
    LayoutDef def = Schemas.of(program).event(Discriminator.read(data, offset));
    int payload = data.length - offset - 8;
    if (def == null) {
      return new DecodedEvent(program, UNKNOWN, raw(data, offset), Fields.empty(), location, source,
          payload, 0, parent);
    }
    BorshReader.Result r = BorshReader.read(def.fields(), data, offset + 8);
    if (r.malformed()) {
      problems.add(where + " " + program.idlName() + " " + def.name() + ": " + r.problem());
    }
    Fields derived = Derived.event(program, def.name(), r.fields(), parent);
    return new DecodedEvent(program, def.name(), r.fields(), derived, location, source, payload,
        r.unread(), parent);
  }

  /** {@code discriminator} and {@code data} (the bytes after it) in hex. */
  private static Fields raw(byte[] data, int offset) {
    int discLength = Math.min(8, data.length - offset);
    int rest = offset + discLength;
    return Fields.builder()
        .put("discriminator", Hex.encode(data, offset, discLength))
        .put("data", Hex.encode(data, rest, data.length - rest))
        .build();
  }
}
