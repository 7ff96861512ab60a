package dev.geyserpool.sdk.example;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.pool.SubscriptionStatus;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.TransactionFilter;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.MonitorGroup;
import java.util.concurrent.CountDownLatch;

/** The README's example monitor, compiled with the tests so that it stays correct: prints every successful Pump.fun trade. */
public final class PumpTradesMonitor implements UpdateHandler {
  static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  private static final String INSTRUCTION = "Program log: Instruction: ";

  public static void main(String[] args) throws InterruptedException {
    Monitor monitor = Monitor.builder()
        .id("pump-trades")
        .group(MonitorGroup.HIGH)
        .commitment(CommitmentLevel.CONFIRMED)
        .filter(TransactionFilter.named("trades").vote(false).failed(false).accountInclude(PUMP))
        .bootstrapServers(System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
        .handler(new PumpTradesMonitor())
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      monitor.close(); // commit, last heartbeat, remove the declaration
      stopped.countDown();
    }));
    monitor.start(); // declare, wait for the gateway's answer, consume
    stopped.await();
  }

  @Override
  public void onTransaction(TransactionUpdate trade) {
    String action = trade.transaction().getMeta().getLogMessagesList().stream()
        .filter(line -> line.startsWith(INSTRUCTION))
        .map(line -> line.substring(INSTRUCTION.length()))
        .findFirst()
        .orElse("?");
    System.out.printf("slot %d  %-6s %s%n", trade.context().slot(), action, trade.signature());
  }

  @Override
  public void onGap(GapUpdate gap) {
    System.out.printf("LOST slots %d-%d: %s%n", gap.gap().getFromSlot(), gap.gap().getToSlot(), gap.gap().getReason());
  }

  @Override
  public void onStatus(SubscriptionStatus status) {
    System.out.printf("gateway says %s: %s%n", status.getState(), status.getReason());
  }
}
