package dev.geyserpool.proto;

import java.util.Arrays;
import java.util.Optional;

/**
 * Base58 with the Bitcoin alphabet, as Solana spells pubkeys and signatures.
 *
 * <p>Stateless and thread-safe.
 */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  /** 58^5: five base-58 digits per limb, so a limb times 256 plus a carry stays far inside a long. */
  private static final long LIMB = 58L * 58 * 58 * 58 * 58;

  /**
   * Encodes bytes; every leading zero byte becomes a leading '1'.
   *
   * <p>The number is converted in limbs of five base-58 digits (one long division per limb and
   * input byte instead of one per digit and byte): this is on every update's hot path (pubkeys and
   * signatures), where it runs about five times faster than digit-by-digit conversion.
   */
  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // Each byte adds log(256)/log(58^5) ≈ 0.273 limbs.
    long[] limbs = new long[(input.length - zeros) * 28 / 100 + 2];
    int used = 0;
    for (int i = zeros; i < input.length; i++) {
      long carry = input[i] & 0xFF;
      for (int j = 0; j < used; j++) {
        carry += limbs[j] << 8;
        limbs[j] = carry % LIMB;
        carry /= LIMB;
      }
      while (carry > 0) {
        limbs[used++] = carry % LIMB;
        carry /= LIMB;
      }
    }
    char[] digits = new char[zeros + used * 5];
    Arrays.fill(digits, 0, zeros, ALPHABET[0]);
    int out = zeros;
    if (used > 0) {
      // The most significant limb without its leading zero digits, then five digits per limb.
      long top = limbs[used - 1];
      char[] head = new char[5];
      int h = 5;
      while (top > 0) {
        head[--h] = ALPHABET[(int) (top % 58)];
        top /= 58;
      }
      for (int k = h; k < 5; k++) {
        digits[out++] = head[k];
      }
      for (int j = used - 2; j >= 0; j--) {
        long limb = limbs[j];
        for (int k = 4; k >= 0; k--) {
          digits[out + k] = ALPHABET[(int) (limb % 58)];
          limb /= 58;
        }
        out += 5;
      }
    }
    return new String(digits, 0, out);
  }

  /**
   * Decodes a base58 string.
   *
   * @throws IllegalArgumentException naming the first character outside the alphabet
   */
  public static byte[] decode(String input) {
    return tryDecode(input)
        .orElseThrow(() -> new IllegalArgumentException(invalidReason(input)));
  }

  /** Decodes a base58 string, or empty when it holds a character outside the alphabet. */
  public static Optional<byte[]> tryDecode(String input) {
    if (input.isEmpty()) {
      return Optional.of(new byte[0]);
    }
    byte[] input58 = new byte[input.length()];
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        return Optional.empty();
      }
      input58[i] = (byte) digit;
    }
    int zeros = 0;
    while (zeros < input58.length && input58[zeros] == 0) {
      zeros++;
    }
    byte[] decoded = new byte[input.length()];
    int out = decoded.length;
    int start = zeros;
    while (start < input58.length) {
      decoded[--out] = divmod(input58, start, 58, 256);
      if (input58[start] == 0) {
        start++;
      }
    }
    while (out < decoded.length && decoded[out] == 0) {
      out++;
    }
    return Optional.of(Arrays.copyOfRange(decoded, out - zeros, decoded.length));
  }

  /**
   * Whether {@code input} is a base58 Solana pubkey: it decodes, to exactly 32 bytes.
   */
  public static boolean isPubkey(String input) {
    return input != null && tryDecode(input).map(b -> b.length == 32).orElse(false);
  }

  /** Why {@code input} is not a valid pubkey, or empty when it is one. */
  public static Optional<String> pubkeyProblem(String input) {
    if (input == null || input.isEmpty()) {
      return Optional.of("is empty; expected a base58 pubkey of 32 bytes");
    }
    Optional<byte[]> bytes = tryDecode(input);
    if (bytes.isEmpty()) {
      return Optional.of(invalidReason(input));
    }
    if (bytes.get().length != 32) {
      return Optional.of(
          "decodes to " + bytes.get().length + " bytes; a pubkey is 32 bytes of base58");
    }
    return Optional.empty();
  }

  private static String invalidReason(String input) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= 128 || INDEXES[c] < 0) {
        return "has '" + c + "' at position " + i
            + ", which is not base58 (0, O, I and l are never used)";
      }
    }
    return "is not base58";
  }

  /** Divides the number held in {@code number[start..]} (base {@code base}) in place; returns the remainder. */
  private static byte divmod(byte[] number, int start, int base, int divisor) {
    int remainder = 0;
    for (int i = start; i < number.length; i++) {
      int digit = number[i] & 0xFF;
      int temp = remainder * base + digit;
      number[i] = (byte) (temp / divisor);
      remainder = temp % divisor;
    }
    return (byte) remainder;
  }
}
