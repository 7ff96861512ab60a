package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Solana program-derived addresses, computed as the runtime's {@code find_program_address} does:
 * for bump 255 down to 0, {@code sha256(seeds ‖ [bump] ‖ program_id ‖ "ProgramDerivedAddress")}
 * is the address once it is not a valid ed25519 point. Associated token accounts are the PDA
 * {@code [owner, token_program, mint]} of the ATA program.
 *
 * <p>The off-curve test decompresses the point like curve25519-dalek's
 * {@code CompressedEdwardsY::decompress} (the y coordinate is reduced mod p, the sign bit
 * ignored): the bytes are on the curve iff {@code (y² − 1) / (d·y² + 1)} is a square mod p.
 *
 * <p>Stateless; thread-safe.
 */
final class ProgramAddress {
  /** An address and the bump that made it fall off the curve. */
  record Found(ByteString address, int bump) {}

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger D = BigInteger.valueOf(-121_665)
      .multiply(BigInteger.valueOf(121_666).modInverse(P)).mod(P);
  private static final BigInteger LEGENDRE_EXPONENT = P.subtract(BigInteger.ONE).shiftRight(1);
  private static final byte[] PDA_MARKER = "ProgramDerivedAddress".getBytes(StandardCharsets.US_ASCII);

  private ProgramAddress() {}

  /**
   * The canonical PDA of {@code program} for {@code seeds}; each seed is a {@link String}
   * (UTF-8), a {@link ByteString} or a {@code byte[]}.
   */
  static Found find(ByteString program, Object... seeds) {
    byte[][] raw = new byte[seeds.length][];
    for (int i = 0; i < seeds.length; i++) {
      raw[i] = bytes(seeds[i]);
    }
    byte[] programBytes = program.toByteArray();
    for (int bump = 255; bump >= 0; bump--) {
      MessageDigest sha = sha256();
      for (byte[] seed : raw) {
        sha.update(seed);
      }
      sha.update((byte) bump);
      sha.update(programBytes);
      sha.update(PDA_MARKER);
      byte[] hash = sha.digest();
      if (!onCurve(hash)) {
        return new Found(ByteString.copyFrom(hash), bump);
      }
    }
    throw new IllegalStateException("no bump in 0..255 gives an off-curve address");
  }

  /** As {@link #find}, the address only. */
  static ByteString pda(ByteString program, Object... seeds) {
    return find(program, seeds).address();
  }

  /** The associated token account of {@code owner} for {@code mint} under {@code tokenProgram}. */
  static ByteString ata(ByteString owner, ByteString tokenProgram, ByteString mint) {
    return pda(PumpProgram.ATA_PROGRAM, owner, tokenProgram, mint);
  }

  /** Whether 32 bytes decompress to an ed25519 point (then they cannot be a PDA). */
  static boolean onCurve(byte[] compressed) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = compressed[31 - i];
    }
    be[0] &= 0x7F; // the x sign bit
    BigInteger y = new BigInteger(1, be).mod(P);
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P); // never 0: d is not a square
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    return x2.signum() == 0 || x2.modPow(LEGENDRE_EXPONENT, P).equals(BigInteger.ONE);
  }

  private static byte[] bytes(Object seed) {
    if (seed instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (seed instanceof ByteString b) {
      return b.toByteArray();
    }
    if (seed instanceof byte[] b) {
      return b.clone();
    }
    throw new IllegalArgumentException("seed is a " + seed.getClass().getName()
        + ", but must be a String, ByteString or byte[]");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
