package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.DecodedInstruction;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.LaunchLabCurve;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.PumpCurve;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalInt;

/**
 * Human values computed from decoded fields: SOL and UI amounts, prices, market caps, progress,
 * status names. Every input is checked first (present, within {@code long}, a non-zero
 * denominator), so odd chain data yields fewer derived values, never an exception.
 *
 * <p>Prices are post-trade for pump (its TradeEvent reserves are post-trade) and LaunchLab,
 * pre-trade for PumpSwap (its Buy/SellEvent pool reserves are pre-trade; fact sheet §7.5).
 * Stateless and thread-safe.
 */
public final class Derived {
  private static final String[] TRADE_DIRECTIONS = {"Buy", "Sell"};

  private Derived() {}

  /** Derived values of an event; {@code parent} supplies mints the event itself lacks. */
  public static Fields event(Program program, String name, Fields f, DecodedInstruction parent) {
    Fields.Builder d = Fields.builder();
    switch (program) {
      case PUMP:
        if (name.equals("TradeEvent")) {
          pumpTrade(f, d);
        } else if (name.equals("CompletePumpAmmMigrationEvent")
            && KnownMints.isSolQuote(f.string("quote_mint", null))) {
          sol(f, "sol_amount", d);
        }
        break;
      case PUMP_AMM:
        if (name.equals("BuyEvent") || name.equals("SellEvent")) {
          pumpAmmTrade(f, parent, d);
        }
        break;
      case LAUNCHLAB:
        if (name.equals("TradeEvent")) {
          launchLabTrade(f, parent, d);
        }
        break;
      default:
        break;
    }
    return d.build();
  }

  /** Derived values of an account. */
  public static Fields account(Program program, String type, Fields f) {
    Fields.Builder d = Fields.builder();
    if (program == Program.PUMP && type.equals("BondingCurve")) {
      bondingCurve(f, d);
    } else if (program == Program.LAUNCHLAB && type.equals("PoolState")) {
      poolState(f, d);
    }
    return d.build();
  }

  private static void pumpTrade(Fields f, Fields.Builder d) {
    String quoteMint = f.string("quote_mint", null);
    long vtr = amount(f, "virtual_token_reserves");
    if (KnownMints.isSolQuote(quoteMint)) {
      sol(f, "sol_amount", d);
      ui(f, "token_amount", PumpCurve.TOKEN_DECIMALS, d);
      sol(f, "fee", d);
      long vsr = amount(f, "virtual_sol_reserves");
      if (vsr >= 0 && vtr > 0) {
        BigDecimal price = PumpCurve.priceSol(vsr, vtr);
        d.put("price_sol", price);
        d.put("market_cap_sol", PumpCurve.marketCap(price, PumpCurve.TOKEN_TOTAL_SUPPLY));
      }
    } else {
      ui(f, "token_amount", PumpCurve.TOKEN_DECIMALS, d);
      OptionalInt decimals = KnownMints.decimals(quoteMint);
      long vqr = amount(f, "virtual_quote_reserves");
      if (decimals.isPresent()) {
        ui(f, "quote_amount", decimals.getAsInt(), d);
        if (vqr >= 0 && vtr > 0) {
          BigDecimal price = PumpCurve.price(vqr, vtr, decimals.getAsInt());
          d.put("price_quote", price);
          d.put("market_cap_quote", PumpCurve.marketCap(price, PumpCurve.TOKEN_TOTAL_SUPPLY));
        }
      }
    }
    long rtr = amount(f, "real_token_reserves");
    if (rtr >= 0) {
      d.put("progress_pct", PumpCurve.progressPercent(rtr));
    }
  }

  private static void bondingCurve(Fields f, Fields.Builder d) {
    long vtr = amount(f, "virtual_token_reserves");
    long vqr = amount(f, "virtual_quote_reserves");
    long supply = amount(f, "token_total_supply");
    String quoteMint = f.string("quote_mint", null);
    if (vtr > 0 && vqr >= 0) {
      boolean sol = KnownMints.isSolQuote(quoteMint);
      OptionalInt decimals = sol ? OptionalInt.of(PumpCurve.SOL_DECIMALS) : KnownMints.decimals(quoteMint);
      if (decimals.isPresent()) {
        BigDecimal price = PumpCurve.price(vqr, vtr, decimals.getAsInt());
        d.put(sol ? "price_sol" : "price_quote", price);
        if (supply >= 0) {
          d.put(sol ? "market_cap_sol" : "market_cap_quote", PumpCurve.marketCap(price, supply));
        }
      }
    }
    long rtr = amount(f, "real_token_reserves");
    if (rtr >= 0) {
      d.put("progress_pct", PumpCurve.progressPercent(rtr));
    }
    if (vtr >= 0) {
      // pump's own client treats an emptied curve as migrated (docs/bondingCurve.ts).
      d.put("migrated", vtr == 0);
    }
  }

