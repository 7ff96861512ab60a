package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pump.fun graduation: the completing buy, the migration to PumpSwap and trading on the pool. */
class PumpGraduationTest {
  static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  static final String AMM = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";
  static final String WSOL = "So11111111111111111111111111111111111111112";
  static final String MIGRATION_AUTHORITY = "39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg";
  static final long MINT_AMOUNT = 206_900_000_000_000L;
  static final long POOL_MIGRATION_FEE = 15_000_001L;

  /** Real 2026 events of mint ELJFma9J…pump (pool GnpU6c7H…): migration, first buy, a sell. */
  static final String REAL_MIGRATION = "velduVyU6pSgT01zesdggWK47ySyi231AKlJ9xkEyZXyWm6zOBK4FANqXsmXmJBDZIkkDwbJMDd5zU"
      + "dTgSMDkxIb6hV20AGvAAgBqSy8AAAs9tHJEwAAAMHh5AAAAAAAUolEGgDPOoQ4tboJq9AOMeFZhZ2A4A23RS19ih1ro8TkQmRqAAAAAOqcHJMSwPy"
      + "mC9SeIYGW9HEbKC+6SFCvCUjHwBaWvIPNAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  static final String REAL_BUY = "Z/RSHyz1d3fkQmRqAAAAAMcNhtMoAgAAwIeLOwAAAAAAAAAAAAAAAF7OWKoHAAAAAAgBqSy8AABetLOxDwAAAMCH"
      + "izsAAAAAAgAAAAAAAADWAgMAAAAAAF0AAAAAAAAAwAOMAAAAAACAWdI6AAAAAKpWzzoAAAAA6pwckxLA/KYL1J4hgZb0cRsoL7pIUK8JSMfAFpa8g82g"
      + "T01zesdggWK47ySyi231AKlJ9xkEyZXyWm6zOBK4FCPA7LZeOT6/eDor1UTD9BOpxLgkecSbjTpbW3J+yhhFJMBV0Uq1ei2khbuMqkWFFxFmKN/zSZL3"
      + "2iwpQ+44+ZlKwvjQ3Vy8l+MonBl8tQYqVPPZVrnOblEV+WVnqlyz5nfZFZVfiIBzHOtKdaDMlsF0+kCVxOHZlnrPxChFrmeulTyimfu5xg7z13URFZgI"
      + "QB4lJ5pLBTVQxPnoFu2UXkEeAAAAAAAAAIAqLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAASAAAAYnV5X2V4YWN0"
      + "X3F1b3RlX2luAAAAAAAAAAAAAAAAAAAAAIgTAAAAAAAA4AFGAAAAAADOQR4YBAAAAAAAAAAAAAAAAQCAxqR+jQMA";
  static final String REAL_SELL = "Pi83CqUD3CrmQmRqAAAAADtuhqUYAwAAAAAAAAAAAAAbGsAnUgoAANJWF+ADAAAAqhLbyY6vAAAU3GYeEQAAAGH1"
      + "HV4AAAAAFAAAAAAAAAAcMDAAAAAAAAUAAAAAAAAABwwMAAAAAABFxe1dAAAAALzU/FwAAAAA6pwckxLA/KYL1J4hgZb0cRsoL7pIUK8JSMfAFpa8g81I"
      + "hrlny62JCwao1h0+OB+aTwTdHdq16yfwTu53cP005RWjZRpHJI8kV9WUKCPkH+1mk9zmoh1sC0zv8I/kalDbK4IDVG1+w3hTpd1zBzEQ5HofTtf6kklR"
      + "vm4N6MDY2mfgBMh865j6XOR/gDgG/Sx5RdKVJJWa7ADe2XgU8494RpwlJHx6/mh3nE583EE55WuEze54pO2bR06h+o7pPOIllTyimfu5xg7z13URFZgI"
      + "QB4lJ5pLBTVQxPnoFu2UXkFfAAAAAAAAAILk5AAAAAAAAAAAAAAAAAAAAAAAAAAAAIgTAAAAAAAAAwYGAAAAAADOQR4YBAAAAAAAAAAAAAAAAQCAxqR+jQMA";

