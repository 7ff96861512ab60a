package dev.geyserpool.decode.internal;

import java.util.List;

/**
 * The Borsh types a layout is written in (fact sheet §1: little-endian integers, 1-byte bools,
 * 32-byte pubkeys, {@code u32}-prefixed strings and vectors, {@code u8}-tagged options and enums,
 * fixed arrays back to back). Immutable values; layouts are built once and shared by all threads.
 */
public sealed interface BorshType {

  /**
   * The smallest number of bytes a value of this type can take, so a vector's claimed length can
   * be checked against the bytes left before anything is allocated.
   */
  int minSize();

  /** Fixed-size and length-prefixed scalars. */
  enum Primitive implements BorshType {
    U8(1), U16(2), U32(4), U64(8), I64(8), U128(16), BOOL(1), PUBKEY(32), STRING(4);

    private final int size;

    Primitive(int size) {
      this.size = size;
    }

    @Override
    public int minSize() {
      return size;
    }
  }

  /** {@code Vec<T>}: {@code u32} count, then the items. */
  record VecOf(BorshType element) implements BorshType {
    @Override
    public int minSize() {
      return 4;
    }
  }

  /** {@code [T; N]}: N items back to back. */
  record ArrayOf(BorshType element, int length) implements BorshType {
    @Override
    public int minSize() {
      return element.minSize() * length;
    }
  }

  /** {@code Option<T>}: {@code u8} tag 0 (none) or 1 (some), then T. */
  record OptionOf(BorshType inner) implements BorshType {
    @Override
    public int minSize() {
      return 1;
    }
  }

  /** A named struct: its fields back to back. */
  record Struct(String name, List<Field> fields) implements BorshType {
    public Struct {
      fields = List.copyOf(fields);
    }

    @Override
    public int minSize() {
      return fields.stream().mapToInt(f -> f.type().minSize()).sum();
    }
  }

  /** A named enum with data: {@code u8} variant index, then that variant's fields. */
  record Enumeration(String name, List<Variant> variants) implements BorshType {
    public Enumeration {
      variants = List.copyOf(variants);
    }

    @Override
    public int minSize() {
      return 1;
    }
  }

  /** {@code [u8; N]} holding zero-padded UTF-8 text (LaunchLab's platform name, web, img). */
  record Text(int length) implements BorshType {
    @Override
    public int minSize() {
      return length;
    }
  }

  /** {@code [u8; N]} reserved bytes: skipped, never reported. */
  record Padding(int length) implements BorshType {
    @Override
    public int minSize() {
      return length;
    }
  }

  /** One named field of a layout. */
  record Field(String name, BorshType type) {}

  /** One variant of an {@link Enumeration}; a fieldless variant has no fields. */
  record Variant(String name, List<Field> fields) {
    public Variant {
      fields = List.copyOf(fields);
    }
  }
}