  /**
   * PumpSwap price from the pre-trade pool reserves; the event names no mints, so the quote mint
   * comes from the parent instruction and must be a known one; base decimals are assumed 6 (pump
   * coins).
   */
  private static void pumpAmmTrade(Fields f, DecodedInstruction parent, Fields.Builder d) {
    OptionalInt quoteDecimals = parent == null ? OptionalInt.empty()
        : KnownMints.decimals(parent.account("quote_mint"));
    long base = amount(f, "pool_base_token_reserves");
    long quote = amount(f, "pool_quote_token_reserves");
    if (quoteDecimals.isPresent() && base > 0 && quote >= 0) {
      d.put("price_quote", LaunchLabCurve.price(base, quote, 0, 0, PumpCurve.TOKEN_DECIMALS,
          quoteDecimals.getAsInt()));
    }
  }

  /**
   * LaunchLab price from the post-trade state with the constant-product formula. The event holds
   * no decimals: base is assumed 6 and quote 9 (bonk.fun defaults), unless the parent
   * instruction's {@code quote_token_mint} is a known mint with other decimals (USD1: 6).
   */
  private static void launchLabTrade(Fields f, DecodedInstruction parent, Fields.Builder d) {
    name(f, "pool_status", d, "pool_status_name");
    long direction = amount(f, "trade_direction");
    if (direction >= 0 && direction < TRADE_DIRECTIONS.length) {
      d.put("trade_direction_name", TRADE_DIRECTIONS[(int) direction]);
    }
    int quoteDecimals = parent == null ? LaunchLabCurve.BONK_QUOTE_DECIMALS
        : KnownMints.decimals(parent.account("quote_token_mint")).orElse(LaunchLabCurve.BONK_QUOTE_DECIMALS);
    price(f, "real_base_after", "real_quote_after", LaunchLabCurve.BONK_BASE_DECIMALS, quoteDecimals, d);
  }

  private static void poolState(Fields f, Fields.Builder d) {
    name(f, "status", d, "status_name");
    long baseDecimals = amount(f, "base_decimals");
    long quoteDecimals = amount(f, "quote_decimals");
    if (baseDecimals >= 0 && quoteDecimals >= 0) {
      price(f, "real_base", "real_quote", (int) baseDecimals, (int) quoteDecimals, d);
    }
    long realBase = amount(f, "real_base");
    long totalBaseSell = amount(f, "total_base_sell");
    if (realBase >= 0 && totalBaseSell > 0) {
      d.put("progress_pct", LaunchLabCurve.progressPercent(realBase, totalBaseSell));
    }
  }

  private static void price(Fields f, String realBaseName, String realQuoteName, int baseDecimals,
      int quoteDecimals, Fields.Builder d) {
    long vb = amount(f, "virtual_base");
    long vq = amount(f, "virtual_quote");
    long rb = amount(f, realBaseName);
    long rq = amount(f, realQuoteName);
    if (vb >= 0 && vq >= 0 && rb >= 0 && rq >= 0 && vb > rb) {
      d.put("price_quote", LaunchLabCurve.price(vb, vq, rb, rq, baseDecimals, quoteDecimals));
    }
  }

  private static void name(Fields f, String field, Fields.Builder d, String as) {
    long status = amount(f, field);
    if (status >= 0) {
      LaunchLabCurve.statusName(status).ifPresent(n -> d.put(as, n));
    }
  }

  private static void sol(Fields f, String field, Fields.Builder d) {
    ui(f, field, PumpCurve.SOL_DECIMALS, d, field + "_sol");
  }

  private static void ui(Fields f, String field, int decimals, Fields.Builder d) {
    ui(f, field, decimals, d, field + "_ui");
  }

  private static void ui(Fields f, String field, int decimals, Fields.Builder d, String as) {
    Object v = f.get(field);
    if (v instanceof Long l) {
      d.put(as, Amounts.ui(l, decimals));
    } else if (v instanceof BigInteger b) {
      d.put(as, Amounts.ui(b, decimals));
    }
  }

  /** A non-negative integer field that fits a long, or -1 when absent or out of range. */
  private static long amount(Fields f, String name) {
    Object v = f.get(name);
    return v instanceof Long l && l >= 0 ? l : -1;
  }
}
