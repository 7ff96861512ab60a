package dev.geyserpool.decode.internal;

/** Lower-case hex, as the fact sheet writes discriminators. Stateless and thread-safe. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Hex of {@code length} bytes from {@code offset}. */
  public static String encode(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[offset + i] & 0xFF;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0x0F];
    }
    return new String(out);
  }

  /** Hex of all bytes. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  /**
   * Decodes an even-length hex string.
   *
   * @throws IllegalArgumentException naming the bad character or the odd length
   */
  public static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex '" + hex + "' has odd length " + hex.length());
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (digit(hex, 2 * i) << 4 | digit(hex, 2 * i + 1));
    }
    return out;
  }

  private static int digit(String hex, int index) {
    int d = Character.digit(hex.charAt(index), 16);
    if (d < 0) {
      throw new IllegalArgumentException(
          "hex '" + hex + "' has '" + hex.charAt(index) + "' at position " + index);
    }
    return d;
  }
}
