package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@link PumpCurve} and {@link LaunchLabCurve} against the real numbers of the fact sheet (§2.5, §4.5). */
class CurveMathTest {

  @Test
  void buyExactSolInOnTheInitialCurveGivesTheRealEventsTokens() {
    // chainstack create tx: spendable 3 SOL, fees 95 + 30 (cashback) bps → net 2962962962.
    long net = PumpCurve.netSolIn(3_000_000_000L, 95 + 30);

    long tokens = PumpCurve.tokensForExactSolIn(net, PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES,
        PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES);

    assertThat(net).isEqualTo(2_962_962_962L);
    assertThat(tokens).isEqualTo(96_449_438_144_093L);
    assertThat(PumpCurve.fee(net, 95)).isEqualTo(28_148_149L);
    assertThat(PumpCurve.fee(net, 30)).isEqualTo(8_888_889L);
  }

  @Test
  void buyCostOfTheYellowstoneBuyIsItsEventsSolAmount() {
    // NYXORA buy on the initial curve: 3520371073923 tokens cost 98750018 lamports, fee 938126.
    long cost = PumpCurve.buyCost(3_520_371_073_923L, PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES,
        PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES);

    assertThat(cost).isEqualTo(98_750_018L);
    assertThat(PumpCurve.fee(cost, 95)).isEqualTo(938_126L);
    assertThat(PumpCurve.fee(cost, 30)).isEqualTo(296_251L);
  }

  @Test
  void sellProceedsRoundDown() {
    // 10 tokens against vsr 7 / vtr 100 → floor(70 / 110) = 0; against vsr 30e9: floor(...)
    assertThat(PumpCurve.sellProceeds(10, 7, 100)).isZero();
    assertThat(PumpCurve.sellProceeds(1_000_000, 30_000_000_000L, 1_073_000_000_000_000L)).isEqualTo(27);
    assertThat(PumpCurve.sellProceeds(0, 30_000_000_000L, 1_073_000_000_000_000L)).isZero();
  }

  @Test
  void graduationEndState() {
    // Buying every curve token from the initial state costs within 28 lamports of the 85.005 SOL
    // real migrations report (they accumulate one lamport of rounding per buy).
    long all = PumpCurve.buyCost(PumpCurve.INITIAL_REAL_TOKEN_RESERVES, PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES,
        PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES);
    long realSolAtMigration = 84_990_359_084L + 15_000_001L;

    assertThat(all).isEqualTo(85_005_359_057L);
    assertThat(realSolAtMigration - all).isBetween(0L, 28L);
    assertThat(PumpCurve.GRADUATION_VIRTUAL_TOKEN_RESERVES).isEqualTo(279_900_000_000_000L);
    assertThat(PumpCurve.MIGRATION_MINT_AMOUNT).isEqualTo(206_900_000_000_000L);
    assertThat(PumpCurve.progressPercent(0)).isEqualTo(new BigDecimal("100.00"));
    BigDecimal endPrice = PumpCurve.priceSol(30_000_000_000L + realSolAtMigration,
        PumpCurve.GRADUATION_VIRTUAL_TOKEN_RESERVES);
    assertThat(endPrice).isEqualTo(new BigDecimal("4.1088016822079314041E-7"));
  }

  @Test
  void initialPriceMarketCapAndProgress() {
    BigDecimal price = PumpCurve.priceSol(PumpCurve.INITIAL_VIRTUAL_SOL_RESERVES,
        PumpCurve.INITIAL_VIRTUAL_TOKEN_RESERVES);

    assertThat(price).isEqualTo(new BigDecimal("2.7958993476234855545E-8"));
    assertThat(PumpCurve.marketCap(price, PumpCurve.TOKEN_TOTAL_SUPPLY)).isEqualTo(new BigDecimal("27.958993476234855545"));
    assertThat(PumpCurve.progressPercent(PumpCurve.INITIAL_REAL_TOKEN_RESERVES)).isEqualTo(new BigDecimal("0.00"));
    assertThat(PumpCurve.progressPercent(PumpCurve.INITIAL_REAL_TOKEN_RESERVES + 1)).isEqualTo(new BigDecimal("0.00"));
    assertThat(PumpCurve.price(9_798_461_752L, 1_067_677_499_811_569L, 6))
        .isEqualTo(new BigDecimal("0.0000091773609106956916239"));
  }

  @Test
  void feesRoundUp() {
    assertThat(PumpCurve.fee(1, 95)).isEqualTo(1);
    assertThat(PumpCurve.fee(10_000, 95)).isEqualTo(95);
    assertThat(PumpCurve.fee(0, 95)).isZero();
    assertThat(LaunchLabCurve.fee(1_980_000_000L, 2_500)).isEqualTo(4_950_000L);
    assertThat(LaunchLabCurve.fee(1, 1)).isEqualTo(1);
  }

