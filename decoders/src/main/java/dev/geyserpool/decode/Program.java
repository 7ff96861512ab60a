package dev.geyserpool.decode;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import java.util.Optional;

/**
 * The on-chain programs this module decodes. Several programs share discriminators (pump and
 * LaunchLab both have a {@code TradeEvent} with the same 8 bytes, LaunchLab and Raydium's AMMs a
 * {@code PoolState}), so every decode keys on the program id first, never on the bytes alone.
 */
public enum Program {
  /** Pump.fun bonding curves. */
  PUMP("pump", "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"),
  /** PumpSwap, the AMM graduated Pump.fun coins migrate to. */
  PUMP_AMM("pump_amm", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA"),
  /** Raydium LaunchLab (bonk.fun and other launch platforms). */
  LAUNCHLAB("raydium_launchpad", "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj");

  private final String idlName;
  private final String id;
  private final ByteString idBytes;

  Program(String idlName, String id) {
    this.idlName = idlName;
    this.id = id;
    this.idBytes = ByteString.copyFrom(Base58.decode(id));
  }

  /** The program's name in its IDL ({@code pump}, {@code pump_amm}, {@code raydium_launchpad}). */
  public String idlName() {
    return idlName;
  }

  /** The program id, base58. */
  public String id() {
    return id;
  }

  /** The program id, raw 32 bytes. */
  public ByteString idBytes() {
    return idBytes;
  }

  /** The program with this base58 id, if it is one of ours. */
  public static Optional<Program> byId(String base58) {
    for (Program p : values()) {
      if (p.id.equals(base58)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The program with this raw 32-byte id, if it is one of ours. */
  public static Optional<Program> byId(ByteString raw) {
    for (Program p : values()) {
      if (p.idBytes.equals(raw)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