  static SubscribeUpdateAccountInfo write(GeneratedTransaction tx, String pubkey) {
    return LaunchLabTrafficTest.write(tx, pubkey);
  }

  static long ceilBps(long amount, long bps) {
    return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(bps)).add(BigInteger.valueOf(9_999))
        .divide(BigInteger.valueOf(10_000)).longValueExact();
  }

  @Test
  void realMigrationEventDecodesAndReEncodesByteForByte() {
    byte[] real = Base64.getDecoder().decode(REAL_MIGRATION);
    PumpDecoder d = new PumpDecoder(real);
    assertThat(d.hex(8)).isEqualTo("bde95db95c94ea94");
    PumpProgram.MigrationEvent e = d.migrationEvent();
    assertThat(d.remaining()).isZero();
    assertThat(TxInspector.b58(e.mint())).isEqualTo("ELJFma9JzJfLWbc2fBSXPMAExayXoTr2LUNJLbPpump");
    assertThat(TxInspector.b58(e.pool())).isEqualTo("GnpU6c7H9CbPrbb9cUkQMxgz6DZV41h8XbU4pLh4C27e");
    assertThat(e.mintAmount()).isEqualTo(MINT_AMOUNT);
    assertThat(e.solAmount()).isEqualTo(84_990_359_084L);
    assertThat(e.poolMigrationFee()).isEqualTo(POOL_MIGRATION_FEE);
    assertThat(e.bondingCurve()).isEqualTo(PumpProgram.bondingCurve(e.mint()));
    assertThat(e.pool()).isEqualTo(PumpSwapProgram.canonicalPool(e.mint()));
    assertThat(PumpProgram.migrationEvent(e)).isEqualTo(real);
  }

  @Test
  void realPumpSwapEventsReEncodeUpToTheirUndocumentedTail() {
    byte[] buy = Base64.getDecoder().decode(REAL_BUY);
    PumpDecoder b = new PumpDecoder(buy);
    assertThat(b.hex(8)).isEqualTo("67f4521f2cf57777");
    PumpSwapProgram.BuyEvent be = b.buyEvent();
    assertThat(b.remaining()).isEqualTo(25); // 2026-07 events carry 25 bytes beyond the IDL
    assertThat(be.poolBaseTokenReserves()).isEqualTo(MINT_AMOUNT); // first trade sees the seeded pool
    assertThat(be.ixName()).isEqualTo("buy_exact_quote_in");
    assertThat(be.quoteAmountInWithLpFee()).isEqualTo(be.userQuoteAmountIn() + be.lpFee());
    assertThat(PumpSwapProgram.buyEvent(be)).isEqualTo(Arrays.copyOf(buy, buy.length - 25));

    byte[] sell = Base64.getDecoder().decode(REAL_SELL);
    PumpDecoder s = new PumpDecoder(sell);
    assertThat(s.hex(8)).isEqualTo("3e2f370aa503dc2a");
    PumpSwapProgram.SellEvent se = s.sellEvent();
    assertThat(s.remaining()).isEqualTo(25);
    assertThat(se.lpFee()).isEqualTo(ceilBps(se.quoteAmountOut(), se.lpFeeBasisPoints()));
    assertThat(se.protocolFee()).isEqualTo(ceilBps(se.quoteAmountOut(), se.protocolFeeBasisPoints()));
    assertThat(se.coinCreatorFee()).isEqualTo(ceilBps(se.quoteAmountOut(), se.coinCreatorFeeBasisPoints()));
    assertThat(se.quoteAmountOutWithoutLpFee()).isEqualTo(se.quoteAmountOut() - se.lpFee());
    assertThat(se.userQuoteAmountOut())
        .isEqualTo(se.quoteAmountOut() - se.lpFee() - se.protocolFee() - se.coinCreatorFee());
    assertThat(PumpSwapProgram.sellEvent(se)).isEqualTo(Arrays.copyOf(sell, sell.length - 25));
  }

  @Test
  void completingBuyEmitsCompleteEventThenMigrationCreatesTheCanonicalPool() {
    List<GeneratedTransaction> txs = LaunchLabTrafficTest.run(42, 600);
    int completed = indexOf(txs, 0, ChainFact.CurveCompleted.class);
    assertThat(completed).as("a curve completed").isNotNegative();
    GeneratedTransaction buy = txs.get(completed);
    assertThat(buy.kind()).isEqualTo(Kind.PUMP_BUY);
    TxInspector in = new TxInspector(buy.transaction()).assertWellFormed();
    int top = in.onlyTopIndex(PUMP);
    CompiledInstruction ix = in.top(top);
    String mint = in.account(ix, 2);
    String curve = in.account(ix, 3);
    String user = in.account(ix, 6);
    List<TxInspector.Event> events = in.events(PUMP);
    assertThat(events).extracting(TxInspector.Event::discriminator).containsExactly("bddb7fd34ee661ee", "5f72619cd42e9808");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.topIndex()).isEqualTo(top);
      assertThat(e.stackHeight()).isEqualTo(2);
    });
    PumpProgram.TradeEvent trade = events.get(0).reader().tradeEvent();
    assertThat(trade.realTokenReserves()).isZero();
    assertThat(trade.virtualTokenReserves()).isEqualTo(1_073_000_000_000_000L - 793_100_000_000_000L);
    PumpDecoder cd = events.get(1).reader();
    PumpProgram.CompleteEvent complete = cd.completeEvent();
    assertThat(cd.remaining()).isZero();
    assertThat(events.get(1).data()).hasSize(8 + 136);
    assertThat(TxInspector.b58(complete.user())).isEqualTo(user);
    assertThat(TxInspector.b58(complete.mint())).isEqualTo(mint);
    assertThat(TxInspector.b58(complete.bondingCurve())).isEqualTo(curve);
    assertThat(complete.timestamp()).isEqualTo(trade.timestamp());
    PumpDecoder account = new PumpDecoder(write(buy, curve).getData());
    account.skip(8);
    PumpProgram.BondingCurve done = account.bondingCurve();
    assertThat(done.complete()).isTrue();
    assertThat(done.realTokenReserves()).isZero();
    long realSol = done.realSolReserves();
    assertThat(realSol).isBetween(84_000_000_000L, 86_000_000_000L);
    assertThat(buy.facts()).contains(new ChainFact.CurveCompleted(mint, curve, user));

    int migrated = indexOf(txs, completed + 1, ChainFact.CurveMigrated.class);
    assertThat(migrated).as("the completed curve migrated").isGreaterThan(completed);
    for (GeneratedTransaction between : txs.subList(completed + 1, migrated)) {
      assertThat(between.facts()).noneMatch(f -> f instanceof ChainFact.CurveTraded t && t.mint().equals(mint));
    }
    GeneratedTransaction migration = txs.get(migrated);
    assertThat(migration.kind()).isEqualTo(Kind.PUMP_MIGRATE);
    TxInspector m = new TxInspector(migration.transaction()).assertWellFormed();
    int mt = m.onlyTopIndex(PUMP);
    CompiledInstruction mix = m.top(mt);
    List<String> a = m.accounts(mix);
    assertThat(a).hasSize(25);
    assertThat(TxInspector.hexOf(mix.getData().toByteArray(), mix.getData().size())).isEqualTo("9beae792ec9ea21e");
    String pool = ProgramAddressTest.pda(AMM, "pool", new byte[] {0, 0},
        ProgramAddressTest.key(ProgramAddressTest.pda(PUMP, "pool-authority", ProgramAddressTest.key(mint))),
        ProgramAddressTest.key(mint), ProgramAddressTest.key(WSOL));
    assertThat(a.get(0)).isEqualTo("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf");
    assertThat(a.get(1)).isEqualTo(MIGRATION_AUTHORITY);
    assertThat(a.get(2)).isEqualTo(mint);
    assertThat(a.get(3)).isEqualTo(curve);
    assertThat(a.get(5)).isEqualTo(MIGRATION_AUTHORITY);
    assertThat(m.signer(MIGRATION_AUTHORITY)).isTrue();
    assertThat(a.get(8)).isEqualTo(AMM);
    assertThat(a.get(9)).isEqualTo(pool);
    assertThat(a.get(10)).isEqualTo(ProgramAddressTest.pda(PUMP, "pool-authority", ProgramAddressTest.key(mint)));
    assertThat(a.get(13)).isEqualTo("ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw");
    assertThat(a.get(14)).isEqualTo(WSOL);
    assertThat(a.get(15)).isEqualTo(ProgramAddressTest.pda(AMM, "pool_lp_mint", ProgramAddressTest.key(pool)));
    assertThat(a.get(21)).isEqualTo("GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR");
    assertThat(a.get(22)).isEqualTo("Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1");
    assertThat(a.get(23)).isEqualTo(PUMP);
    assertThat(a.get(24)).isEqualTo("SysvarRent111111111111111111111111111111111");

    long solAmount = realSol - POOL_MIGRATION_FEE;
    InnerInstruction createPool = m.inner(mt).stream()
        .filter(i -> m.key(i.getProgramIdIndex()).equals(AMM) && i.getAccounts().size() == 18).findFirst().orElseThrow();
    assertThat(createPool.getStackHeight()).isEqualTo(2);
    PumpDecoder cp = new PumpDecoder(createPool.getData());
    assertThat(cp.hex(8)).isEqualTo("e992d18ecf6840bc");
    assertThat(cp.u16()).isZero();
    assertThat(cp.u64()).isEqualTo(MINT_AMOUNT);
    assertThat(cp.u64()).isEqualTo(solAmount);
    assertThat(cp.pubkey()).isEqualTo(trade.creator()); // coin_creator
    assertThat(cp.bool()).isFalse(); // is_mayhem_mode
    assertThat(cp.bool()).isFalse(); // is_cashback_coin
    assertThat(cp.remaining()).isZero();
    assertThat(m.key(createPool.getAccounts().byteAt(0) & 0xFF)).isEqualTo(pool);

    List<TxInspector.Event> ammEvents = m.events(AMM);
    assertThat(ammEvents).hasSize(1);
    assertThat(ammEvents.get(0).discriminator()).isEqualTo("b1310cd2a076a774");
    assertThat(ammEvents.get(0).stackHeight()).isEqualTo(3);
    PumpDecoder pe = ammEvents.get(0).reader();
    PumpSwapProgram.CreatePoolEvent created = pe.createPoolEvent();
    assertThat(pe.remaining()).isZero();
    assertThat(TxInspector.b58(created.pool())).isEqualTo(pool);
    assertThat(TxInspector.b58(created.baseMint())).isEqualTo(mint);
    assertThat(TxInspector.b58(created.quoteMint())).isEqualTo(WSOL);
    assertThat(List.of(created.baseAmountIn(), created.quoteAmountIn())).containsExactly(MINT_AMOUNT, solAmount);
    assertThat(created.initialLiquidity())
        .isEqualTo(BigInteger.valueOf(MINT_AMOUNT).multiply(BigInteger.valueOf(solAmount)).sqrt().longValueExact());

    List<TxInspector.Event> pumpEvents = m.events(PUMP);
    assertThat(pumpEvents).hasSize(1);
    assertThat(pumpEvents.get(0).discriminator()).isEqualTo("bde95db95c94ea94");
    assertThat(pumpEvents.get(0).stackHeight()).isEqualTo(2);
    PumpProgram.MigrationEvent me = pumpEvents.get(0).reader().migrationEvent();
    assertThat(TxInspector.b58(me.user())).isEqualTo(MIGRATION_AUTHORITY);
    assertThat(TxInspector.b58(me.mint())).isEqualTo(mint);
    assertThat(TxInspector.b58(me.pool())).isEqualTo(pool);
    assertThat(TxInspector.b58(me.bondingCurve())).isEqualTo(curve);
    assertThat(List.of(me.mintAmount(), me.solAmount(), me.poolMigrationFee()))
        .containsExactly(MINT_AMOUNT, solAmount, POOL_MIGRATION_FEE);

    PumpDecoder zeroed = new PumpDecoder(write(migration, curve).getData());
    zeroed.skip(8);
    PumpProgram.BondingCurve after = zeroed.bondingCurve();
    assertThat(List.of(after.virtualTokenReserves(), after.virtualSolReserves(), after.realTokenReserves(),
        after.realSolReserves())).containsOnly(0L);
    assertThat(after.complete()).isTrue();
    SubscribeUpdateAccountInfo poolWrite = write(migration, pool);
    assertThat(TxInspector.b58(poolWrite.getOwner())).isEqualTo(AMM);
    assertThat(poolWrite.getData().size()).isEqualTo(245);
    PumpDecoder pd = new PumpDecoder(poolWrite.getData());
    assertThat(pd.hex(8)).isEqualTo("f19a6d0411b16dbc");
    PumpSwapProgram.Pool p = pd.pool();
    assertThat(pd.remaining()).isZero();
    assertThat(TxInspector.b58(p.baseMint())).isEqualTo(mint);
    assertThat(TxInspector.b58(p.quoteMint())).isEqualTo(WSOL);
    assertThat(TxInspector.b58(p.creator())).isEqualTo(a.get(10));
    assertThat(TxInspector.b58(p.lpMint())).isEqualTo(a.get(15));
    assertThat(TxInspector.b58(p.poolBaseTokenAccount())).isEqualTo(a.get(17));
    assertThat(TxInspector.b58(p.poolQuoteTokenAccount())).isEqualTo(a.get(18));
    assertThat(p.poolBump()).isEqualTo(created.poolBump());
    assertThat(p.lpSupply()).isEqualTo(created.lpTokenAmountOut());
    assertThat(p.coinCreator()).isEqualTo(trade.creator());

    assertThat(migration.facts()).containsExactly(
        new ChainFact.CurveMigrated(mint, curve, pool, MINT_AMOUNT, solAmount, POOL_MIGRATION_FEE),
        new ChainFact.CurveAccountWritten(curve, mint, 0, 0, 0, 0, true, TxInspector.b58(trade.creator())),
        new ChainFact.PumpSwapPoolWritten(pool, mint, WSOL, a.get(15), a.get(10), TxInspector.b58(trade.creator()),
            a.get(17), a.get(18), p.lpSupply()));
  }

  @Test
  void pumpSwapTradesAreConstantProductWithPreTradeReservesInTheirEvents() {
    Map<String, long[]> reserves = new HashMap<>(); // pool -> {base, quote}
    int buys = 0;
    int sells = 0;
    for (GeneratedTransaction tx : LaunchLabTrafficTest.run(7, 1_500)) {
      for (ChainFact f : tx.facts()) {
        if (f instanceof ChainFact.CurveMigrated cm) {
          reserves.put(cm.pool(), new long[] {cm.mintAmount(), cm.solAmount()});
        }
      }
      if (tx.kind() != Kind.PUMPSWAP_BUY && tx.kind() != Kind.PUMPSWAP_SELL) {
        continue;
      }
      boolean buy = tx.kind() == Kind.PUMPSWAP_BUY;
      TxInspector in = new TxInspector(tx.transaction()).assertWellFormed();
      int top = in.onlyTopIndex(AMM);
      CompiledInstruction ix = in.top(top);
      List<String> a = in.accounts(ix);
      assertThat(a).hasSize(buy ? 23 : 21);
      String pool = a.get(0);
      String user = a.get(1);
      assertThat(in.signer(user)).isTrue();
      assertThat(a.get(2)).isEqualTo("ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw");
      assertThat(a.get(4)).isEqualTo(WSOL);
      assertThat(a.get(15)).isEqualTo("GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR");
      assertThat(a.get(16)).isEqualTo(AMM);
      assertThat(a.get(a.size() - 1)).isEqualTo("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");
      PumpDecoder data = new PumpDecoder(ix.getData());
      assertThat(data.hex(8)).isEqualTo(buy ? "66063d1201daebea" : "33e685a4017f83ad");
      long baseArg = data.u64();
      long limit = data.u64();
      List<TxInspector.Event> events = in.events(AMM);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).topIndex()).isEqualTo(top);
      long[] pre = reserves.get(pool);
      assertThat(pre).as("trades only on migrated pools").isNotNull();
      if (buy) {
        buys++;
        assertThat(events.get(0).discriminator()).isEqualTo("67f4521f2cf57777");
        PumpDecoder d = events.get(0).reader();
        PumpSwapProgram.BuyEvent e = d.buyEvent();
        assertThat(d.remaining()).isZero();
        assertThat(List.of(e.poolBaseTokenReserves(), e.poolQuoteTokenReserves())).containsExactly(pre[0], pre[1]);
        assertThat(e.baseAmountOut()).isEqualTo(baseArg);
        assertThat(e.maxQuoteAmountIn()).isEqualTo(limit);
        long quoteIn = BigInteger.valueOf(baseArg).multiply(BigInteger.valueOf(pre[1]))
            .add(BigInteger.valueOf(pre[0] - baseArg - 1)).divide(BigInteger.valueOf(pre[0] - baseArg)).longValueExact();
        assertThat(e.quoteAmountIn()).isEqualTo(quoteIn);
        assertThat(e.lpFee()).isEqualTo(ceilBps(quoteIn, 20));
        assertThat(e.protocolFee()).isEqualTo(ceilBps(quoteIn, 5));
        assertThat(e.coinCreatorFee()).isEqualTo(ceilBps(quoteIn, 5));
        assertThat(e.quoteAmountInWithLpFee()).isEqualTo(quoteIn + e.lpFee());
        assertThat(e.userQuoteAmountIn()).isEqualTo(quoteIn + e.lpFee() + e.protocolFee() + e.coinCreatorFee())
            .isLessThanOrEqualTo(limit);
        assertThat(TxInspector.b58(e.pool())).isEqualTo(pool);
        assertThat(TxInspector.b58(e.user())).isEqualTo(user);
        reserves.put(pool, new long[] {pre[0] - baseArg, pre[1] + quoteIn + e.lpFee()});
        assertThat(tx.facts()).containsExactly(new ChainFact.PumpSwapTraded(pool, a.get(3), user, true, baseArg,
            quoteIn, e.userQuoteAmountIn(), pre[0], pre[1]));
      } else {
        sells++;
        assertThat(events.get(0).discriminator()).isEqualTo("3e2f370aa503dc2a");
        PumpDecoder d = events.get(0).reader();
        PumpSwapProgram.SellEvent e = d.sellEvent();
        assertThat(d.remaining()).isZero();
        assertThat(List.of(e.poolBaseTokenReserves(), e.poolQuoteTokenReserves())).containsExactly(pre[0], pre[1]);
        long quoteOut = BigInteger.valueOf(baseArg).multiply(BigInteger.valueOf(pre[1]))
            .divide(BigInteger.valueOf(pre[0] + baseArg)).longValueExact();
        assertThat(e.quoteAmountOut()).isEqualTo(quoteOut);
        assertThat(e.userQuoteAmountOut()).isEqualTo(quoteOut - ceilBps(quoteOut, 20) - ceilBps(quoteOut, 5)
            - ceilBps(quoteOut, 5)).isGreaterThanOrEqualTo(limit);
        reserves.put(pool, new long[] {pre[0] + baseArg, pre[1] - quoteOut + e.lpFee()});
        assertThat(tx.facts()).containsExactly(new ChainFact.PumpSwapTraded(pool, a.get(3), user, false, baseArg,
            quoteOut, e.userQuoteAmountOut(), pre[0], pre[1]));
      }
      // The vault writes hold the post-trade reserves.
      long[] post = reserves.get(pool);
      assertThat(tokenAmount(write(tx, a.get(7)))).isEqualTo(post[0]);
      assertThat(tokenAmount(write(tx, a.get(8)))).isEqualTo(post[1]);
    }
    assertThat(buys).isGreaterThan(50);
    assertThat(sells).isGreaterThan(30);
  }

  /** The amount field of a token account (offset 64). */
  static long tokenAmount(SubscribeUpdateAccountInfo account) {
    PumpDecoder d = new PumpDecoder(account.getData());
    d.skip(64);
    return d.u64();
  }

  static int indexOf(List<GeneratedTransaction> txs, int from, Class<? extends ChainFact> kind) {
    for (int i = from; i < txs.size(); i++) {
      if (txs.get(i).facts().stream().anyMatch(kind::isInstance)) {
        return i;
      }
    }
    return -1;
  }
}
