package dev.geyserpool.decode.internal;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The quote mints whose decimals the derived prices need (fact sheet §0). Stateless and
 * thread-safe.
 */
public final class KnownMints {
  /** The all-zero pubkey: "no value"; as pump's {@code quote_mint} it means SOL. */
  public static final String DEFAULT_PUBKEY = "11111111111111111111111111111111";
  /** Wrapped SOL, 9 decimals. */
  public static final String WSOL = "So11111111111111111111111111111111111111112";
  /** USDC, 6 decimals (pump USDC-paired coins). */
  public static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
  /** USD1, 6 decimals (bonk USD1 pools). */
  public static final String USD1 = "USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB";

  private static final Map<String, Integer> DECIMALS = Map.of(WSOL, 9, USDC, 6, USD1, 6);

  private KnownMints() {}

  /** The decimals of a known quote mint; empty for any other mint. */
  public static OptionalInt decimals(String mint) {
    Integer d = mint == null ? null : DECIMALS.get(mint);
    return d == null ? OptionalInt.empty() : OptionalInt.of(d);
  }

  /** Whether a pump {@code quote_mint} means SOL: absent (older layouts) or the default pubkey. */
  public static boolean isSolQuote(String quoteMint) {
    return quoteMint == null || DEFAULT_PUBKEY.equals(quoteMint);
  }
}
