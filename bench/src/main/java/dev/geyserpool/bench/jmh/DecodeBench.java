package dev.geyserpool.bench.jmh;

import dev.geyserpool.decode.DecodedAccount;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.SolanaDecoder;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a reference monitor pays per update to decode it ({@link SolanaDecoder}): a Pump.fun buy
 * (resolve accounts, decode the buy instruction and its TradeEvent self-CPI, derive SOL and price),
 * a LaunchLab buy (instruction + TradeEvent with its parent), and a BondingCurve account write.
 * Inputs are the simulator's byte-accurate transactions.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DecodeBench {
  SubscribeUpdateTransactionInfo pumpBuy;
  SubscribeUpdateTransactionInfo launchLabBuy;
  SubscribeUpdateAccountInfo curveWrite;

  @Setup
  public void setUp() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(3, () -> 1_785_000_000L);
    generator.create();
    GeneratedTransaction buy = generator.buy();
    pumpBuy = buy.transaction();
    curveWrite = buy.accountWrites().stream().filter(w -> w.getData().size() > 100).findFirst().orElseThrow();
    generator.launchLabCreate();
    launchLabBuy = generator.launchLabBuy().transaction();
    if (SolanaDecoder.transaction(pumpBuy, 1).events().isEmpty()
        || SolanaDecoder.transaction(launchLabBuy, 1).events().isEmpty()
        || SolanaDecoder.account(curveWrite, 1).isEmpty()) {
      throw new IllegalStateException("setup: the inputs do not decode to what this benchmark measures");
    }
  }

  @Benchmark
  public DecodedTransaction pumpBuyTransaction() {
    return SolanaDecoder.transaction(pumpBuy, 1);
  }

  @Benchmark
  public DecodedTransaction launchLabBuyTransaction() {
    return SolanaDecoder.transaction(launchLabBuy, 1);
  }

  @Benchmark
  public Optional<DecodedAccount> bondingCurveAccount() {
    return SolanaDecoder.account(curveWrite, 1);
  }
}
