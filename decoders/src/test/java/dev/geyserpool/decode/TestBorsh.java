package dev.geyserpool.decode;

import dev.geyserpool.decode.internal.Discriminator;
import dev.geyserpool.proto.Base58;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Borsh for synthetic test data (layouts the fixtures do not cover). Not thread-safe. */
final class TestBorsh {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static TestBorsh instruction(String snakeName) {
    return new TestBorsh().u64BigEndian(Discriminator.instruction(snakeName));
  }

  static TestBorsh event(String camelName) {
    return new TestBorsh().u64BigEndian(Discriminator.event(camelName));
  }

  static TestBorsh account(String camelName) {
    return new TestBorsh().u64BigEndian(Discriminator.account(camelName));
  }

  TestBorsh u8(int v) {
    out.write(v);
    return this;
  }

  TestBorsh u16(int v) {
    return le(v, 2);
  }

  TestBorsh u32(long v) {
    return le(v, 4);
  }

  TestBorsh u64(long v) {
    return le(v, 8);
  }

  TestBorsh bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  TestBorsh pubkey(String base58) {
    out.writeBytes(Base58.decode(base58));
    return this;
  }

  TestBorsh string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    out.writeBytes(b);
    return this;
  }

  TestBorsh raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  TestBorsh zeros(int n) {
    out.writeBytes(new byte[n]);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private TestBorsh u64BigEndian(long v) {
    for (int i = 7; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
    return this;
  }

  private TestBorsh le(long v, int n) {
    for (int i = 0; i < n; i++) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
    return this;
  }
}