  @Test
  void productsBeyondLongDoNotOverflow() {
    // tokens × vsr = 1e15 × 1e12 overflows a long; the result fits.
    assertThat(PumpCurve.sellProceeds(1_000_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000_000_000L))
        .isEqualTo(500_000_000_000L);
  }

  @Test
  void rejectsImpossibleArgumentsWithTheirName() {
    assertThatThrownBy(() -> PumpCurve.buyCost(10, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens is 10, but must be below virtualTokenReserves 10");
    assertThatThrownBy(() -> PumpCurve.priceSol(1, 0))
        .hasMessage("virtualToken is 0, but must be positive (a migrated curve has no price)");
    assertThatThrownBy(() -> PumpCurve.fee(-1, 95)).hasMessage("amount is -1, but must not be negative");
  }

  @Test
  void launchLabBuyReproducesTheRealTradeEvent() {
    // pool 9HjtrQri…: 1.98 SOL in, protocol 0.25 % / platform 1 % / creator 0.05 % off the top.
    long gross = 1_980_000_000L;
    long fees = LaunchLabCurve.fee(gross, 2_500) + LaunchLabCurve.fee(gross, 10_000) + LaunchLabCurve.fee(gross, 500);
    long realBase = 602_241_254_286_758L;
    long realQuote = 38_377_977_720L;

    long out = LaunchLabCurve.buyExactIn(gross - fees, LaunchLabCurve.BONK_VIRTUAL_BASE,
        LaunchLabCurve.BONK_VIRTUAL_QUOTE, realBase, realQuote);

    assertThat(fees).isEqualTo(4_950_000L + 19_800_000L + 990_000L);
    assertThat(out).isEqualTo(13_081_111_858_058L);
    assertThat(realQuote + gross - fees).isEqualTo(40_332_237_720L); // real_quote_after
    assertThat(realBase + out).isEqualTo(615_322_366_144_816L); // real_base_after
  }

  @Test
  void launchLabExactOutIsTheLeastInputThatYieldsTheOutput() {
    long vb = LaunchLabCurve.BONK_VIRTUAL_BASE;
    long vq = LaunchLabCurve.BONK_VIRTUAL_QUOTE;
    long tokens = 34_612_776_857_862L;
    long quoteIn = LaunchLabCurve.buyExactOut(tokens, vb, vq, 0, 0);
    long quoteOut = 999_999_999L;
    long baseIn = LaunchLabCurve.sellExactOut(quoteOut, vb, vq, tokens, quoteIn);

    assertThat(LaunchLabCurve.buyExactIn(quoteIn, vb, vq, 0, 0)).isGreaterThanOrEqualTo(tokens);
    assertThat(LaunchLabCurve.buyExactIn(quoteIn - 1, vb, vq, 0, 0)).isLessThan(tokens);
    assertThat(LaunchLabCurve.sellExactIn(baseIn, vb, vq, tokens, quoteIn)).isGreaterThanOrEqualTo(quoteOut);
    assertThat(LaunchLabCurve.sellExactIn(baseIn - 1, vb, vq, tokens, quoteIn)).isLessThan(quoteOut);
  }

  @Test
  void launchLabBonkCurveEndsNearEightyFiveSol() {
    long vb = LaunchLabCurve.BONK_VIRTUAL_BASE;
    long vq = LaunchLabCurve.BONK_VIRTUAL_QUOTE;
    // quote needed to sell every curve token on the initial state
    long quoteIn = LaunchLabCurve.buyExactOut(LaunchLabCurve.BONK_TOTAL_BASE_SELL - 1, vb, vq, 0, 0);

    assertThat(quoteIn).isBetween(84_990_000_000L, LaunchLabCurve.BONK_TOTAL_QUOTE_FUND_RAISING);
    assertThat(LaunchLabCurve.progressPercent(LaunchLabCurve.BONK_TOTAL_BASE_SELL, LaunchLabCurve.BONK_TOTAL_BASE_SELL))
        .isEqualTo(new BigDecimal("100.00"));
    assertThat(LaunchLabCurve.price(vb, vq, LaunchLabCurve.BONK_TOTAL_BASE_SELL, 85_000_000_000L, 6, 9))
        .isEqualTo(new BigDecimal("4.1082648622297513117E-7"));
    assertThat(LaunchLabCurve.statusName(LaunchLabCurve.MIGRATE)).contains("Migrate");
    assertThat(LaunchLabCurve.statusName(7)).isEmpty();
  }

  @Test
  void launchLabPriceOfTheRealTradeEvent() {
    BigDecimal price = LaunchLabCurve.price(1_073_025_605_596_382L, 30_000_852_951L, 615_322_366_144_816L,
        40_332_237_720L, 6, 9);

    assertThat(price).isEqualTo(new BigDecimal("1.5366526737996274016E-7"));
  }
}
