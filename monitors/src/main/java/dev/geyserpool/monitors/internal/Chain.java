package dev.geyserpool.monitors.internal;

import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Program;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HexFormat;

/** Addresses, discriminators and small conversions the monitors share (values from the programs' IDLs). */
public final class Chain {
  /** Pump's mint authority PDA {@code ["mint-authority"]}: only create and create_v2 pass it. */
  public static final String PUMP_MINT_AUTHORITY = "TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM";
  /** {@code sha256("account:BondingCurve")[..8]}. */
  public static final byte[] BONDING_CURVE_DISCRIMINATOR = HexFormat.of().parseHex("17b7f83760d8ac60");
  /** {@code sha256("account:PoolState")[..8]}; shared with Raydium's AMMs, so filters pair it with the owner. */
  public static final byte[] POOL_STATE_DISCRIMINATOR = HexFormat.of().parseHex("f7ede3f5d7c3de46");
  /** LaunchLab's {@code PoolState::LEN}. */
  public static final int POOL_STATE_SIZE = 429;
  /** The all-zero pubkey: "no value" (pump's quote_mint default means SOL). */
  public static final String DEFAULT_PUBKEY = "11111111111111111111111111111111";
  private static final BigDecimal LAMPORTS_PER_SOL = BigDecimal.valueOf(1_000_000_000L);

  private Chain() {}

  /** Whether the event is {@code name} of {@code program}. */
  public static boolean is(DecodedEvent event, Program program, String name) {
    return event.program() == program && event.name().equals(name);
  }

  /** A pump quote mint: null for SOL (field absent in older layouts, or the default pubkey). */
  public static String quoteMint(Fields fields) {
    String quote = fields.string("quote_mint", DEFAULT_PUBKEY);
    return quote.equals(DEFAULT_PUBKEY) ? null : quote;
  }

  /** Lamports as SOL, exact. */
  public static BigDecimal sol(long lamports) {
    return BigDecimal.valueOf(lamports).divide(LAMPORTS_PER_SOL).stripTrailingZeros();
  }

  /** Raw token units (6 decimals) as whole tokens, for display. */
  public static String tokens(long raw) {
    return BigDecimal.valueOf(raw, 6).stripTrailingZeros().toPlainString();
  }

  /** A decimal for display: {@code digits} significant digits, plain. */
  public static String show(BigDecimal value, int digits) {
    if (value == null) {
      return "?";
    }
    return value.round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
  }

  /** The first 4 and last 4 characters of an address, for readable lines. */
  public static String brief(String address) {
    if (address == null) {
      return "?";
    }
    return address.length() <= 12 ? address : address.substring(0, 4) + "…" + address.substring(address.length() - 4);
  }
}
