package dev.geyserpool.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Decoded values under their IDL names, in layout order. Immutable.
 *
 * <p>Value types: integers up to 64 bits are {@link Long} (a {@code u64} above
 * {@code Long.MAX_VALUE} is a {@link BigInteger}, as is every {@code u128}); {@code bool} is
 * {@link Boolean}; pubkeys are base58 {@link String}s, as are Borsh strings; structs and enum
 * variants are nested {@code Fields} (an enum's variant name under {@code "variant"}); vectors and
 * arrays are {@link List}s; derived human values (SOL, prices, percentages) are
 * {@link BigDecimal}. A field the data ended before is absent, never zero-filled.
 */
public final class Fields {
  private static final Fields EMPTY = new Fields(Map.of());

  private final Map<String, Object> values;

  private Fields(Map<String, Object> values) {
    this.values = values;
  }

  /** No fields. */
  public static Fields empty() {
    return EMPTY;
  }

  /** A builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The values in layout order (unmodifiable). */
  public Map<String, Object> asMap() {
    return values;
  }

  /** Whether the data carried this field. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The raw value, or null when absent. */
  public Object get(String name) {
    return values.get(name);
  }

  /**
   * An integer field as a {@code long}; a {@code u64} above {@code Long.MAX_VALUE} comes back as
   * its two's-complement bits (use {@link #bigInteger} to print it).
   *
   * @throws NoSuchElementException when absent
   */
  public long u64(String name) {
    return ((Number) require(name)).longValue();
  }

  /** An integer field, or {@code absent} when the data ended before it. */
  public long u64(String name, long absent) {
    Object v = values.get(name);
    return v == null ? absent : ((Number) v).longValue();
  }

  /** An integer field as an unsigned {@link BigInteger}. */
  public BigInteger bigInteger(String name) {
    Object v = require(name);
    if (v instanceof BigInteger b) {
      return b;
    }
    return BigInteger.valueOf(((Number) v).longValue());
  }

  /** A small integer field ({@code u8}, {@code u16}, fieldless enum index). */
  public int intValue(String name) {
    return ((Number) require(name)).intValue();
  }

  /** A {@code bool} field. */
  public boolean bool(String name) {
    return (Boolean) require(name);
  }

  /** A {@code bool} field, or {@code absent} when the data ended before it. */
  public boolean bool(String name, boolean absent) {
    Object v = values.get(name);
    return v == null ? absent : (Boolean) v;
  }

  /** A pubkey (base58) or string field. */
  public String string(String name) {
    return (String) require(name);
  }

  /** A pubkey (base58) or string field, or {@code absent}. */
  public String string(String name, String absent) {
    Object v = values.get(name);
    return v == null ? absent : (String) v;
  }

  /** A derived decimal value. */
  public BigDecimal decimal(String name) {
    return (BigDecimal) require(name);
  }

  /** A nested struct or enum variant. */
  public Fields struct(String name) {
    return (Fields) require(name);
  }

  /** The number of fields present. */
  public int size() {
    return values.size();
  }

  private Object require(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new NoSuchElementException("no field '" + name + "' (present: " + values.keySet() + ")");
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fields f && f.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Collects fields in order. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a field; a later put of the same name replaces it. */
    public Builder put(String name, Object value) {
      values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Whether a field was put. */
    public boolean has(String name) {
      return values.containsKey(name);
    }

    public Fields build() {
      return values.isEmpty() ? EMPTY : new Fields(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }
  }
}
