package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Instruction data and account layouts of the native programs a Pump.fun transaction touches
 * (System, SPL Token-2022, Associated Token Account, Compute Budget), plus a log writer in the
 * runtime's format. Layouts follow the fixture transaction byte for byte.
 *
 * <p>Stateless helpers, except {@link Logs} which is a single-use, non-thread-safe builder.
 */
final class SolanaData {
  private SolanaData() {}

  /** Rent-exempt minimum for {@code bytes} of data: (128 + bytes) × 6960 lamports. */
  static long rentExempt(int bytes) {
    return (128L + bytes) * 6_960L;
  }

  /** A Token-2022 account with the ImmutableOwner extension: 165 + 1 + 4 = 170 bytes. */
  static final int TOKEN_ACCOUNT_SIZE = 170;
  /** A legacy SPL Token account: 165 bytes. */
  static final int SPL_TOKEN_ACCOUNT_SIZE = 165;
  /** An SPL Token mint: 82 bytes. */
  static final int SPL_MINT_SIZE = 82;

  static byte[] systemCreateAccount(long lamports, long space, ByteString owner) {
    return new Borsh().u32(0).u64(lamports).u64(space).pubkey(owner).toByteArray();
  }

  static byte[] systemTransfer(long lamports) {
    return new Borsh().u32(2).u64(lamports).toByteArray();
  }

  static byte[] computeUnitLimit(int units) {
    return new Borsh().u8(2).u32(units).toByteArray();
  }

  static byte[] computeUnitPrice(long microLamports) {
    return new Borsh().u8(3).u64(microLamports).toByteArray();
  }

  static byte[] metadataPointerInitialize(ByteString metadataAddress) {
    return new Borsh().u8(39).u8(0).raw(new byte[32]).pubkey(metadataAddress).toByteArray();
  }

  static byte[] initializeMint2(int decimals, ByteString mintAuthority) {
    return new Borsh().u8(20).u8(decimals).pubkey(mintAuthority).u8(0).toByteArray();
  }

  /** GetAccountDataSize for an account with the ImmutableOwner extension (type 7). */
  static byte[] getAccountDataSize() {
    return new Borsh().u8(21).u8(7).u8(0).toByteArray();
  }

  static byte[] initializeImmutableOwner() {
    return new byte[] {22};
  }

  static byte[] initializeAccount3(ByteString owner) {
    return new Borsh().u8(18).pubkey(owner).toByteArray();
  }

  static byte[] tokenMetadataInitialize(String name, String symbol, String uri) {
    return new Borsh().raw(Borsh.hex("d2e11ea258b84d8d")).string(name).string(symbol).string(uri)
        .toByteArray();
  }

  static byte[] tokenMetadataUpdateAuthorityToNone() {
    return new Borsh().raw(Borsh.hex("d7e4a6e45464567b")).raw(new byte[32]).toByteArray();
  }

  static byte[] mintTo(long amount) {
    return new Borsh().u8(7).u64(amount).toByteArray();
  }

  /** SetAuthority(MintTokens, None): revokes the mint authority. */
  static byte[] revokeMintAuthority() {
    return new byte[] {6, 0, 0};
  }

  static byte[] transferChecked(long amount, int decimals) {
    return new Borsh().u8(12).u64(amount).u8(decimals).toByteArray();
  }

  static byte[] syncNative() {
    return new byte[] {17};
  }

  static byte[] closeAccount() {
    return new byte[] {9};
  }

  /** Metaplex CreateMetadataAccountV3: DataV2 without creators/collection/uses, mutable. */
  static byte[] createMetadataAccountV3(String name, String symbol, String uri) {
    return new Borsh().u8(33).string(name).string(symbol).string(uri).u16(0)
        .u8(0).u8(0).u8(0) // creators, collection, uses: None
        .bool(true) // is_mutable
        .u8(0) // collection_details: None
        .toByteArray();
  }

  /**
   * A legacy SPL Token account (165 bytes). {@code nativeReserve} ≥ 0 marks a wrapped-SOL
   * account ({@code is_native = Some(rent-exempt reserve)}); −1 a normal one.
   */
  static byte[] splTokenAccount(ByteString mint, ByteString owner, long amount, long nativeReserve) {
    Borsh b = new Borsh().pubkey(mint).pubkey(owner).u64(amount)
        .u32(0).raw(new byte[32]) // delegate: None
        .u8(1); // state: Initialized
    if (nativeReserve >= 0) {
      b.u32(1).u64(nativeReserve);
    } else {
      b.u32(0).u64(0);
    }
    return b.u64(0) // delegated_amount
        .u32(0).raw(new byte[32]) // close_authority: None
        .toByteArray();
  }

  /** An SPL Token mint (82 bytes): no mint authority left, supply, decimals, initialized. */
  static byte[] splMint(long supply, int decimals) {
    return new Borsh().u32(0).raw(new byte[32]).u64(supply).u8(decimals).bool(true)
        .u32(0).raw(new byte[32])
        .toByteArray();
  }

  /** Token-2022 account data: base layout (165) + account type (2) + ImmutableOwner TLV. */
  static byte[] tokenAccount(ByteString mint, ByteString owner, long amount) {
    return new Borsh().pubkey(mint).pubkey(owner).u64(amount)
        .u32(0).raw(new byte[32]) // delegate: None
        .u8(1) // state: Initialized
        .u32(0).u64(0) // is_native: None
        .u64(0) // delegated_amount
        .u32(0).raw(new byte[32]) // close_authority: None
        .u8(2) // account type: Account
        .u8(7).u8(0).u8(0).u8(0) // TLV: ImmutableOwner, length 0
        .toByteArray();
  }

  /** A deterministic 32-byte address from a label and parts (stands in for PDA/ATA derivation). */
  static ByteString derive(String label, ByteString... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (ByteString p : parts) {
        sha.update(p.toByteArray());
      }
      return ByteString.copyFrom(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  static String b58(ByteString key) {
    return Base58.encode(key.toByteArray());
  }

  /** Program log lines in the runtime's format, with invoke depth tracking. */
  static final class Logs {
    private final List<String> lines = new ArrayList<>();

    Logs invoke(ByteString program, int depth) {
      lines.add("Program " + b58(program) + " invoke [" + depth + "]");
      return this;
    }

    Logs log(String message) {
      lines.add("Program log: " + message);
      return this;
    }

    Logs data(byte[] payload) {
      lines.add("Program data: " + Base64.getEncoder().encodeToString(payload));
      return this;
    }

    Logs returned(ByteString program, byte[] data) {
      lines.add("Program return: " + b58(program) + " " + Base64.getEncoder().encodeToString(data));
      return this;
    }

    Logs consumed(ByteString program, long units, long of) {
      lines.add("Program " + b58(program) + " consumed " + units + " of " + of + " compute units");
      return this;
    }

    Logs success(ByteString program) {
      lines.add("Program " + b58(program) + " success");
      return this;
    }

    Logs failed(ByteString program, String error) {
      lines.add("Program " + b58(program) + " failed: " + error);
      return this;
    }

    /** invoke + success with nothing in between (System transfers, Compute Budget). */
    Logs simple(ByteString program, int depth) {
      return invoke(program, depth).success(program);
    }

    List<String> lines() {
      return lines;
    }
  }
}
