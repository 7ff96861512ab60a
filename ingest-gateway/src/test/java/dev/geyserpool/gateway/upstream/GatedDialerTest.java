package dev.geyserpool.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.GetVersionRequest;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * gRPC's own reconnects must not spend the provider's budget behind the pool's back: a channel
 * whose transport drops may not dial again by itself. Over real HTTP/2 against the simulator,
 * whose audit counts every connection it sees.
 */
class GatedDialerTest {
  @Test
  void aDroppedConnectionCannotReconnectByItselfAndTheProviderSeesOneConnection() throws Exception {
    GatedDialer dialer = new GatedDialer(1);
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder().manual(true).build())) {
      AtomicInteger ready = new AtomicInteger();
      AtomicReference<String> failure = new AtomicReference<>();
      UpstreamConnection connection = new UpstreamConnection("conn-test", UpstreamEndpoint.plaintext(sim.target(),
          Secret.none()), dialer, new UpstreamConnection.Listener() {
            @Override
            public void onReady(UpstreamConnection c) {
              ready.incrementAndGet();
            }

            @Override
            public void onFailed(UpstreamConnection c, String reason) {
              failure.set(reason);
            }
          });
      try {
        connection.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> ready.get() == 1);
        GeyserGrpc.newBlockingStub(connection.channel()).getVersion(GetVersionRequest.getDefaultInstance());

        sim.dropConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> failure.get() != null);

        // Any call now makes the channel try to reconnect: the dial is refused before it leaves.
        for (int i = 0; i < 3; i++) {
          try {
            GeyserGrpc.newBlockingStub(connection.channel()).withDeadlineAfter(2, TimeUnit.SECONDS)
                .getVersion(GetVersionRequest.getDefaultInstance());
          } catch (StatusRuntimeException expected) {
            // UNAVAILABLE: the gated dial failed locally.
          }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dialer.refusedDials() >= 1);
        assertThat(dialer.dials()).isEqualTo(1);
        assertThat(sim.audit().totalConnections()).isEqualTo(1);
      } finally {
        connection.close();
        dialer.shutdown();
      }
    }
  }
}
