package dev.geyserpool.decode.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Anchor discriminators: the first 8 bytes of {@code sha256("global:" + snake_name)} for
 * instructions, {@code sha256("account:" + CamelName)} for accounts and
 * {@code sha256("event:" + CamelName)} for events (fact sheet §1). They are handled as the
 * big-endian {@code long} of those 8 bytes so lookups need no array keys.
 *
 * <p>Stateless and thread-safe.
 */
public final class Discriminator {
  /**
   * The tag that starts every {@code emit_cpi!} self-CPI instruction:
   * {@code 0x1d9acb512ea545e4u64.to_le_bytes()} = {@code e445a52e51cb9a1d} (anchor-lang
   * {@code lang/src/event.rs}; fact sheet §1).
   */
  public static final long EVENT_IX_TAG = 0xe445a52e51cb9a1dL;

  private Discriminator() {}

  /** The discriminator of an instruction named in snake case. */
  public static long instruction(String snakeName) {
    return hashed("global:" + snakeName);
  }

  /** The discriminator of an account type named in camel case. */
  public static long account(String camelName) {
    return hashed("account:" + camelName);
  }

  /** The discriminator of an event named in camel case. */
  public static long event(String camelName) {
    return hashed("event:" + camelName);
  }

  /** The 8 bytes at {@code offset} as a big-endian long; the caller checks the length. */
  public static long read(byte[] data, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[offset + i] & 0xFFL);
    }
    return v;
  }

  /** Lower-case hex of a discriminator. */
  public static String hex(long discriminator) {
    return String.format("%016x", discriminator);
  }

  private static long hashed(String preimage) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(preimage.getBytes(StandardCharsets.UTF_8));
      return read(digest, 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
