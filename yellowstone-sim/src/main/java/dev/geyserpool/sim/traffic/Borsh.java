package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A little-endian Borsh writer (Anchor's encoding): integers LE, bool one byte, pubkey 32 raw
 * bytes, string = u32 LE length + UTF-8, Vec = u32 LE count + items.
 *
 * <p>Not thread-safe; one writer per message.
 */
final class Borsh {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  Borsh raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  Borsh raw(ByteString bytes) {
    out.writeBytes(bytes.toByteArray());
    return this;
  }

  Borsh u8(int v) {
    out.write(v & 0xFF);
    return this;
  }

  Borsh bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  Borsh u16(int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
    return this;
  }

  Borsh u32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
    return this;
  }

  Borsh u64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
    return this;
  }

  Borsh u128(BigInteger v) {
    byte[] be = v.toByteArray();
    for (int i = 0; i < 16; i++) {
      int src = be.length - 1 - i;
      out.write(src >= 0 ? be[src] & 0xFF : 0);
    }
    return this;
  }

  Borsh pubkey(ByteString key) {
    if (key.size() != 32) {
      throw new IllegalArgumentException("pubkey is " + key.size() + " bytes, but must be 32");
    }
    return raw(key);
  }

  Borsh string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    return raw(b);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /**
   * What was written, zero-padded to {@code size}: account data whose real accounts are larger
   * than the fields the generator knows.
   */
  byte[] toByteArray(int size) {
    if (out.size() > size) {
      throw new IllegalStateException(out.size() + " bytes written, but the account holds only " + size);
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }

  ByteString toByteString() {
    return ByteString.copyFrom(out.toByteArray());
  }

  static byte[] hex(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
