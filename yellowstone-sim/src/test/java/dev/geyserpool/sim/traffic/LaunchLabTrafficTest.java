package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.sim.traffic.GeneratedTransaction.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raydium LaunchLab traffic: layouts against real data, the curve math, the status lifecycle. */
class LaunchLabTrafficTest {
  static final String LAUNCHLAB = "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj";
  static final String WSOL = "So11111111111111111111111111111111111111112";
  static final long TOTAL_BASE_SELL = 793_100_000_000_000L;
  static final long VB = 1_073_025_605_596_382L;
  static final long VQ = 30_000_852_951L;

  /** A real TradeEvent (buy_exact_in of 1.98 SOL on pool 9HjtrQri…), Program data payload. */
  static final String REAL_TRADE_B64 = "vdt/007mYe57J0nr1ttuiFgOVMjM0EfMt3+fGYuNhZt8W2Z3HE3ggQB4xftR0QIA3nQOPunPAwDX"
      + "rzD8BgAAAKblBzi8IwIAeHeB7wgAAAAwcQ7noS8CAJgb/WMJAAAAAGcEdgAAAACKiwav5QsAAPCHSwAAAAAAwB8uAQAAAAAwGw8AAAAAAAAAAAAAAAAAAAAB";
  /** The real PoolState of pool 7L2sWFH3… (SNAP-quoted, 429 bytes). */
  static final String REAL_POOL_STATE_B64 =
      "9+3j9dfD3kYJBAAAAAAAAPoABgYBAIDGpH6NAwAAeMX7UdECAOCXDj7pzwMAZRRmIAAAAABPXws/eAIAAAELFQAAAAAAaznLWwAAAAC5ExEAAA"
      + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAATi2Hz3YuI6AI4Wg5uPQTvvOcOPEr4trV"
      + "yob4rmZuUDUv76UoyW8/kSO/XTQhGtcPshtjskAzEmFgU9mvfUhN3IrTpwrpmtosWGv+ZBQevg1Giu3nB0Ejn4vyLTmq7xSNBn9ys8G6eb1WVz"
      + "sHzEgsWU9IFj4lqa4mCNEtJe/O7CUXS6SZVjbxvx4Qae8gfpQODTVHaPwu9H7ywIkVaACWgV1nRITOGDlpMf31x6ETR6ILG+3pFn/x4TRd/GI3"
      + "EE35DHHBizbjdg6nquwWDF7fZDmiYP2vSctZ5/IIk1RCGwwDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      + "AAAAAAAAAAAAAAAAAAAAAA";

