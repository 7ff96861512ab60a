package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedEvent;
import dev.geyserpool.decode.EventSource;
import dev.geyserpool.decode.Fields;
import dev.geyserpool.decode.Location;
import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.SolanaDecoder;
import dev.geyserpool.monitors.pump.CurveStateChanged;
import dev.geyserpool.monitors.pump.PriceUpdated;
import dev.geyserpool.monitors.pump.PumpAccountMonitor;
import dev.geyserpool.monitors.pump.PumpMintMonitor;
import dev.geyserpool.monitors.pump.PumpPriceMonitor;
import dev.geyserpool.monitors.pump.PumpTransactionMonitor;
import dev.geyserpool.monitors.pump.TokenMinted;
import dev.geyserpool.monitors.pump.TradeExecuted;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four Pump.fun monitors on real mainnet data, against the values an independent decoder gave. */
class PumpMonitorsTest {
  private static final String MINT = "7YD6ZHb39jGb33ki2iFd7kHK11yMkSFCc9kvjJscpump";
  private static final String CURVE = "9hgcsTpZP48Ttku3uhg5gZ388YFCfErayJ5rHSru9PF7";
  private static final String CREATOR = "5zsxd4pGNCQpwyKiBWZ95nCTPsEPoS62xEGnjpW6FRy7";
  private static final String SIGNATURE =
      "5EDHe12KqokKkhDLY8n5cs7hYs5g49mNFTMKHARafs9FMVBYcG1rYf7VD4h1zd19G7zaXGNLqqyTsczPXbbafYuZ";
  private static final MathContext TWELVE = new MathContext(12);

  private final DecodedTransaction launch =
      SolanaDecoder.transaction(Fixtures.yellowstoneTransaction().getTransaction().getTransaction(), 435_000_000L);

  @Test
  void mintMonitorReportsTheCreateV2() {
    assertThat(new PumpMintMonitor().events(launch)).containsExactly(new TokenMinted(MINT, "NYXORA", "NYXORA",
        "https://ipfs.io/ipfs/bafkreiguttiiufcl24xtnzgxvvonh7b535a3dh6txrjgwax2hyecsyj46i", CREATOR, CURVE,
        "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb", "create_v2", 435_000_000L, SIGNATURE));
  }

  @Test
  void transactionMonitorReportsTheBuyFromItsTradeEvent() {
    assertThat(new PumpTransactionMonitor().events(launch)).containsExactly(new TradeExecuted(MINT, CURVE, CREATOR,
        "buy", 98_750_018L, 3_520_371_073_923L, null, null, 938_126L, 296_251L, "buy", 435_000_000L, SIGNATURE));
  }

  @Test
  void priceMonitorPricesTheCoinFromThePostTradeReserves() {
    List<MonitorEvent> events = new PumpPriceMonitor().events(launch);

    assertThat(events).hasSize(1);
    PriceUpdated price = (PriceUpdated) events.get(0);
    // (30.098750018 SOL) / (1_069_479_628.926077 tokens), computed here without the decoder's math.
    BigDecimal expected = new BigDecimal("30.098750018").divide(new BigDecimal("1069479628.926077"), TWELVE);
    assertThat(price.priceSol().round(TWELVE)).isEqualByComparingTo(expected);
    assertThat(price.marketCapSol().round(TWELVE))
        .isEqualByComparingTo(expected.multiply(BigDecimal.valueOf(1_000_000_000L)).round(TWELVE));
    // 100 − 789_579_628_926_077 × 100 / 793_100_000_000_000 = 0.4439…
    assertThat(price.progressPct().setScale(2, java.math.RoundingMode.DOWN)).isEqualByComparingTo("0.44");
    assertThat(price.mint()).isEqualTo(MINT);
    assertThat(price.bondingCurve()).isEqualTo(CURVE);
    assertThat(price.source()).isEqualTo("trade");
    assertThat(price.quoteMint()).isNull();
    assertThat(price.virtualQuoteReserves()).isEqualTo(30_098_750_018L);
    assertThat(price.virtualTokenReserves()).isEqualTo(1_069_479_628_926_077L);
  }

  @Test
  void accountMonitorReportsChangesOnlyAndKeysByTheMintItSawLaunch() {
    PumpAccountMonitor monitor = new PumpAccountMonitor();
    byte[] data = Fixtures.curveData();
    DecodedAccount unknownCurve = account("3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3", data);

    List<MonitorEvent> first = monitor.events(unknownCurve);
    assertThat(first).containsExactly(new CurveStateChanged(null, "3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3",
        1_045_502_991_298_183L, 30_789_008_086L, 765_602_991_298_183L, 789_008_086L, 1_000_000_000_000_000L, false,
        "5htGpHK2oV9g2BcDqLdRBqjCLdy8mc3fsESfR5DU73eM", null,
        ((CurveStateChanged) first.get(0)).progressPct(), List.of("first_seen"), 7L, null));
    assertThat(first.get(0).key()).isEqualTo("3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3");
    assertThat(monitor.events(unknownCurve)).as("the same state again is no change").isEmpty();

    byte[] completed = data.clone();
    completed[48] = 1;
    assertThat(monitor.events(account("3jJ83NDorkbFkF1JKbEfFWGeX16aXUiwby9RwJm9kat3", completed)))
        .singleElement().extracting(e -> ((CurveStateChanged) e).changed()).isEqualTo(List.of("complete"));

    // A curve whose launch the monitor saw is keyed by its mint.
    assertThat(monitor.events(launch)).isEmpty();
    List<MonitorEvent> known = monitor.events(account(CURVE, data));
    assertThat(known).singleElement().satisfies(e -> {
      assertThat(e.mint()).isEqualTo(MINT);
      assertThat(e.key()).isEqualTo(MINT);
    });
  }

