package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A test-side Borsh reader for Pump.fun and PumpSwap layouts, written independently of the
 * generator's writer (it reads field by field from the IDL order; the writer's records are only
 * value carriers). {@link LaunchLabDecoder} builds on its primitives.
 */
final class PumpDecoder {
  /** The all-zero pubkey: the quote mint of SOL-quoted curves, and what 2025 Pool accounts lack. */
  private static final ByteString DEFAULT_PUBKEY = ByteString.copyFrom(new byte[32]);

  private final ByteBuffer buf;

  PumpDecoder(byte[] data) {
    this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  PumpDecoder(ByteString data) {
    this(data.toByteArray());
  }

  String hex(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", buf.get()));
    }
    return s.toString();
  }

  int u8() {
    return buf.get() & 0xFF;
  }

  int u16() {
    return buf.getShort() & 0xFFFF;
  }

  int position() {
    return buf.position();
  }

  /** Skips {@code n} bytes. */
  void skip(int n) {
    buf.position(buf.position() + n);
  }

  long u64() {
    return buf.getLong();
  }

  long u32() {
    return buf.getInt() & 0xFFFFFFFFL;
  }

  boolean bool() {
    byte b = buf.get();
    if (b != 0 && b != 1) {
      throw new IllegalStateException("bool byte " + b);
    }
    return b == 1;
  }

  ByteString pubkey() {
    byte[] k = new byte[32];
    buf.get(k);
    return ByteString.copyFrom(k);
  }

  String string() {
    byte[] b = new byte[(int) u32()];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  int remaining() {
    return buf.remaining();
  }

  /** Decodes a CreateEvent after its 8-byte discriminator. */
  PumpProgram.CreateEvent createEvent() {
    String name = string();
    String symbol = string();
    String uri = string();
    ByteString mint = pubkey();
    ByteString curve = pubkey();
    ByteString user = pubkey();
    ByteString creator = pubkey();
    long ts = u64();
    long vtr = u64();
    long vsr = u64();
    long rtr = u64();
    long supply = u64();
    ByteString tokenProgram = pubkey();
    boolean mayhem = bool();
    boolean cashback = bool();
    pubkey(); // quote_mint
    u64(); // virtual_quote_reserves
    return new PumpProgram.CreateEvent(name, symbol, uri, mint, curve, user, creator, ts, vtr, vsr,
        rtr, supply, tokenProgram, mayhem, cashback);
  }

  /** Decodes a TradeEvent after its 8-byte discriminator (fields the generator varies). */
  PumpProgram.TradeEvent tradeEvent() {
    ByteString mint = pubkey();
    long sol = u64();
    long tokens = u64();
    boolean isBuy = bool();
    ByteString user = pubkey();
    long ts = u64();
    long vsr = u64();
    long vtr = u64();
    long rsr = u64();
    long rtr = u64();
    ByteString feeRecipient = pubkey();
    long feeBps = u64();
    long fee = u64();
    ByteString creator = pubkey();
    long creatorFeeBps = u64();
    long creatorFee = u64();
    bool();
    u64();
    u64();
    u64();
    u64();
    String ixName = string();
    bool();
    u64();
    u64();
    long buybackBps = u64();
    long buybackFee = u64();
    long shareholders = u32();
    skip((int) shareholders * 34); // Shareholder: address pubkey, share_bps u16
    pubkey();
    u64();
    u64();
    u64();
    return new PumpProgram.TradeEvent(mint, sol, tokens, isBuy, user, ts, vsr, vtr, rsr, rtr,
        feeRecipient, feeBps, fee, creator, creatorFeeBps, creatorFee, ixName, buybackBps, buybackFee);
  }

  /** Decodes a BondingCurve account after its discriminator. */
  PumpProgram.BondingCurve bondingCurve() {
    long vtr = u64();
    long vsr = u64();
    long rtr = u64();
    long rsr = u64();
    long supply = u64();
    boolean complete = bool();
    ByteString creator = pubkey();
    boolean mayhem = bool();
    boolean cashback = bool();
    return new PumpProgram.BondingCurve(vtr, vsr, rtr, rsr, supply, complete, creator, mayhem, cashback);
  }

  /** Decodes a CompleteEvent after its discriminator; checks the quote mint is default (SOL). */
  PumpProgram.CompleteEvent completeEvent() {
    ByteString user = pubkey();
    ByteString mint = pubkey();
    ByteString curve = pubkey();
    long ts = u64();
    if (!pubkey().equals(DEFAULT_PUBKEY)) {
      throw new IllegalStateException("CompleteEvent quote_mint is not the default pubkey");
    }
    return new PumpProgram.CompleteEvent(user, mint, curve, ts);
  }

  /** Decodes a CompletePumpAmmMigrationEvent after its discriminator (quote mint skipped). */
  PumpProgram.MigrationEvent migrationEvent() {
    ByteString user = pubkey();
    ByteString mint = pubkey();
    long mintAmount = u64();
    long solAmount = u64();
    long fee = u64();
    ByteString curve = pubkey();
    long ts = u64();
    ByteString pool = pubkey();
    pubkey();
    return new PumpProgram.MigrationEvent(user, mint, mintAmount, solAmount, fee, curve, ts, pool);
  }

  /** Decodes a PumpSwap Pool account after its discriminator (211-byte 2025 accounts too). */
  PumpSwapProgram.Pool pool() {
    int bump = u8();
    int index = u16();
    ByteString creator = pubkey();
    ByteString base = pubkey();
    ByteString quote = pubkey();
    ByteString lp = pubkey();
    ByteString baseVault = pubkey();
    ByteString quoteVault = pubkey();
    long lpSupply = u64();
    if (remaining() == 0) {
      return new PumpSwapProgram.Pool(bump, index, creator, base, quote, lp, baseVault, quoteVault, lpSupply,
          DEFAULT_PUBKEY, false, false);
    }
    return new PumpSwapProgram.Pool(bump, index, creator, base, quote, lp, baseVault, quoteVault, lpSupply,
        pubkey(), bool(), bool());
  }

  /** Decodes a PumpSwap CreatePoolEvent after its discriminator. */
  PumpSwapProgram.CreatePoolEvent createPoolEvent() {
    return new PumpSwapProgram.CreatePoolEvent(u64(), u16(), pubkey(), pubkey(), pubkey(), u8(), u8(), u64(),
        u64(), u64(), u64(), u64(), u64(), u64(), u8(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), bool());
  }

  /** Decodes a PumpSwap BuyEvent after its discriminator (current IDL fields). */
  PumpSwapProgram.BuyEvent buyEvent() {
    return new PumpSwapProgram.BuyEvent(u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(),
        u64(), u64(), u64(), u64(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), u64(),
        u64(), bool(), u64(), u64(), u64(), u64(), u64(), string(), u64(), u64(), u64(), u64());
  }

  /** Decodes a PumpSwap SellEvent after its discriminator (current IDL fields). */
  PumpSwapProgram.SellEvent sellEvent() {
    return new PumpSwapProgram.SellEvent(u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(), u64(),
        u64(), u64(), u64(), u64(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), pubkey(), u64(),
        u64(), u64(), u64(), u64(), u64());
  }
}
