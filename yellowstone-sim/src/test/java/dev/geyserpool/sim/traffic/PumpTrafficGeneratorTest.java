package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PumpTrafficGeneratorTest {
  static final long TS = 1_785_328_607L;
  static final java.util.Set<GeneratedTransaction.Kind> PUMP_CURVE_KINDS = java.util.EnumSet.of(
      GeneratedTransaction.Kind.PUMP_CREATE, GeneratedTransaction.Kind.PUMP_BUY, GeneratedTransaction.Kind.PUMP_SELL);

  static SubscribeUpdate fixture() throws Exception {
    try (InputStream in = PumpTrafficGeneratorTest.class.getResourceAsStream(
        "/fixtures/pump_create_v2_and_buy.SubscribeUpdate.pb")) {
      return SubscribeUpdate.parseFrom(in);
    }
  }

  /** The emit_cpi events (after the 8-byte tag) of a transaction, in order. */
  static List<byte[]> cpiEvents(SubscribeUpdateTransactionInfo tx) {
    List<ByteString> keys = tx.getTransaction().getMessage().getAccountKeysList();
    List<byte[]> out = new ArrayList<>();
    for (InnerInstructions group : tx.getMeta().getInnerInstructionsList()) {
      for (InnerInstruction ix : group.getInstructionsList()) {
        ByteString data = ix.getData();
        if (keys.get(ix.getProgramIdIndex()).equals(PumpProgram.PROGRAM)
            && data.size() >= 16 && data.substring(0, 8).equals(PumpProgram.EVENT_IX_TAG)) {
          out.add(data.substring(8).toByteArray());
        }
      }
    }
    return out;
  }

  static List<byte[]> programDataLines(SubscribeUpdateTransactionInfo tx) {
    List<byte[]> out = new ArrayList<>();
    for (String line : tx.getMeta().getLogMessagesList()) {
      if (line.startsWith("Program data: ")) {
        out.add(Base64.getDecoder().decode(line.substring("Program data: ".length())));
      }
    }
    return out;
  }

  @Test
  void encodersReproduceTheRealMainnetTransactionByteForByte() throws Exception {
    SubscribeUpdateTransactionInfo real = fixture().getTransaction().getTransaction();
    List<byte[]> events = cpiEvents(real);
    assertThat(events).hasSize(2);

    PumpDecoder create = new PumpDecoder(events.get(0));
    assertThat(create.hex(8)).isEqualTo("1b72a94ddeeb6376");
    PumpProgram.CreateEvent ce = create.createEvent();
    assertThat(ce.name()).isEqualTo("NYXORA");
    assertThat(ce.virtualTokenReserves()).isEqualTo(1_073_000_000_000_000L);
    assertThat(PumpProgram.createEvent(ce)).isEqualTo(events.get(0));

    PumpDecoder trade = new PumpDecoder(events.get(1));
    assertThat(trade.hex(8)).isEqualTo("bddb7fd34ee661ee");
    PumpProgram.TradeEvent te = trade.tradeEvent();
    assertThat(te.solAmount()).isEqualTo(98_750_018L);
    assertThat(te.tokenAmount()).isEqualTo(3_520_371_073_923L);
    assertThat(te.fee()).isEqualTo(Curve.fee(te.solAmount(), 95)).isEqualTo(938_126L);
    assertThat(te.creatorFee()).isEqualTo(Curve.fee(te.solAmount(), 30)).isEqualTo(296_251L);
    assertThat(PumpProgram.tradeEvent(te)).isEqualTo(events.get(1));
    assertThat(programDataLines(real)).zipSatisfy(events, (log, cpi) -> assertThat(log).isEqualTo(cpi));

    Message m = real.getTransaction().getMessage();
    CompiledInstruction buy = m.getInstructions(2);
    assertThat(PumpProgram.buyData(3_520_371_073_923L, 108_000_000L)).isEqualTo(buy.getData().toByteArray());
    assertThat(PumpProgram.createV2Data(ce.name(), ce.symbol(), ce.uri(), ce.creator(), false))
        .isEqualTo(m.getInstructions(0).getData().toByteArray());

    // The generator's own math reproduces the real first buy from the initial curve.
    Curve curve = new Curve(ce.mint(), ce.creator());
    assertThat(curve.buyCost(te.tokenAmount())).isEqualTo(te.solAmount());
    curve.applyBuy(te.tokenAmount(), te.solAmount());
    assertThat(curve.virtualSolReserves).isEqualTo(te.virtualSolReserves());
    assertThat(curve.virtualTokenReserves).isEqualTo(te.virtualTokenReserves());
    assertThat(curve.realTokenReserves).isEqualTo(te.realTokenReserves());
  }

  @Test
  void createTransactionHasTheFixturesShape() throws Exception {
    PumpTrafficGenerator g = new PumpTrafficGenerator(7, () -> TS);
    GeneratedTransaction tx = g.create();
    assertThat(tx.kind()).isEqualTo(GeneratedTransaction.Kind.PUMP_CREATE);
    SubscribeUpdateTransactionInfo info = tx.transaction();
    Message m = info.getTransaction().getMessage();
    Message real = fixture().getTransaction().getTransaction().getTransaction().getMessage();
    assertThat(m.getHeader().getNumRequiredSignatures()).isEqualTo(real.getHeader().getNumRequiredSignatures());
    assertThat(info.getTransaction().getSignaturesCount()).isEqualTo(2);
    assertThat(m.getInstructionsList()).extracting(ix -> m.getAccountKeys(ix.getProgramIdIndex()))
        .containsExactly(PumpProgram.PROGRAM, PumpProgram.ATA_PROGRAM, PumpProgram.PROGRAM);
    assertThat(m.getInstructions(0).getAccounts().size()).isEqualTo(16);
    assertThat(m.getInstructions(2).getAccounts().size()).isEqualTo(16);
    assertThat(info.getMeta().getInnerInstructionsList()).extracting(InnerInstructions::getIndex).containsExactly(0, 1, 2);
    assertThat(info.getMeta().getPreBalancesCount()).isEqualTo(m.getAccountKeysCount());

    PumpDecoder ix = new PumpDecoder(m.getInstructions(0).getData());
    assertThat(ix.hex(8)).isEqualTo("d6904cec5f8b31b4");
    String name = ix.string();
    String symbol = ix.string();
    String uri = ix.string();
    ByteString creator = ix.pubkey();
    assertThat(ix.bool()).isFalse();
    assertThat(ix.remaining()).isZero();
    ByteString mint = m.getAccountKeys(m.getInstructions(0).getAccounts().byteAt(0));

    List<byte[]> events = cpiEvents(info);
    assertThat(programDataLines(info)).zipSatisfy(events, (log, cpi) -> assertThat(log).isEqualTo(cpi));
    PumpDecoder ce = new PumpDecoder(events.get(0));
    assertThat(ce.hex(8)).isEqualTo("1b72a94ddeeb6376");
    PumpProgram.CreateEvent create = ce.createEvent();
    assertThat(create.name()).isEqualTo(name);
    assertThat(create.symbol()).isEqualTo(symbol);
    assertThat(create.uri()).isEqualTo(uri);
    assertThat(create.mint()).isEqualTo(mint);
    assertThat(create.creator()).isEqualTo(creator);
    assertThat(create.timestamp()).isEqualTo(TS);
    assertThat(create.realTokenReserves()).isEqualTo(793_100_000_000_000L);

    PumpDecoder te = new PumpDecoder(events.get(1));
    assertThat(te.hex(8)).isEqualTo("bddb7fd34ee661ee");
    PumpProgram.TradeEvent trade = te.tradeEvent();
    assertThat(trade.mint()).isEqualTo(mint);
    assertThat(trade.isBuy()).isTrue();
    assertThat(trade.ixName()).isEqualTo("buy");
    assertThat(trade.realSolReserves()).isEqualTo(trade.solAmount());
  }

  @Test
  void tradesFollowConstantProductMathAndCurveAccountsMatchTheirEvents() {
    PumpTrafficGenerator g = new PumpTrafficGenerator(11, () -> TS);
    Map<ByteString, long[]> reserves = new HashMap<>(); // mint -> {vtr, vsr, rtr, rsr}
    int buys = 0;
    int sells = 0;
    int failed = 0;
    int votes = 0;
    int loadedOnly = 0;
    int completions = 0;
    for (int i = 0; i < 600; i++) {
      for (GeneratedTransaction tx : g.next()) {
        SubscribeUpdateTransactionInfo info = tx.transaction();
        assertThat(info.getSignature().size()).isEqualTo(64);
        for (SubscribeUpdateAccountInfo a : tx.accountWrites()) {
          assertThat(a.getTxnSignature()).isEqualTo(info.getSignature());
        }
        if (tx.failed()) {
          failed++;
          assertThat(cpiEvents(info)).isEmpty();
          assertThat(tx.accountWrites()).hasSize(1);
          continue;
        }
        if (tx.kind() == GeneratedTransaction.Kind.VOTE) {
          votes++;
          assertThat(info.getIsVote()).isTrue();
          continue;
        }
        if (tx.kind() == GeneratedTransaction.Kind.OTHER) {
          loadedOnly++;
          assertThat(info.getMeta().getLoadedWritableAddressesCount()).isEqualTo(2);
          assertThat(info.getTransaction().getMessage().getAccountKeysList())
              .doesNotContainAnyElementsOf(info.getMeta().getLoadedWritableAddressesList());
          continue;
        }
        if (!PUMP_CURVE_KINDS.contains(tx.kind())) {
          continue; // PumpSwap, LaunchLab and migrations have their own tests
        }
        List<byte[]> events = cpiEvents(info);
        byte[] tradeBytes = events.stream().filter(e -> TxInspector.hexOf(e, 8).equals("bddb7fd34ee661ee"))
            .findFirst().orElseThrow();
        PumpDecoder d = new PumpDecoder(tradeBytes);
        assertThat(d.hex(8)).isEqualTo("bddb7fd34ee661ee");
        PumpProgram.TradeEvent t = d.tradeEvent();
        long[] pre = reserves.getOrDefault(t.mint(), new long[] {1_073_000_000_000_000L, 30_000_000_000L,
            793_100_000_000_000L, 0});
        BigInteger tokens = BigInteger.valueOf(t.tokenAmount());
        if (t.isBuy()) {
          buys++;
          long expectedCost = tokens.multiply(BigInteger.valueOf(pre[1]))
              .divide(BigInteger.valueOf(pre[0] - t.tokenAmount())).longValueExact() + 1;
          assertThat(t.solAmount()).isEqualTo(expectedCost);
          assertThat(t.solAmount()).isBetween(1L, 8_200_000_000L);
          assertThat(t.virtualTokenReserves()).isEqualTo(pre[0] - t.tokenAmount());
          assertThat(t.virtualSolReserves()).isEqualTo(pre[1] + t.solAmount());
        } else {
          sells++;
          long expectedOut = tokens.multiply(BigInteger.valueOf(pre[1]))
              .divide(BigInteger.valueOf(pre[0] + t.tokenAmount())).longValueExact();
          assertThat(t.solAmount()).isEqualTo(expectedOut);
          assertThat(t.virtualTokenReserves()).isEqualTo(pre[0] + t.tokenAmount());
          assertThat(t.virtualSolReserves()).isEqualTo(pre[1] - t.solAmount());
        }
        assertThat(t.fee()).isEqualTo(Curve.fee(t.solAmount(), 95));
        // k never decreases (the +1 on buys rounds in the curve's favour)
        assertThat(BigInteger.valueOf(t.virtualSolReserves()).multiply(BigInteger.valueOf(t.virtualTokenReserves())))
            .isGreaterThanOrEqualTo(BigInteger.valueOf(pre[1]).multiply(BigInteger.valueOf(pre[0])));
        if (t.realTokenReserves() == 0) {
          completions++;
        }
        reserves.put(t.mint(), new long[] {t.virtualTokenReserves(), t.virtualSolReserves(),
            t.realTokenReserves(), t.realSolReserves()});

        SubscribeUpdateAccountInfo curveWrite = tx.accountWrites().stream()
            .filter(a -> a.getOwner().equals(PumpProgram.PROGRAM)).findFirst().orElseThrow();
        assertThat(curveWrite.getData().size()).isEqualTo(151);
        PumpDecoder c = new PumpDecoder(curveWrite.getData());
        assertThat(c.hex(8)).isEqualTo("17b7f83760d8ac60");
        PumpProgram.BondingCurve curve = c.bondingCurve();
        assertThat(curve.virtualTokenReserves()).isEqualTo(t.virtualTokenReserves());
        assertThat(curve.virtualSolReserves()).isEqualTo(t.virtualSolReserves());
        assertThat(curve.realTokenReserves()).isEqualTo(t.realTokenReserves());
        assertThat(curve.realSolReserves()).isEqualTo(t.realSolReserves());
        assertThat(curve.creator()).isEqualTo(t.creator());
        assertThat(curve.complete()).isEqualTo(t.realTokenReserves() == 0);
        assertThat(events).hasSize((tx.kind() == GeneratedTransaction.Kind.PUMP_CREATE ? 2 : 1)
            + (curve.complete() ? 1 : 0));

        Message m = info.getTransaction().getMessage();
        CompiledInstruction top = m.getInstructionsList().stream()
            .filter(ix -> m.getAccountKeys(ix.getProgramIdIndex()).equals(PumpProgram.PROGRAM))
            .reduce((a, b) -> b).orElseThrow();
        PumpDecoder ixData = new PumpDecoder(top.getData());
        assertThat(ixData.hex(8)).isEqualTo(t.isBuy() ? "66063d1201daebea" : "33e685a4017f83ad");
        assertThat(ixData.u64()).isEqualTo(t.tokenAmount());
        long limit = ixData.u64();
        if (t.isBuy()) {
          assertThat(limit).isGreaterThanOrEqualTo(t.solAmount() + t.fee() + t.creatorFee());
        } else {
          assertThat(limit).isLessThanOrEqualTo(t.solAmount() - t.fee() - t.creatorFee());
        }
        assertThat(m.getAccountKeys(top.getAccounts().byteAt(2))).isEqualTo(t.mint());
      }
    }
    assertThat(buys).isGreaterThan(100);
    assertThat(sells).isGreaterThan(50);
    assertThat(completions).isPositive();
    assertThat(failed).isPositive();
    assertThat(votes).isGreaterThan(50);
    assertThat(loadedOnly).isPositive();
  }

  @Test
  void sameSeedSameTraffic() {
    PumpTrafficGenerator a = new PumpTrafficGenerator(5, () -> TS);
    PumpTrafficGenerator b = new PumpTrafficGenerator(5, () -> TS);
    for (int i = 0; i < 50; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
    assertThat(new PumpTrafficGenerator(6, () -> TS).next()).isNotEqualTo(new PumpTrafficGenerator(5, () -> TS).next());
  }
}
