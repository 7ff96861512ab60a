package dev.geyserpool.monitors.pump;

import dev.geyserpool.decode.Fields;

/** Reads BondingCurve fields under either of their IDL names (renamed from sol to quote in 2026-05). */
final class CurveFields {
  private CurveFields() {}

  static long virtualQuote(Fields f) {
    return f.has("virtual_quote_reserves") ? f.u64("virtual_quote_reserves") : f.u64("virtual_sol_reserves");
  }

  static long realQuote(Fields f) {
    return f.has("real_quote_reserves") ? f.u64("real_quote_reserves") : f.u64("real_sol_reserves");
  }
}