  @Test
  void priceMonitorPricesCurveWritesAndSkipsMigratedCurves() {
    PumpPriceMonitor monitor = new PumpPriceMonitor();
    monitor.events(launch);
    PriceUpdated price = (PriceUpdated) monitor.events(account(CURVE, Fixtures.curveData())).get(0);
    BigDecimal expected = new BigDecimal("30.789008086").divide(new BigDecimal("1045502991.298183"), TWELVE);
    assertThat(price.priceSol().round(TWELVE)).isEqualByComparingTo(expected);
    assertThat(price.mint()).isEqualTo(MINT);
    assertThat(price.source()).isEqualTo("curve");

    byte[] migrated = Fixtures.curveData();
    java.util.Arrays.fill(migrated, 8, 40, (byte) 0); // reserves zeroed by migrate
    assertThat(monitor.events(account(CURVE, migrated))).isEmpty();
  }

  @Test
  void usdcQuotedCurvesArePricedInTheirQuoteMintNotInSol() {
    // The TradeEvent of the real USDC-quoted buy_v2 (slot 435948490): sol fields 0, quote fields set.
    Fields trade = Fields.builder()
        .put("mint", "4F4gGVBAWuKi3EpmYdhntXvCVFqZZqmrb1cqNGawpump").put("sol_amount", 0L)
        .put("token_amount", 445_377_137_871L).put("is_buy", true).put("user", "BwWK17cbHxwWBKZkUYvzxLcNQ1YVyaFezduWbtm2de6s")
        .put("virtual_sol_reserves", 0L).put("virtual_token_reserves", 1_067_677_499_811_569L)
        .put("real_sol_reserves", 0L).put("real_token_reserves", 787_777_499_811_569L).put("fee", 0L)
        .put("creator_fee", 0L).put("ix_name", "buy")
        .put("quote_mint", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v").put("quote_amount", 3_517_192L)
        .put("virtual_quote_reserves", 9_798_461_752L).put("real_quote_reserves", 25_148_140L)
        .build();
    // Derived values as the decoder computes them for this event (its USDC price is checked in decoders).
    Fields derived = dev.geyserpool.decode.internal.Derived.event(Program.PUMP, "TradeEvent", trade, null);
    DecodedEvent event = new DecodedEvent(Program.PUMP, "TradeEvent", trade, derived, new Location(2, 3, 3),
        EventSource.INNER_INSTRUCTION, 350, 0, null);
    DecodedTransaction tx = new DecodedTransaction("sig", 435_948_490L, false, List.of(), List.of(event), List.of());

    PriceUpdated price = (PriceUpdated) new PumpPriceMonitor().events(tx).get(0);
    assertThat(price.priceSol()).isNull();
    assertThat(price.marketCapSol()).isNull();
    assertThat(price.quoteMint()).isEqualTo("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");
    // 9_798.461752 USDC / 1_067_677_499.811569 tokens
    assertThat(price.priceQuote().round(TWELVE))
        .isEqualByComparingTo(new BigDecimal("9798.461752").divide(new BigDecimal("1067677499.811569"), TWELVE));
    TradeExecuted executed = (TradeExecuted) new PumpTransactionMonitor().events(tx).get(0);
    assertThat(executed.quoteAmount()).isEqualTo(3_517_192L);
    assertThat(executed.solAmount()).isZero();
  }

  @Test
  void failedTransactionsGiveNoEvents() {
    var failed = Fixtures.yellowstoneTransaction().getTransaction().getTransaction().toBuilder();
    failed.getMetaBuilder().getErrBuilder().setErr(com.google.protobuf.ByteString.copyFrom(new byte[] {8, 0, 0, 0}));
    DecodedTransaction tx = SolanaDecoder.transaction(failed.build(), 1);
    assertThat(tx.failed()).isTrue();
    assertThat(new PumpTransactionMonitor().events(tx)).isEmpty();
    assertThat(new PumpPriceMonitor().events(tx)).isEmpty();
  }

  private static DecodedAccount account(String pubkey, byte[] data) {
    return SolanaDecoder.account(Fixtures.pumpAccount(pubkey, data), 7L).orElseThrow();
  }
}