  static List<GeneratedTransaction> run(long seed, int calls) {
    PumpTrafficGenerator g = new PumpTrafficGenerator(seed, () -> PumpTrafficGeneratorTest.TS);
    List<GeneratedTransaction> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.addAll(g.next());
    }
    return out;
  }

  static long ceilFee(long amount, long rate) {
    return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(rate)).add(BigInteger.valueOf(999_999))
        .divide(BigInteger.valueOf(1_000_000)).longValueExact();
  }

  static long mulDiv(long a, long b, long c) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }

  static SubscribeUpdateAccountInfo write(GeneratedTransaction tx, String pubkey) {
    return tx.accountWrites().stream().filter(a -> TxInspector.b58(a.getPubkey()).equals(pubkey))
        .findFirst().orElseThrow();
  }

  @Test
  void realTradeEventDecodesAndReEncodesByteForByte() {
    byte[] real = Base64.getDecoder().decode(REAL_TRADE_B64);
    assertThat(real).hasSize(147);
    PumpDecoder d = new PumpDecoder(real);
    assertThat(d.hex(8)).isEqualTo("bddb7fd34ee661ee");
    LaunchLabProgram.TradeEvent e = LaunchLabDecoder.tradeEvent(d);
    assertThat(d.remaining()).isZero();
    assertThat(TxInspector.b58(e.poolState())).isEqualTo("9HjtrQriVJaxaTxszNsnxKM5yH55mpRVpD7dL2Sw58cx");
    assertThat(e.virtualBase()).isEqualTo(VB);
    assertThat(e.virtualQuote()).isEqualTo(VQ);
    assertThat(e.amountIn()).isEqualTo(1_980_000_000L);
    assertThat(e.amountOut()).isEqualTo(13_081_111_858_058L);
    assertThat(List.of(e.protocolFee(), e.platformFee(), e.creatorFee())).containsExactly(4_950_000L, 19_800_000L, 990_000L);
    assertThat(e.exactIn()).isTrue();
    assertThat(LaunchLabProgram.tradeEvent(e)).isEqualTo(real);
  }

  @Test
  void curveMathReproducesTheRealBuy() {
    LaunchPool p = new LaunchPool(ProgramAddressTest.key("ALvT2usBGUC8C21dDiXpwAGVwA3x1GBKtut3VFWQcX8x"),
        ProgramAddressTest.key(WSOL), "n", "s", "u");
    p.realBase = 602_241_254_286_758L;
    p.realQuote = 38_377_977_720L;
    LaunchPool.Swap s = p.buy(1_980_000_000L);
    assertThat(s.amountOut()).isEqualTo(13_081_111_858_058L);
    assertThat(List.of(s.protocolFee(), s.platformFee(), s.creatorFee())).containsExactly(4_950_000L, 19_800_000L, 990_000L);
    p.apply(s);
    assertThat(p.realBase).isEqualTo(615_322_366_144_816L);
    assertThat(p.realQuote).isEqualTo(40_332_237_720L);
    assertThat(p.status).isZero();

    // On a fresh pool the same 1.98 SOL buys far more: the real trade was on a pool 38 SOL in.
    LaunchPool fresh = new LaunchPool(ProgramAddressTest.key(WSOL), ProgramAddressTest.key(WSOL), "n", "s", "u");
    assertThat(fresh.buy(1_980_000_000L).amountOut()).isEqualTo(65_622_394_238_076L);
  }

  @Test
  void buyIsCappedAtWhatIsLeftAndEndsFundRaising() {
    LaunchPool p = new LaunchPool(ProgramAddressTest.key(WSOL), ProgramAddressTest.key(WSOL), "n", "s", "u");
    p.realBase = TOTAL_BASE_SELL - 1_000_000_000L;
    p.realQuote = 84_000_000_000L;
    LaunchPool.Swap s = p.buy(50_000_000_000L);
    assertThat(s.amountOut()).isEqualTo(1_000_000_000L);
    long net = s.amountIn() - s.protocolFee() - s.platformFee() - s.creatorFee();
    // The least input that buys the remainder: one lamport less would not.
    assertThat(mulDiv(net, VB - p.realBase, VQ + p.realQuote + net)).isGreaterThanOrEqualTo(1_000_000_000L);
    long less = s.amountIn() - 1;
    long lessNet = less - ceilFee(less, 2_500) - ceilFee(less, 10_000) - ceilFee(less, 500);
    assertThat(mulDiv(lessNet, VB - p.realBase, VQ + p.realQuote + lessNet)).isLessThan(1_000_000_000L);
    assertThat(p.apply(s)).isZero();
    assertThat(p.status).isEqualTo(1);
    assertThat(p.realBase).isEqualTo(TOTAL_BASE_SELL);
  }

  @Test
  void realPoolStateReEncodesByteForByte() {
    byte[] real = Base64.getDecoder().decode(REAL_POOL_STATE_B64);
    LaunchLabProgram.PoolState p = LaunchLabDecoder.poolState(real);
    assertThat(TxInspector.hexOf(real, 8)).isEqualTo("f7ede3f5d7c3de46");
    assertThat(p.status()).isZero();
    assertThat(p.authBump()).isEqualTo(250);
    assertThat(p.migrateType()).isEqualTo(1);
    assertThat(p.supply()).isEqualTo(1_000_000_000_000_000L);
    assertThat(p.totalBaseSell()).isEqualTo(TOTAL_BASE_SELL);
    assertThat(p.quoteDecimals()).isEqualTo(6);
    assertThat(p.tokenProgramFlag()).isEqualTo(3); // SNAP quote on Token-2022 (facts §4.2 caveat)
    assertThat(LaunchLabProgram.poolStateData(p)).isEqualTo(real);
  }

  @Test
  void launchIsInitializeV2WithBonkDefaultsAndItsPoolState() {
    PumpTrafficGenerator g = new PumpTrafficGenerator(3, () -> PumpTrafficGeneratorTest.TS);
    GeneratedTransaction tx = g.launchLabCreate();
    assertThat(tx.kind()).isEqualTo(Kind.LAUNCHLAB_CREATE);
    TxInspector in = new TxInspector(tx.transaction()).assertWellFormed();
    int top = in.onlyTopIndex(LAUNCHLAB);
    CompiledInstruction ix = in.top(top);
    List<String> a = in.accounts(ix);
    assertThat(a).hasSize(18);
    String creator = a.get(0);
    String pool = a.get(5);
    String mint = a.get(6);
    assertThat(a.get(1)).isEqualTo(creator);
    assertThat(a.subList(2, 5)).containsExactly("6s1xP3hpbAfFoNtUNF8mfHsjr2Bd97JxFJRWLbL6aHuX",
        "FfYek5vEz23cMkWsdJwG2oa6EphsvXSHrGpdALN4g6W1", "WLHv2UAZm6z4KyaaELi5pjdbJh6RESMva1Rnn8pJVVh");
    assertThat(a.get(7)).isEqualTo(WSOL);
    assertThat(a.subList(11, 18)).containsExactly("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s",
        "11111111111111111111111111111111", "SysvarRent111111111111111111111111111111111",
        "2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr", LAUNCHLAB);
    assertThat(in.signer(creator)).isTrue();
    assertThat(in.signer(mint)).isTrue();
    assertThat(in.writable(pool)).isTrue();
    assertThat(pool).isEqualTo(ProgramAddressTest.pda(LAUNCHLAB, "pool", ProgramAddressTest.key(mint),
        ProgramAddressTest.key(WSOL)));
    assertThat(a.get(8)).isEqualTo(ProgramAddressTest.pda(LAUNCHLAB, "pool_vault", ProgramAddressTest.key(pool),
        ProgramAddressTest.key(mint)));

    PumpDecoder data = new PumpDecoder(ix.getData());
    assertThat(data.hex(8)).isEqualTo("4399af27da102620");
    LaunchLabDecoder.InitializeV2 args = LaunchLabDecoder.initializeV2(data);
    assertThat(data.remaining()).isZero();
    assertThat(args.decimals()).isEqualTo(6);
    assertThat(args.curveVariant()).isZero();
    assertThat(List.of(args.supply(), args.totalBaseSell(), args.totalQuoteFundRaising()))
        .containsExactly(1_000_000_000_000_000L, TOTAL_BASE_SELL, 85_000_000_000L);
    assertThat(args.migrateType()).isEqualTo(1);
    assertThat(List.of(args.totalLockedAmount(), args.cliffPeriod(), args.unlockPeriod(), (long) args.ammFeeOn()))
        .containsOnly(0L);

    List<TxInspector.Event> events = in.events(LAUNCHLAB);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).discriminator()).isEqualTo("97d7e20976a173ae");
    assertThat(events.get(0).stackHeight()).isEqualTo(2);
    assertThat(events.get(0).topIndex()).isEqualTo(top);
    PumpDecoder ed = events.get(0).reader();
    LaunchLabProgram.PoolCreateEvent e = LaunchLabDecoder.poolCreateEvent(ed);
    assertThat(ed.remaining()).isZero();
    assertThat(TxInspector.b58(e.poolState())).isEqualTo(pool);
    assertThat(TxInspector.b58(e.creator())).isEqualTo(creator);
    assertThat(TxInspector.b58(e.config())).isEqualTo("6s1xP3hpbAfFoNtUNF8mfHsjr2Bd97JxFJRWLbL6aHuX");
    assertThat(List.of(e.name(), e.symbol(), e.uri())).containsExactly(args.name(), args.symbol(), args.uri());
    assertThat(e.totalBaseSell()).isEqualTo(TOTAL_BASE_SELL);

    SubscribeUpdateAccountInfo w = write(tx, pool);
    assertThat(TxInspector.b58(w.getOwner())).isEqualTo(LAUNCHLAB);
    assertThat(w.getData().size()).isEqualTo(429);
    LaunchLabProgram.PoolState s = LaunchLabDecoder.poolState(w.getData().toByteArray());
    assertThat(s.status()).isZero();
    assertThat(s.authBump()).isEqualTo(250);
    assertThat(List.of(s.baseDecimals(), s.quoteDecimals(), s.migrateType())).containsExactly(6, 9, 1);
    assertThat(List.of(s.supply(), s.totalBaseSell(), s.virtualBase(), s.virtualQuote(), s.realBase(), s.realQuote(),
        s.totalQuoteFundRaising())).containsExactly(1_000_000_000_000_000L, TOTAL_BASE_SELL, VB, VQ, 0L, 0L,
        85_000_000_000L);
    assertThat(TxInspector.b58(s.baseMint())).isEqualTo(mint);
    assertThat(TxInspector.b58(s.quoteMint())).isEqualTo(WSOL);
    assertThat(TxInspector.b58(s.baseVault())).isEqualTo(a.get(8));
    assertThat(TxInspector.b58(s.quoteVault())).isEqualTo(a.get(9));
    assertThat(TxInspector.b58(s.creator())).isEqualTo(creator);
    assertThat(TxInspector.b58(s.platformConfig())).isEqualTo("FfYek5vEz23cMkWsdJwG2oa6EphsvXSHrGpdALN4g6W1");

    assertThat(tx.facts()).containsExactly(
        new ChainFact.LaunchLabPoolCreated(pool, mint, WSOL, creator, args.name(), args.symbol(), args.uri()),
        new ChainFact.PoolStateWritten(pool, mint, 0, 0, 0, TOTAL_BASE_SELL));
  }

  @Test
  void tradesFollowTheCurveAndEveryPoolStateWriteMatchesItsEvent() {
    Map<String, long[]> state = new HashMap<>(); // pool -> {realBase, realQuote, status}
    int buys = 0;
    int sells = 0;
    int capped = 0;
    for (GeneratedTransaction tx : run(21, 1_500)) {
      if (tx.kind() == Kind.LAUNCHLAB_CREATE) {
        state.put(((ChainFact.LaunchLabPoolCreated) tx.facts().get(0)).pool(), new long[] {0, 0, 0});
      }
      if (tx.kind() != Kind.LAUNCHLAB_BUY && tx.kind() != Kind.LAUNCHLAB_SELL) {
        continue;
      }
      boolean buy = tx.kind() == Kind.LAUNCHLAB_BUY;
      TxInspector in = new TxInspector(tx.transaction()).assertWellFormed();
      int top = in.onlyTopIndex(LAUNCHLAB);
      CompiledInstruction ix = in.top(top);
      List<String> a = in.accounts(ix);
      assertThat(a).hasSize(18); // 15 + system program, platform fee vault, creator fee vault
      String user = a.get(0);
      String pool = a.get(4);
      String mint = a.get(9);
      assertThat(in.signer(user)).isTrue();
      assertThat(a.get(1)).isEqualTo("WLHv2UAZm6z4KyaaELi5pjdbJh6RESMva1Rnn8pJVVh");
      assertThat(a.get(10)).isEqualTo(WSOL);
      assertThat(a.get(13)).isEqualTo("2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr");
      assertThat(a.get(14)).isEqualTo(LAUNCHLAB);
      assertThat(a.get(15)).isEqualTo("11111111111111111111111111111111");
      PumpDecoder data = new PumpDecoder(ix.getData());
      assertThat(data.hex(8)).isEqualTo(buy ? "faea0d7bd59c13ec" : "9527de9bd37c981a");
      LaunchLabDecoder.SwapArgs args = LaunchLabDecoder.swapArgs(data);
      assertThat(data.remaining()).isZero();

      List<TxInspector.Event> events = in.events(LAUNCHLAB);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).topIndex()).isEqualTo(top);
      assertThat(events.get(0).discriminator()).isEqualTo("bddb7fd34ee661ee");
      LaunchLabProgram.TradeEvent e = LaunchLabDecoder.tradeEvent(events.get(0).reader());
      assertThat(TxInspector.b58(e.poolState())).isEqualTo(pool);
      assertThat(e.tradeDirection()).isEqualTo(buy ? 0 : 1);
      assertThat(e.exactIn()).isTrue();
      assertThat(e.amountIn()).isEqualTo(args.amountIn());
      assertThat(e.amountOut()).isGreaterThanOrEqualTo(args.minimumAmountOut());
      long[] pre = state.get(pool);
      assertThat(List.of(e.realBaseBefore(), e.realQuoteBefore())).containsExactly(pre[0], pre[1]);
      long fees = ceilFee(e.amountIn(), 2_500) + ceilFee(e.amountIn(), 10_000) + ceilFee(e.amountIn(), 500);
      if (buy) {
        buys++;
        assertThat(List.of(e.protocolFee(), e.platformFee(), e.creatorFee())).containsExactly(
            ceilFee(e.amountIn(), 2_500), ceilFee(e.amountIn(), 10_000), ceilFee(e.amountIn(), 500));
        long net = e.amountIn() - fees;
        long out = mulDiv(net, VB - pre[0], VQ + pre[1] + net);
        if (out >= TOTAL_BASE_SELL - pre[0]) {
          capped++;
          assertThat(e.amountOut()).isEqualTo(TOTAL_BASE_SELL - pre[0]);
          assertThat(e.poolStatus()).isEqualTo(1);
        } else {
          assertThat(e.amountOut()).isEqualTo(out);
          assertThat(e.poolStatus()).isZero();
        }
        assertThat(e.realBaseAfter()).isEqualTo(pre[0] + e.amountOut());
        assertThat(e.realQuoteAfter()).isEqualTo(pre[1] + net);
      } else {
        sells++;
        long gross = mulDiv(e.amountIn(), VQ + pre[1], VB - pre[0] + e.amountIn());
        assertThat(List.of(e.protocolFee(), e.platformFee(), e.creatorFee())).containsExactly(
            ceilFee(gross, 2_500), ceilFee(gross, 10_000), ceilFee(gross, 500));
        assertThat(e.amountOut()).isEqualTo(gross - e.protocolFee() - e.platformFee() - e.creatorFee());
        assertThat(e.realBaseAfter()).isEqualTo(pre[0] - e.amountIn());
        assertThat(e.realQuoteAfter()).isEqualTo(pre[1] - gross);
        assertThat(e.poolStatus()).isZero();
      }
      LaunchLabProgram.PoolState s = LaunchLabDecoder.poolState(write(tx, pool).getData().toByteArray());
      assertThat(List.of(s.realBase(), s.realQuote(), (long) s.status()))
          .containsExactly(e.realBaseAfter(), e.realQuoteAfter(), (long) e.poolStatus());
      assertThat(TxInspector.b58(s.baseMint())).isEqualTo(mint);
      state.put(pool, new long[] {s.realBase(), s.realQuote(), s.status()});

      ChainFact.LaunchLabTraded fact = (ChainFact.LaunchLabTraded) tx.facts().get(0);
      assertThat(fact).isEqualTo(new ChainFact.LaunchLabTraded(pool, mint, user, buy, e.amountIn(), e.amountOut(),
          e.realBaseAfter(), e.realQuoteAfter(), e.poolStatus()));
      assertThat(tx.facts().get(tx.facts().size() - 1))
          .isEqualTo(new ChainFact.PoolStateWritten(pool, mint, s.status(), s.realBase(), s.realQuote(), TOTAL_BASE_SELL));
    }
    assertThat(buys).isGreaterThan(100);
    assertThat(sells).isGreaterThan(30);
    assertThat(capped).isPositive();
  }

  @Test
  void fundRaisingEndsInMigrateAndMigrationToCpswapSetsTrade() {
    List<GeneratedTransaction> txs = run(42, 1_200);
    int ended = -1;
    for (int i = 0; i < txs.size() && ended < 0; i++) {
      if (txs.get(i).facts().stream().anyMatch(f -> f instanceof ChainFact.LaunchLabStatusChanged)) {
        ended = i;
      }
    }
    assertThat(ended).as("a pool finished raising").isNotNegative();
    GeneratedTransaction last = txs.get(ended);
    assertThat(last.kind()).isEqualTo(Kind.LAUNCHLAB_BUY);
    ChainFact.LaunchLabStatusChanged change = last.facts().stream()
        .filter(f -> f instanceof ChainFact.LaunchLabStatusChanged).map(f -> (ChainFact.LaunchLabStatusChanged) f)
        .findFirst().orElseThrow();
    assertThat(List.of(change.fromStatus(), change.toStatus())).containsExactly(0, 1);
    TxInspector in = new TxInspector(last.transaction());
    LaunchLabProgram.TradeEvent e = LaunchLabDecoder.tradeEvent(in.events(LAUNCHLAB).get(0).reader());
    assertThat(e.poolStatus()).isEqualTo(1);
    assertThat(e.realBaseAfter()).isEqualTo(TOTAL_BASE_SELL);
    String pool = change.pool();
    assertThat(LaunchLabDecoder.poolState(write(last, pool).getData().toByteArray()).status()).isEqualTo(1);

    GeneratedTransaction migration = null;
    for (int i = ended + 1; i < txs.size() && migration == null; i++) {
      GeneratedTransaction tx = txs.get(i);
      TxInspector later = new TxInspector(tx.transaction());
      if (tx.kind() == Kind.LAUNCHLAB_MIGRATE && later.accounts(later.top(later.onlyTopIndex(LAUNCHLAB))).get(17).equals(pool)) {
        migration = tx;
      } else if (tx.kind() == Kind.LAUNCHLAB_BUY || tx.kind() == Kind.LAUNCHLAB_SELL) {
        assertThat(later.accounts(later.top(later.onlyTopIndex(LAUNCHLAB))).get(4))
            .as("no trade on a pool waiting for migration").isNotEqualTo(pool);
      }
    }
    assertThat(migration).as("the pool migrated").isNotNull();
    TxInspector m = new TxInspector(migration.transaction()).assertWellFormed();
    CompiledInstruction ix = m.top(m.onlyTopIndex(LAUNCHLAB));
    List<String> a = m.accounts(ix);
    assertThat(a).hasSize(28);
    assertThat(TxInspector.hexOf(ix.getData().toByteArray(), 8)).isEqualTo("885cc8671cda908c");
    assertThat(ix.getData().size()).isEqualTo(8);
    assertThat(m.signer(a.get(0))).isTrue();
    assertThat(a.get(1)).isEqualTo(change.baseMint());
    assertThat(a.get(2)).isEqualTo(WSOL);
    assertThat(a.get(4)).isEqualTo("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C");
    ByteString mint = ProgramAddressTest.key(change.baseMint());
    ByteString wsol = ProgramAddressTest.key(WSOL);
    boolean mintFirst = ByteString.unsignedLexicographicalComparator().compare(mint, wsol) < 0;
    assertThat(a.get(5)).isEqualTo(ProgramAddressTest.pda("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C", "pool",
        ProgramAddressTest.key("D4FPEruKEHrG5TenZ2mpDGEfu1iUvTiqBxvpU8HLBvC2"), mintFirst ? mint : wsol,
        mintFirst ? wsol : mint));
    assertThat(a.get(16)).isEqualTo("WLHv2UAZm6z4KyaaELi5pjdbJh6RESMva1Rnn8pJVVh");
    assertThat(a.get(17)).isEqualTo(pool);
    LaunchLabProgram.PoolState s = LaunchLabDecoder.poolState(write(migration, pool).getData().toByteArray());
    assertThat(s.status()).isEqualTo(2);
    assertThat(s.realBase()).isEqualTo(TOTAL_BASE_SELL);
    assertThat(migration.facts()).containsExactly(
        new ChainFact.LaunchLabStatusChanged(pool, change.baseMint(), 1, 2),
        new ChainFact.PoolStateWritten(pool, change.baseMint(), 2, s.realBase(), s.realQuote(), TOTAL_BASE_SELL));
  }
}
