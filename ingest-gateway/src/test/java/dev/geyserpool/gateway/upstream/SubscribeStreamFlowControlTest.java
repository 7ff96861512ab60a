package dev.geyserpool.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Backpressure over real HTTP/2: a stream never holds more than its window of unreleased
 * updates, so a slow Kafka slows the reads instead of growing memory; releasing resumes them.
 */
class SubscribeStreamFlowControlTest {
  private static final int WINDOW = 8;

  @Test
  void readsAtMostTheWindowAheadOfWhatWasReleased() throws Exception {
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      ManagedChannel channel = UpstreamChannels.open(UpstreamEndpoint.plaintext(sim.target(), Secret.none()));
      try {
        ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger unreleased = new AtomicInteger();
        AtomicInteger maxUnreleased = new AtomicInteger();
        SubscribeStream stream = new SubscribeStream("flow", channel, WINDOW, Long.MAX_VALUE, Clock.systemUTC(), System::nanoTime,
            new SubscribeStream.Listener() {
              @Override
              public void onUpdate(SubscribeStream s, RawUpdate update, Receipt release) {
                received.incrementAndGet();
                maxUnreleased.accumulateAndGet(unreleased.incrementAndGet(), Math::max);
                held.add(() -> {
                  unreleased.decrementAndGet();
                  release.settled();
                });
              }

              @Override
              public void onClosed(SubscribeStream s, Status status) {}
            });
        stream.start(SubscribeRequest.newBuilder()
            .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
            .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.audit().streamsOpen() == 1);

        int total = sim.generateTraffic(40).size();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == WINDOW);

        // Release one at a time: each release lets exactly one more in, never more than the window.
        while (received.get() < total) {
          int before = received.get();
          Runnable next = held.poll();
          assertThat(next).as("an update is held while %d of %d arrived", before, total).isNotNull();
          next.run();
          await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > before || received.get() == total);
        }
        held.forEach(Runnable::run);

        assertThat(maxUnreleased.get()).isEqualTo(WINDOW);
        assertThat(received.get()).isEqualTo(total);
        stream.cancel("done");
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
