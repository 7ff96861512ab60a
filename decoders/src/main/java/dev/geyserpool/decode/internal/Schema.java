package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.internal.BorshType.Enumeration;
import dev.geyserpool.decode.internal.BorshType.Field;
import dev.geyserpool.decode.internal.BorshType.Struct;
import dev.geyserpool.decode.internal.BorshType.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One program's instructions, events and account types, written in the {@link LayoutParser}
 * notation and keyed by Anchor discriminator. Discriminators are computed from the names with
 * the Anchor rule ({@link Discriminator}), so a layout is named exactly as in its IDL.
 *
 * <p>Built once by {@link PumpSchema}, {@link PumpAmmSchema} and {@link LaunchLabSchema} during
 * class initialisation, then only read: {@link #freeze()} makes every map unmodifiable and the
 * instance is published through a {@code static final} field, so all threads share it.
 */
public final class Schema {
  /** An instruction: IDL name, argument layout and account names in IDL order. */
  public record InstructionDef(String name, long discriminator, List<Field> args, List<String> accounts) {
    public InstructionDef {
      args = List.copyOf(args);
      accounts = List.copyOf(accounts);
    }
  }

  /** An event or account type: IDL name and field layout (after the 8-byte discriminator). */
  public record LayoutDef(String name, long discriminator, List<Field> fields) {
    public LayoutDef {
      fields = List.copyOf(fields);
    }
  }

  private final Program program;
  private final Map<String, BorshType> types = new HashMap<>();
  private final LayoutParser parser = new LayoutParser(types);
  private Map<Long, InstructionDef> instructions = new LinkedHashMap<>();
  private Map<Long, LayoutDef> events = new LinkedHashMap<>();
  private Map<Long, LayoutDef> accounts = new LinkedHashMap<>();

  Schema(Program program) {
    this.program = program;
  }

  /** The program this schema describes. */
  public Program program() {
    return program;
  }

  /** The instruction with this discriminator, or null. */
  public InstructionDef instruction(long discriminator) {
    return instructions.get(discriminator);
  }

  /** The event with this discriminator, or null. */
  public LayoutDef event(long discriminator) {
    return events.get(discriminator);
  }

  /** The account type with this discriminator, or null. */
  public LayoutDef account(long discriminator) {
    return accounts.get(discriminator);
  }

  /** Every instruction, in declaration order. */
  public Collection<InstructionDef> instructions() {
    return instructions.values();
  }

  /** Every event, in declaration order. */
  public Collection<LayoutDef> events() {
    return events.values();
  }

  /** Every account type, in declaration order. */
  public Collection<LayoutDef> accounts() {
    return accounts.values();
  }

  Schema struct(String name, String fields) {
    define(name, new Struct(name, parser.fields(fields)));
    return this;
  }

  /** A fieldless enum: read as its {@code u8} variant index (names go to derived values). */
  Schema fieldless(String name) {
    define(name, BorshType.Primitive.U8);
    return this;
  }

  /** An enum with data; {@code variants} alternate a variant name and its field spec. */
  Schema enumeration(String name, String... variants) {
    if (variants.length % 2 != 0) {
      throw new IllegalArgumentException(name + ": variants must be name, fields pairs");
    }
    List<Variant> list = new ArrayList<>();
    for (int i = 0; i < variants.length; i += 2) {
      list.add(new Variant(variants[i], parser.fields(variants[i + 1])));
    }
    define(name, new Enumeration(name, list));
    return this;
  }

  Schema instruction(String name, String args, String accountNames) {
    long d = Discriminator.instruction(name);
    List<String> names = accountNames.isBlank() ? List.of() : Arrays.asList(accountNames.trim().split("\\s+"));
    put(instructions, d, new InstructionDef(name, d, parser.fields(args), names), name);
    return this;
  }

  Schema event(String name, String fields) {
    long d = Discriminator.event(name);
    put(events, d, new LayoutDef(name, d, parser.fields(fields)), name);
    return this;
  }

  Schema account(String name, String fields) {
    long d = Discriminator.account(name);
    put(accounts, d, new LayoutDef(name, d, parser.fields(fields)), name);
    return this;
  }

  Schema freeze() {
    instructions = Collections.unmodifiableMap(instructions);
    events = Collections.unmodifiableMap(events);
    accounts = Collections.unmodifiableMap(accounts);
    return this;
  }

  private void define(String name, BorshType type) {
    if (types.putIfAbsent(name, type) != null) {
      throw new IllegalArgumentException(program + " defines type " + name + " twice");
    }
  }

  private <T> void put(Map<Long, T> map, long d, T def, String name) {
    if (map.putIfAbsent(d, def) != null) {
      throw new IllegalArgumentException(program + ": " + name + " collides with "
          + map.get(d) + " on discriminator " + Discriminator.hex(d));
    }
  }
}
