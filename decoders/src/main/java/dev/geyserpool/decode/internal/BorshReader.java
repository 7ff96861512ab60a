package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.internal.BorshType.ArrayOf;
import dev.geyserpool.decode.internal.BorshType.Enumeration;
import dev.geyserpool.decode.internal.BorshType.Field;
import dev.geyserpool.decode.internal.BorshType.OptionOf;
import dev.geyserpool.decode.internal.BorshType.Padding;
import dev.geyserpool.decode.internal.BorshType.Primitive;
import dev.geyserpool.decode.internal.BorshType.Struct;
import dev.geyserpool.decode.internal.BorshType.Text;
import dev.geyserpool.decode.internal.BorshType.Variant;
import dev.geyserpool.decode.internal.BorshType.VecOf;
import dev.geyserpool.proto.Base58;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one tolerant Borsh reader every layout is interpreted by. Pump appends fields to its events,
 * accounts and arguments over time (fact sheet §1, "forward compatibility"), so a layout is read
 * field by field: data that ends at a field boundary leaves that field and the later ones absent
 * (listed in {@link Result#missing}); bytes after the last known field are counted, not read.
 * Malformed data (a value cut short, a bool byte above 1, an unknown enum variant, a length
 * larger than the data) stops the read at that field with a readable {@link Result#problem}; the
 * fields before it are kept. Never throws for bad data.
 *
 * <p>Stateless and thread-safe.
 */
public final class BorshReader {
  /** Marks a value that is read but not kept: an Option that is None, padding. */
  private static final Object NOTHING = new Object();

  private BorshReader() {}

  /**
   * What a layout read produced.
   *
   * @param fields the fields read, in layout order
   * @param missing the names of the layout's fields the read did not reach, in order
   * @param unread the bytes left after the read stopped
   * @param problem why the read stopped early on malformed data, or null when it did not
   */
  public record Result(Fields fields, List<String> missing, int unread, String problem) {
    public Result {
      missing = List.copyOf(missing);
    }

    /** Whether the data ended inside a field (or was otherwise malformed). */
    public boolean malformed() {
      return problem != null;
    }
  }

  /** Reads {@code layout} from {@code data[offset..]}. */
  public static Result read(List<Field> layout, byte[] data, int offset) {
    Cursor c = new Cursor(data, Math.min(offset, data.length));
    Fields.Builder out = Fields.builder();
    for (int i = 0; i < layout.size(); i++) {
      Field f = layout.get(i);
      if (c.remaining() == 0) {
        return new Result(out.build(), namesFrom(layout, i), 0, null);
      }
      int start = c.pos;
      Object v = value(f.type(), c);
      if (v == null) {
        String problem = f.name() + " at payload byte " + (start - offset) + ": " + c.error;
        c.pos = start;
        return new Result(out.build(), namesFrom(layout, i), c.remaining(), problem);
      }
      if (v != NOTHING) {
        out.put(f.name(), v);
      }
    }
    return new Result(out.build(), List.of(), c.remaining(), null);
  }

  private static List<String> namesFrom(List<Field> layout, int from) {
    List<String> names = new ArrayList<>();
    for (Field f : layout.subList(from, layout.size())) {
      if (!(f.type() instanceof Padding)) {
        names.add(f.name());
      }
    }
    return names;
  }

  /** One value, {@link #NOTHING}, or null with {@code c.error} set. */
  private static Object value(BorshType type, Cursor c) {
    if (type instanceof Primitive p) {
      return primitive(p, c);
    }
    if (type instanceof VecOf v) {
      if (!c.need(4, "a u32 vector length")) {
        return null;
      }
      long count = c.u32();
      long needed = count * Math.max(1, v.element().minSize());
      if (needed > c.remaining()) {
        return c.fail("vector of " + count + " items needs at least " + needed + " bytes, "
            + c.remaining() + " left");
      }
      return list(v.element(), (int) count, c);
    }
    if (type instanceof ArrayOf a) {
      return list(a.element(), a.length(), c);
    }
    if (type instanceof OptionOf o) {
      if (!c.need(1, "an option tag")) {
        return null;
      }
      int tag = c.u8();
      if (tag == 0) {
        return NOTHING;
      }
      return tag == 1 ? value(o.inner(), c) : c.fail("option tag " + tag + " (must be 0 or 1)");
    }
    if (type instanceof Struct s) {
      return fields(s.fields(), Fields.builder(), c);
    }
    if (type instanceof Enumeration e) {
      if (!c.need(1, "a u8 variant index")) {
        return null;
      }
      int index = c.u8();
      if (index >= e.variants().size()) {
        return c.fail("variant " + index + " of " + e.name() + " is unknown (it has "
            + e.variants().size() + ")");
      }
      Variant variant = e.variants().get(index);
      return fields(variant.fields(), Fields.builder().put("variant", variant.name()), c);
    }
    if (type instanceof Text t) {
      if (!c.need(t.length(), t.length() + " text bytes")) {
        return null;
      }
      return c.text(t.length());
    }
    if (type instanceof Padding p) {
      if (!c.need(p.length(), p.length() + " padding bytes")) {
        return null;
      }
      c.pos += p.length();
      return NOTHING;
    }
    throw new IllegalStateException("unhandled layout type " + type);
  }

  private static Object fields(List<Field> fields, Fields.Builder into, Cursor c) {
    for (Field f : fields) {
      Object v = value(f.type(), c);
      if (v == null) {
        c.error = f.name() + ": " + c.error;
        return null;
      }
      if (v != NOTHING) {
        into.put(f.name(), v);
      }
    }
    return into.build();
  }

  private static Object list(BorshType element, int count, Cursor c) {
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Object v = value(element, c);
      if (v == null) {
        c.error = "item " + i + ": " + c.error;
        return null;
      }
      if (v != NOTHING) {
        items.add(v);
      }
    }
    return List.copyOf(items);
  }

  private static Object primitive(Primitive p, Cursor c) {
    if (p == Primitive.STRING) {
      if (!c.need(4, "a u32 string length")) {
        return null;
      }
      long length = c.u32();
      if (length > c.remaining()) {
        return c.fail("string of " + length + " bytes is truncated, " + c.remaining() + " left");
      }
      return c.utf8((int) length);
    }
    if (!c.need(p.minSize(), p.name().toLowerCase() + " (" + p.minSize() + " bytes)")) {
      return null;
    }
    switch (p) {
      case U8: return (long) c.u8();
      case U16: return c.le(2);
      case U32: return c.le(4);
      case U64: {
        long v = c.le(8);
        return v >= 0 ? (Object) v : unsigned(v);
      }
      case I64: return c.le(8);
      case U128: {
        BigInteger low = BigInteger.valueOf(c.le(8)).and(U64_MASK);
        BigInteger high = BigInteger.valueOf(c.le(8)).and(U64_MASK);
        return high.shiftLeft(64).or(low);
      }
      case BOOL: {
        int b = c.u8();
        return b <= 1 ? (Object) (b == 1) : c.fail("bool byte " + b + " (must be 0 or 1)");
      }
      case PUBKEY: return Base58.encode(c.bytes(32));
      default: throw new IllegalStateException("unhandled primitive " + p);
    }
  }

  private static final BigInteger U64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** A u64 above {@code Long.MAX_VALUE}, from its two's-complement bits. */
  static BigInteger unsigned(long bits) {
    return BigInteger.valueOf(bits).and(U64_MASK);
  }

  /** A read position over the data; not shared between threads. */
  private static final class Cursor {
    final byte[] data;
    int pos;
    String error;

    Cursor(byte[] data, int pos) {
      this.data = data;
      this.pos = pos;
    }

    int remaining() {
      return data.length - pos;
    }

    boolean need(int n, String what) {
      if (remaining() >= n) {
        return true;
      }
      error = "data ends " + remaining() + " bytes into " + what;
      return false;
    }

    Object fail(String message) {
      error = message;
      return null;
    }

    int u8() {
      return data[pos++] & 0xFF;
    }

    long u32() {
      return le(4);
    }

    long le(int n) {
      long v = 0;
      for (int i = n - 1; i >= 0; i--) {
        v = v << 8 | (data[pos + i] & 0xFFL);
      }
      pos += n;
      return v;
    }

    byte[] bytes(int n) {
      byte[] b = Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return b;
    }

    String utf8(int n) {
      String s = new String(data, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    String text(int n) {
      int end = pos + n;
      while (end > pos && data[end - 1] == 0) {
        end--;
      }
      String s = new String(data, pos, end - pos, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
