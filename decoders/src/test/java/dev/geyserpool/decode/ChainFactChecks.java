package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.sim.traffic.ChainFact;
import dev.geyserpool.sim.traffic.ChainFact.CurveAccountWritten;
import dev.geyserpool.sim.traffic.ChainFact.CurveCompleted;
import dev.geyserpool.sim.traffic.ChainFact.CurveMigrated;
import dev.geyserpool.sim.traffic.ChainFact.CurveTraded;
import dev.geyserpool.sim.traffic.ChainFact.LaunchLabPoolCreated;
import dev.geyserpool.sim.traffic.ChainFact.LaunchLabStatusChanged;
import dev.geyserpool.sim.traffic.ChainFact.LaunchLabTraded;
import dev.geyserpool.sim.traffic.ChainFact.PoolStateWritten;
import dev.geyserpool.sim.traffic.ChainFact.PumpSwapPoolWritten;
import dev.geyserpool.sim.traffic.ChainFact.PumpSwapTraded;
import dev.geyserpool.sim.traffic.ChainFact.TokenLaunched;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what {@link SolanaDecoder} reads from a generated transaction with the simulator's
 * {@link ChainFact}s for it, field by field and exactly ({@link AccountWriteChecks} does the
 * same for the accounts it wrote). The facts are the generator's ground truth, written from its
 * own state and never from bytes, so a layout the simulator writes and the decoder reads the
 * same wrong way still fails here.
 *
 * <p>Each fact names the instructions and events it implies ({@link #impliedInstructions},
 * {@link #impliedEvents}); a transaction must decode to exactly those, so nothing decoded goes
 * unexplained. Stateless.
 */
final class ChainFactChecks {
  private static final List<String> STATUS_NAMES = List.of("Fund", "Migrate", "Trade");

  private ChainFactChecks() {}

  /** A generated transaction with its decoded form, the decoded program accounts it wrote and its clock. */
  record Decoded(GeneratedTransaction generated, DecodedTransaction tx, List<DecodedAccount> accounts,
      long unixSeconds) {}

  /** Decodes {@code g} and every account write it made, as landed in {@code slot}. */
  static Decoded decode(GeneratedTransaction g, long slot, long unixSeconds) {
    DecodedTransaction tx = SolanaDecoder.transaction(g.transaction(), slot);
    List<DecodedAccount> accounts = new ArrayList<>();
    for (SubscribeUpdateAccountInfo write : g.accountWrites()) {
      SolanaDecoder.account(write, slot).ifPresent(accounts::add);
    }
    return new Decoded(g, tx, accounts, unixSeconds);
  }

  /**
   * A successful transaction decodes without problems to exactly the instructions and events its
   * facts imply, every event read from its self-CPI and attributed to the instruction one stack
   * level up, and every fact matches.
   */
  static void decodesToItsFacts(Decoded d) {
    DecodedTransaction tx = d.tx();
    assertThat(tx.signature()).isEqualTo(Base58.encode(d.generated().transaction().getSignature().toByteArray()));
    assertThat(tx.failed()).isFalse();
    assertThat(tx.problems()).isEmpty();
    assertThat(tx.instructions()).extracting(ChainFactChecks::label)
        .containsExactlyElementsOf(impliedInstructions(d.generated().facts()));
    assertThat(tx.events()).extracting(ChainFactChecks::label)
        .containsExactlyElementsOf(impliedEvents(d.generated().facts()));
    for (DecodedEvent e : tx.events()) {
      emittedByTheInstructionOneLevelUp(e, tx);
    }
    for (ChainFact fact : d.generated().facts()) {
      matches(fact, d);
    }
  }

  /** {@code program name}, e.g. {@code pump_amm create_pool}. */
  static String label(DecodedInstruction ix) {
    return ix.program().idlName() + " " + ix.name();
  }

  static String label(DecodedEvent e) {
    return e.program().idlName() + " " + e.name();
  }

  /** The instructions of ours the facts imply, in execution order. */
  static List<String> impliedInstructions(List<ChainFact> facts) {
    List<String> out = new ArrayList<>();
    for (ChainFact fact : facts) {
      if (fact instanceof TokenLaunched) {
        out.add("pump create_v2");
      } else if (fact instanceof CurveTraded f) {
        out.add(f.buy() ? "pump buy" : "pump sell");
      } else if (fact instanceof CurveMigrated) {
        out.addAll(List.of("pump migrate", "pump_amm create_pool"));
      } else if (fact instanceof PumpSwapTraded f) {
        out.add(f.buy() ? "pump_amm buy" : "pump_amm sell");
      } else if (fact instanceof LaunchLabPoolCreated) {
        out.add("raydium_launchpad initialize_v2");
      } else if (fact instanceof LaunchLabTraded f) {
        out.add(f.buy() ? "raydium_launchpad buy_exact_in" : "raydium_launchpad sell_exact_in");
      } else if (fact instanceof LaunchLabStatusChanged f && f.toStatus() == LaunchLabCurve.TRADE) {
        out.add("raydium_launchpad migrate_to_cpswap");
      }
    }
    return out;
  }

  /** The events of ours the facts imply, in emission order (CreatePoolEvent is emitted inside migrate). */
  static List<String> impliedEvents(List<ChainFact> facts) {
    List<String> out = new ArrayList<>();
    for (ChainFact fact : facts) {
      if (fact instanceof TokenLaunched) {
        out.add("pump CreateEvent");
      } else if (fact instanceof CurveTraded) {
        out.add("pump TradeEvent");
      } else if (fact instanceof CurveCompleted) {
        out.add("pump CompleteEvent");
      } else if (fact instanceof CurveMigrated) {
        out.addAll(List.of("pump_amm CreatePoolEvent", "pump CompletePumpAmmMigrationEvent"));
      } else if (fact instanceof PumpSwapTraded f) {
        out.add(f.buy() ? "pump_amm BuyEvent" : "pump_amm SellEvent");
      } else if (fact instanceof LaunchLabPoolCreated) {
        out.add("raydium_launchpad PoolCreateEvent");
      } else if (fact instanceof LaunchLabTraded) {
        out.add("raydium_launchpad TradeEvent");
      }
    }
    return out;
  }

  /** Whether {@code fact} is one of the {@code …Written} facts of an account write. */
  static boolean isWrite(ChainFact fact) {
    return fact instanceof CurveAccountWritten || fact instanceof PoolStateWritten
        || fact instanceof PumpSwapPoolWritten;
  }

  /** emit_cpi: the self-CPI sits one stack level below the instruction of the same program that made it. */
  private static void emittedByTheInstructionOneLevelUp(DecodedEvent e, DecodedTransaction tx) {
    assertThat(e.source()).as("%s source", label(e)).isEqualTo(EventSource.INNER_INSTRUCTION);
    DecodedInstruction parent = e.parent();
    assertThat(parent).as("%s parent", label(e)).isNotNull();
    assertThat(tx.instructions()).as("%s parent", label(e)).anySatisfy(ix -> assertThat(ix).isSameAs(parent));
    assertThat(parent.program()).isEqualTo(e.program());
    assertThat(parent.location().instruction()).isEqualTo(e.location().instruction());
    assertThat(parent.location().stackHeight()).isEqualTo(e.location().stackHeight() - 1);
    assertThat(e.unreadBytes()).as("%s unread bytes", label(e)).isZero();
  }

  private static void matches(ChainFact fact, Decoded d) {
    if (fact instanceof TokenLaunched f) {
      tokenLaunched(f, d);
    } else if (fact instanceof CurveTraded f) {
      curveTraded(f, d);
    } else if (fact instanceof CurveCompleted f) {
      curveCompleted(f, d);
    } else if (fact instanceof CurveMigrated f) {
      curveMigrated(f, d);
    } else if (fact instanceof PumpSwapTraded f) {
      pumpSwapTraded(f, d);
    } else if (fact instanceof LaunchLabPoolCreated f) {
      launchLabPoolCreated(f, d);
    } else if (fact instanceof LaunchLabTraded f) {
      launchLabTraded(f, d);
    } else if (fact instanceof LaunchLabStatusChanged f) {
      launchLabStatusChanged(f, d);
    } else if (!isWrite(fact)) {
      fail("no check for fact " + fact); // written facts: AccountWriteChecks
    }
  }

  private static void tokenLaunched(TokenLaunched f, Decoded d) {
    DecodedInstruction create = only(d.tx().instructions(), Program.PUMP, "create_v2");
    hasFields(create.args(), "name", f.name(), "symbol", f.symbol(), "uri", f.uri(), "creator", f.creator());
    hasFields(create.accounts(), "mint", f.mint(), "bonding_curve", f.bondingCurve(), "user", f.creator(),
        "token_program", f.tokenProgram());
    DecodedEvent event = onlyEvent(d, Program.PUMP, "CreateEvent");
    assertThat(event.parent()).isSameAs(create);
    hasFields(event.fields(), "name", f.name(), "symbol", f.symbol(), "uri", f.uri(), "mint", f.mint(),
        "bonding_curve", f.bondingCurve(), "user", f.creator(), "creator", f.creator(),
        "token_program", f.tokenProgram(), "timestamp", d.unixSeconds(),
        "virtual_token_reserves", PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES,
        "virtual_sol_reserves", PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES,
        "real_token_reserves", PumpCurve.INITIAL_REAL_TOKEN_RESERVES);
  }

  /** Also: the SOL amount is the curve's price of the tokens on the pre-trade reserves. */
  private static void curveTraded(CurveTraded f, Decoded d) {
    DecodedEvent trade = onlyEvent(d, Program.PUMP, "TradeEvent");
    String ixName = f.buy() ? "buy" : "sell";
    DecodedInstruction ix = only(d.tx().instructions(), Program.PUMP, ixName);
    assertThat(trade.parent()).isSameAs(ix);
    hasFields(ix.args(), "amount", f.tokenAmount());
    hasFields(ix.accounts(), "mint", f.mint(), "user", f.user());
    hasFields(trade.fields(), "mint", f.mint(), "user", f.user(), "is_buy", f.buy(), "ix_name", ixName,
        "sol_amount", f.solAmount(), "token_amount", f.tokenAmount(), "fee", f.fee(),
        "creator_fee", f.creatorFee(), "virtual_sol_reserves", f.virtualSolReserves(),
        "virtual_token_reserves", f.virtualTokenReserves(), "real_sol_reserves", f.realSolReserves(),
        "real_token_reserves", f.realTokenReserves(), "timestamp", d.unixSeconds());
    long vsr = f.virtualSolReserves();
    long vtr = f.virtualTokenReserves();
    long tokens = f.tokenAmount();
    long sol = f.solAmount();
    assertThat(sol).isEqualTo(f.buy()
        ? PumpCurve.buyCost(tokens, vsr - sol, vtr + tokens)
        : PumpCurve.sellProceeds(tokens, vsr + sol, vtr - tokens));
    DecodedAccount curve = account(d, "BondingCurve", ix.account("bonding_curve"));
    hasFields(curve.fields(), "virtual_token_reserves", vtr, "virtual_quote_reserves", vsr,
        "real_token_reserves", f.realTokenReserves(), "real_quote_reserves", f.realSolReserves());
    assertThat(curve.derived().decimal("price_sol")).isEqualTo(trade.derived().decimal("price_sol"));
  }

  private static void curveCompleted(CurveCompleted f, Decoded d) {
    DecodedEvent complete = onlyEvent(d, Program.PUMP, "CompleteEvent");
    assertThat(complete.parent()).isSameAs(only(d.tx().instructions(), Program.PUMP, "buy"));
    hasFields(complete.fields(), "user", f.user(), "mint", f.mint(), "bonding_curve", f.bondingCurve(),
        "timestamp", d.unixSeconds());
    hasFields(onlyEvent(d, Program.PUMP, "TradeEvent").fields(), "real_token_reserves", 0L);
    assertThat(account(d, "BondingCurve", f.bondingCurve()).fields().bool("complete")).isTrue();
  }

  /** pump migrate CPIs pump_amm create_pool; both events and every account name the same pool. */
  private static void curveMigrated(CurveMigrated f, Decoded d) {
    DecodedInstruction migrate = only(d.tx().instructions(), Program.PUMP, "migrate");
    DecodedInstruction createPool = only(d.tx().instructions(), Program.PUMP_AMM, "create_pool");
    assertThat(migrate.location().topLevel()).isTrue();
    assertThat(createPool.location().topLevel()).isFalse();
    assertThat(createPool.location().instruction()).isEqualTo(migrate.location().instruction());
    assertThat(createPool.location().stackHeight()).isEqualTo(2);
    hasFields(migrate.accounts(), "mint", f.mint(), "bonding_curve", f.bondingCurve(), "pool", f.pool());
    hasFields(createPool.accounts(), "pool", f.pool(), "base_mint", f.mint());
    hasFields(createPool.args(), "index", 0L, "base_amount_in", f.mintAmount(), "quote_amount_in", f.solAmount());

    DecodedEvent migration = onlyEvent(d, Program.PUMP, "CompletePumpAmmMigrationEvent");
    assertThat(migration.parent()).isSameAs(migrate);
    hasFields(migration.fields(), "user", migrate.account("user"), "mint", f.mint(),
        "mint_amount", f.mintAmount(), "sol_amount", f.solAmount(), "pool_migration_fee", f.poolMigrationFee(),
        "bonding_curve", f.bondingCurve(), "timestamp", d.unixSeconds(), "pool", f.pool());

    DecodedEvent created = onlyEvent(d, Program.PUMP_AMM, "CreatePoolEvent");
    assertThat(created.parent()).isSameAs(createPool);
    hasFields(created.fields(), "pool", f.pool(), "base_mint", f.mint(),
        "quote_mint", createPool.account("quote_mint"), "creator", createPool.account("creator"),
        "lp_mint", createPool.account("lp_mint"), "coin_creator", createPool.args().string("coin_creator"),
        "base_amount_in", f.mintAmount(), "quote_amount_in", f.solAmount(),
        "pool_base_amount", f.mintAmount(), "pool_quote_amount", f.solAmount(), "timestamp", d.unixSeconds());

    DecodedAccount pool = account(d, "Pool", f.pool());
    hasFields(pool.fields(), "base_mint", f.mint(), "lp_mint", created.fields().string("lp_mint"),
        "lp_supply", created.fields().u64("lp_token_amount_out"),
        "coin_creator", created.fields().string("coin_creator"));
  }

  /** Buy/SellEvent reserves are pre-trade; the user's quote is the pool's plus (buy) or minus (sell) fees. */
  private static void pumpSwapTraded(PumpSwapTraded f, Decoded d) {
    DecodedInstruction ix = only(d.tx().instructions(), Program.PUMP_AMM, f.buy() ? "buy" : "sell");
    hasFields(ix.accounts(), "pool", f.pool(), "user", f.user(), "base_mint", f.baseMint());
    hasFields(ix.args(), f.buy() ? "base_amount_out" : "base_amount_in", f.baseAmount());
    DecodedEvent event = onlyEvent(d, Program.PUMP_AMM, f.buy() ? "BuyEvent" : "SellEvent");
    assertThat(event.parent()).isSameAs(ix);
    Fields e = event.fields();
    hasFields(e, "pool", f.pool(), "user", f.user(), "timestamp", d.unixSeconds(),
        "user_base_token_account", ix.account("user_base_token_account"),
        "user_quote_token_account", ix.account("user_quote_token_account"),
        "pool_base_token_reserves", f.poolBaseReservesBefore(),
        "pool_quote_token_reserves", f.poolQuoteReservesBefore());
    long fees = e.u64("lp_fee") + e.u64("protocol_fee") + e.u64("coin_creator_fee");
    if (f.buy()) {
      hasFields(e, "base_amount_out", f.baseAmount(), "quote_amount_in", f.quoteAmount(),
          "user_quote_amount_in", f.userQuoteAmount());
      assertThat(f.userQuoteAmount()).isEqualTo(f.quoteAmount() + fees);
    } else {
      hasFields(e, "base_amount_in", f.baseAmount(), "quote_amount_out", f.quoteAmount(),
          "user_quote_amount_out", f.userQuoteAmount());
      assertThat(f.userQuoteAmount()).isEqualTo(f.quoteAmount() - fees);
    }
  }

  /** The curve parameters are not in the fact: they must agree across args, event and PoolState. */
  private static void launchLabPoolCreated(LaunchLabPoolCreated f, Decoded d) {
    DecodedInstruction init = only(d.tx().instructions(), Program.LAUNCHLAB, "initialize_v2");
    hasFields(init.accounts(), "pool_state", f.pool(), "base_mint", f.baseMint(), "quote_mint", f.quoteMint(),
        "creator", f.creator());
    Fields mintParams = init.args().struct("base_mint_param");
    hasFields(mintParams, "name", f.name(), "symbol", f.symbol(), "uri", f.uri());
    Fields curve = init.args().struct("curve_param");
    assertThat(curve.string("variant")).isEqualTo("Constant");
    DecodedEvent event = onlyEvent(d, Program.LAUNCHLAB, "PoolCreateEvent");
    assertThat(event.parent()).isSameAs(init);
    hasFields(event.fields(), "pool_state", f.pool(), "creator", f.creator(),
        "config", init.account("global_config"), "base_mint_param", mintParams, "curve_param", curve,
        "vesting_param", init.args().struct("vesting_param"), "amm_fee_on", init.args().get("amm_fee_on"));
    DecodedAccount pool = account(d, "PoolState", f.pool());
    hasFields(pool.fields(), "base_mint", f.baseMint(), "quote_mint", f.quoteMint(), "creator", f.creator(),
        "base_decimals", mintParams.get("decimals"), "supply", curve.get("supply"),
        "total_base_sell", curve.get("total_base_sell"),
        "total_quote_fund_raising", curve.get("total_quote_fund_raising"),
        "migrate_type", curve.get("migrate_type"), "status", LaunchLabCurve.FUND,
        "real_base", 0L, "real_quote", 0L);
  }

  /**
   * TradeEvent carries no mint or user: they come from its parent, the trade instruction. Also:
   * amount_out is the constant-product curve's on the pre-trade reserves (a buy capped at the
   * base left to sell gets exactly that remainder).
   */
  private static void launchLabTraded(LaunchLabTraded f, Decoded d) {
    DecodedInstruction ix = only(d.tx().instructions(), Program.LAUNCHLAB,
        f.buy() ? "buy_exact_in" : "sell_exact_in");
    hasFields(ix.accounts(), "pool_state", f.pool(), "base_token_mint", f.baseMint(), "payer", f.user());
    hasFields(ix.args(), "amount_in", f.amountIn());
    DecodedEvent event = onlyEvent(d, Program.LAUNCHLAB, "TradeEvent");
    assertThat(event.parent()).isSameAs(ix);
    Fields e = event.fields();
    hasFields(e, "pool_state", f.pool(), "amount_in", f.amountIn(), "amount_out", f.amountOut(),
        "real_base_after", f.realBaseAfter(), "real_quote_after", f.realQuoteAfter(),
        "pool_status", f.poolStatus(), "trade_direction", f.buy() ? 0L : 1L, "exact_in", true);
    long fees = e.u64("protocol_fee") + e.u64("platform_fee") + e.u64("creator_fee");
    long vb = e.u64("virtual_base");
    long vq = e.u64("virtual_quote");
    long rb = e.u64("real_base_before");
    long rq = e.u64("real_quote_before");
    if (f.buy()) {
      long left = e.u64("total_base_sell") - rb;
      long out = LaunchLabCurve.buyExactIn(f.amountIn() - fees, vb, vq, rb, rq);
      assertThat(f.amountOut()).isEqualTo(Math.min(out, left));
      assertThat(f.realBaseAfter()).isEqualTo(rb + f.amountOut());
    } else {
      assertThat(f.amountOut()).isEqualTo(LaunchLabCurve.sellExactIn(f.amountIn(), vb, vq, rb, rq) - fees);
      assertThat(f.realBaseAfter()).isEqualTo(rb - f.amountIn());
    }
    DecodedAccount pool = account(d, "PoolState", f.pool());
    hasFields(pool.fields(), "real_base", f.realBaseAfter(), "real_quote", f.realQuoteAfter(),
        "status", f.poolStatus());
  }

  /** 0→1: the trade that sold the last base token; 1→2: migrate_to_cpswap. */
  private static void launchLabStatusChanged(LaunchLabStatusChanged f, Decoded d) {
    DecodedAccount pool = account(d, "PoolState", f.pool());
    hasFields(pool.fields(), "base_mint", f.baseMint(), "status", f.toStatus());
    assertThat(pool.derived().string("status_name")).isEqualTo(STATUS_NAMES.get(f.toStatus()));
    if (f.fromStatus() == LaunchLabCurve.FUND && f.toStatus() == LaunchLabCurve.MIGRATE) {
      Fields trade = onlyEvent(d, Program.LAUNCHLAB, "TradeEvent").fields();
      hasFields(trade, "pool_state", f.pool(), "pool_status", LaunchLabCurve.MIGRATE,
          "real_base_after", trade.get("total_base_sell"));
    } else if (f.fromStatus() == LaunchLabCurve.MIGRATE && f.toStatus() == LaunchLabCurve.TRADE) {
      DecodedInstruction migrate = only(d.tx().instructions(), Program.LAUNCHLAB, "migrate_to_cpswap");
      hasFields(migrate.accounts(), "pool_state", f.pool(), "base_mint", f.baseMint());
    } else {
      fail("LaunchLab has no status change " + f.fromStatus() + "→" + f.toStatus() + ": " + f);
    }
  }

  /** The one instruction of {@code program} named {@code name}. */
  private static DecodedInstruction only(List<DecodedInstruction> instructions, Program program, String name) {
    List<DecodedInstruction> found = instructions.stream()
        .filter(ix -> ix.program() == program && ix.name().equals(name)).toList();
    assertThat(found).as("%s %s instructions", program.idlName(), name).hasSize(1);
    return found.get(0);
  }

  private static DecodedEvent onlyEvent(Decoded d, Program program, String name) {
    List<DecodedEvent> found = d.tx().events().stream()
        .filter(e -> e.program() == program && e.name().equals(name)).toList();
    assertThat(found).as("%s %s events", program.idlName(), name).hasSize(1);
    return found.get(0);
  }

  /** The decoded write of {@code pubkey}, of {@code type}. */
  private static DecodedAccount account(Decoded d, String type, String pubkey) {
    Optional<DecodedAccount> found = d.accounts().stream()
        .filter(a -> a.type().equals(type) && a.pubkey().equals(pubkey)).findFirst();
    assertThat(found).as("%s %s written", type, pubkey).isPresent();
    return found.get();
  }

  static void hasFields(Fields actual, Object... namesAndValues) {
    hasFields(actual.asMap(), namesAndValues);
  }

  /**
   * {@code actual} holds each name with exactly its value; ints compare as the longs the decoder
   * reads every integer as.
   */
  static void hasFields(Map<String, ?> actual, Object... namesAndValues) {
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object v = namesAndValues[i + 1];
      expected.put((String) namesAndValues[i], v instanceof Integer n ? Long.valueOf(n) : v);
    }
    assertThat(new LinkedHashMap<String, Object>(actual)).containsAllEntriesOf(expected);
  }
}
