package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.internal.BorshType.ArrayOf;
import dev.geyserpool.decode.internal.BorshType.Field;
import dev.geyserpool.decode.internal.BorshType.OptionOf;
import dev.geyserpool.decode.internal.BorshType.Padding;
import dev.geyserpool.decode.internal.BorshType.Primitive;
import dev.geyserpool.decode.internal.BorshType.Text;
import dev.geyserpool.decode.internal.BorshType.VecOf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the layout notation the schemas are written in: whitespace-separated
 * {@code name:type} pairs, types spelled as in the IDLs and the fact sheet —
 * {@code u8 u16 u32 u64 i64 u128 bool pubkey string OptionBool}, {@code Vec<T>},
 * {@code Option<T>}, {@code [T;N]}, a named struct or enum, plus {@code text[N]} (zero-padded
 * UTF-8 bytes) and {@code pad[N]} (reserved bytes, skipped). Pump's {@code OptionBool} is a
 * tuple struct of one bool, so it reads as {@code bool}.
 *
 * <p>Runs once per layout while the schemas are built; a mistake in a layout is a programming
 * error and fails class initialisation with the offending text.
 */
final class LayoutParser {
  private final Map<String, BorshType> named;

  LayoutParser(Map<String, BorshType> named) {
    this.named = named;
  }

  /** The fields of {@code spec}, in order; an empty or blank spec has none. */
  List<Field> fields(String spec) {
    List<Field> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String token : spec.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      int colon = token.indexOf(':');
      if (colon <= 0 || colon == token.length() - 1) {
        throw new IllegalArgumentException("layout entry '" + token + "' is not name:type in: " + spec);
      }
      String name = token.substring(0, colon);
      if (!seen.add(name)) {
        throw new IllegalArgumentException("layout names '" + name + "' twice: " + spec);
      }
      fields.add(new Field(name, type(token.substring(colon + 1), spec)));
    }
    return fields;
  }

  private BorshType type(String t, String spec) {
    switch (t) {
      case "u8": return Primitive.U8;
      case "u16": return Primitive.U16;
      case "u32": return Primitive.U32;
      case "u64": return Primitive.U64;
      case "i64": return Primitive.I64;
      case "u128": return Primitive.U128;
      case "bool":
      case "OptionBool":
        return Primitive.BOOL;
      case "pubkey": return Primitive.PUBKEY;
      case "string": return Primitive.STRING;
      default:
        break;
    }
    if (t.startsWith("Vec<") && t.endsWith(">")) {
      return new VecOf(type(t.substring(4, t.length() - 1), spec));
    }
    if (t.startsWith("Option<") && t.endsWith(">")) {
      return new OptionOf(type(t.substring(7, t.length() - 1), spec));
    }
    if (t.startsWith("text[") && t.endsWith("]")) {
      return new Text(count(t.substring(5, t.length() - 1), spec));
    }
    if (t.startsWith("pad[") && t.endsWith("]")) {
      return new Padding(count(t.substring(4, t.length() - 1), spec));
    }
    if (t.startsWith("[") && t.endsWith("]")) {
      int semi = t.lastIndexOf(';');
      if (semi < 0) {
        throw new IllegalArgumentException("array type '" + t + "' lacks ';N' in: " + spec);
      }
      return new ArrayOf(type(t.substring(1, semi), spec), count(t.substring(semi + 1, t.length() - 1), spec));
    }
    BorshType type = named.get(t);
    if (type == null) {
      throw new IllegalArgumentException("unknown type '" + t + "' in: " + spec + " (named: " + named.keySet() + ")");
    }
    return type;
  }

  private static int count(String n, String spec) {
    try {
      int v = Integer.parseInt(n);
      if (v <= 0) {
        throw new IllegalArgumentException("length " + v + " must be positive in: " + spec);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("length '" + n + "' is not a number in: " + spec, e);
    }
  }
}
