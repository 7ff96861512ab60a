package dev.geyserpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.gateway.config.GatewaySettings;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.ConnectionSnapshot;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.MonitorSnapshot;
import dev.geyserpool.proto.pool.PoolEvent;
import dev.geyserpool.proto.pool.PoolEventType;
import dev.geyserpool.proto.pool.PoolSnapshot;
import dev.geyserpool.proto.pool.StreamSnapshot;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a stream processor reading {@code geyser.pool-events} sees of a gateway process, on the
 * simulator over HTTP/2 and a real broker: each start is a new incarnation whose events are
 * numbered 1, 2, 3, ... from GATEWAY_STARTED to GATEWAY_STOPPED, the pool's snapshot comes every
 * second and says what the gateway's own stats say, and a monitor joining an open stream is
 * reported with that stream and its connection.
 */
@ExtendWith(KafkaClusterExtension.class)
class PoolEventsEndToEndTest {
  private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  /** The snapshot interval (1 s) and the control loop's longest tick (100 ms), with room for a loaded machine. */
  private static final long SNAPSHOT_WITHIN_MICROS = 1_500_000;

  @Test
  void aStreamProcessorCanRebuildThePoolFromTheEventsOfEachIncarnation(KafkaCluster kafka) throws Exception {
    String suffix = Long.toString(System.nanoTime(), 36);
    String gatewayId = "pool-events-" + suffix;
    String first = "events-first-" + suffix;
    String second = "events-second-" + suffix;
    try (YellowstoneSimulator sim = YellowstoneSimulator.start(SimulatorConfig.builder()
            .slotInterval(Duration.ofMillis(100)).trafficRate(5).build());
        EventReader reader = new EventReader(kafka, gatewayId)) {
      GatewaySettings settings = GatewaySettings.builder()
          .upstreamTarget(sim.target())
          .kafkaBootstrapServers(kafka.bootstrapServers())
          .adminPort(0)
          .gatewayId(gatewayId)
          .build();

      String firstIncarnation;
      PoolStats steady;
      long steadyAtMicros;
      try (GatewayServer server = GatewayServer.start(settings, config -> config.poolRules(FastRules.get()))) {
        IngestGateway gateway = server.gateway();
        firstIncarnation = gateway.incarnationId();
        gateway.declare(monitor(first));
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(gateway.poolStats().monitorStates().get(first)));
        gateway.declare(monitor(second));
        await().atMost(Duration.ofSeconds(30)).until(() -> steady(gateway.poolStats(), first, second));
        steady = gateway.poolStats();
        steadyAtMicros = PoolEventLog.epochMicros(java.time.Instant.now());

        // The next snapshot is on the topic while the gateway still runs.
        reader.until(events -> events.stream().anyMatch(e -> e.getType() == PoolEventType.POOL_SNAPSHOT
            && e.getAtEpochMicros() >= steadyAtMicros));
        assertThat(steady(gateway.poolStats(), first, second)).as("the pool stayed as it was").isTrue();
      }

      String secondIncarnation;
      try (GatewayServer restarted = GatewayServer.start(settings, config -> config.poolRules(FastRules.get()))) {
        secondIncarnation = restarted.gateway().incarnationId();
        reader.until(events -> events.stream().anyMatch(e -> e.getIncarnationId().equals(secondIncarnation)
            && e.getType() == PoolEventType.POOL_SNAPSHOT));
      }
      List<PoolEvent> events = reader.until(seen -> seen.stream()
          .filter(e -> e.getType() == PoolEventType.GATEWAY_STOPPED).count() == 2);

      // Each start is an incarnation of its own, numbered from 1 without holes, started to stopped.
      Map<String, List<PoolEvent>> byIncarnation = new LinkedHashMap<>();
      for (PoolEvent e : events) {
        byIncarnation.computeIfAbsent(e.getIncarnationId(), id -> new ArrayList<>()).add(e);
      }
      assertThat(byIncarnation.keySet()).containsExactly(firstIncarnation, secondIncarnation);
      assertThat(firstIncarnation).isNotEqualTo(secondIncarnation);
      int firstStopped = events.indexOf(byIncarnation.get(firstIncarnation).get(byIncarnation.get(firstIncarnation).size() - 1));
      assertThat(events.subList(0, firstStopped + 1)).as("the second incarnation starts after the first stopped")
          .allMatch(e -> e.getIncarnationId().equals(firstIncarnation));
      for (List<PoolEvent> incarnation : byIncarnation.values()) {
        assertThat(incarnation.get(0).getType()).isEqualTo(PoolEventType.GATEWAY_STARTED);
        assertThat(incarnation.get(1).getType()).isEqualTo(PoolEventType.TOKENS_RESTORED);
        assertThat(incarnation.get(incarnation.size() - 1).getType()).isEqualTo(PoolEventType.GATEWAY_STOPPED);
        assertThat(incarnation).extracting(PoolEvent::getSequence)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, incarnation.size()).boxed().toList());
        PoolEvent started = incarnation.get(0);
        assertThat(incarnation).filteredOn(e -> e.getType() == PoolEventType.POOL_SNAPSHOT).first()
            .as("an aggregator starting with this incarnation is right within a second")
            .satisfies(s -> assertThat(s.getAtEpochMicros()).isBetween(started.getAtEpochMicros(),
                started.getAtEpochMicros() + SNAPSHOT_WITHIN_MICROS));
      }
      assertThat(byIncarnation.get(secondIncarnation).get(1).getValue())
          .as("the first incarnation's dial, read back from the connection ledger").isPositive();

      // A monitor joining an open stream: with that stream and its connection.
      List<PoolEvent> run = byIncarnation.get(firstIncarnation);
      PoolEvent opened = run.stream().filter(e -> e.getType() == PoolEventType.STREAM_OPENED
          && e.getMonitorIdsList().contains(first)).findFirst().orElseThrow();
      assertThat(opened.getGroup()).isEqualTo("low");
      assertThat(run).filteredOn(e -> e.getType() == PoolEventType.MONITOR_JOINED).singleElement().satisfies(e -> {
        assertThat(e.getMonitorIdsList()).containsExactly(second);
        assertThat(e.getStreamId()).isEqualTo(opened.getStreamId());
        assertThat(e.getConnectionId()).isEqualTo(opened.getConnectionId());
        assertThat(e.getGroup()).isEqualTo("low");
      });
      assertThat(run).filteredOn(e -> e.getType() == PoolEventType.CONNECTION_CREATED
          && e.getConnectionId().equals(opened.getConnectionId())).singleElement()
          .satisfies(e -> assertThat(e.getDialCause()).isEqualTo(dev.geyserpool.proto.pool.DialCause.DIAL_FIRST));

      // The snapshot after the pool settled says what the gateway's own stats said.
      PoolEvent snapshotEvent = run.stream().filter(e -> e.getType() == PoolEventType.POOL_SNAPSHOT
          && e.getAtEpochMicros() >= steadyAtMicros).findFirst().orElseThrow();
      assertThat(snapshotEvent.getAtEpochMicros()).isLessThanOrEqualTo(steadyAtMicros + SNAPSHOT_WITHIN_MICROS);
      PoolSnapshot snapshot = snapshotEvent.getSnapshot();
      assertThat(snapshot.getConnectionsCount()).isEqualTo(steady.totalConnections());
      assertThat(count(snapshot.getConnectionsList(), "active")).isEqualTo(steady.activeConnections());
      assertThat(count(snapshot.getConnectionsList(), "idle")).isEqualTo(steady.idleConnections());
      assertThat(count(snapshot.getConnectionsList(), "creating")).isEqualTo(steady.creatingConnections());
      assertThat(snapshot.getConnectionsList().stream()
          .collect(Collectors.toMap(ConnectionSnapshot::getConnectionId, ConnectionSnapshot::getStreams)))
          .isEqualTo(steady.streamsPerConnection());
      assertThat(snapshot.getStreamsList().stream().filter(s -> Set.of("opening", "active").contains(s.getState())).count())
          .isEqualTo(steady.totalStreams());
      assertThat(snapshot.getStreamsList()).filteredOn(s -> s.getStreamId().equals(opened.getStreamId())).singleElement()
          .satisfies(s -> assertThat(s.getMonitorIdsList()).containsExactly(first, second));
      Map<String, Integer> monitorsByGroup = new TreeMap<>();
      for (StreamSnapshot s : snapshot.getStreamsList()) {
        monitorsByGroup.merge(s.getGroup(), s.getMonitorIdsCount(), Integer::sum);
      }
      steady.monitorsByGroup().forEach((group, monitors) ->
          assertThat(monitorsByGroup.getOrDefault(group, 0)).as("monitors of group %s", group).isEqualTo(monitors));
      assertThat(snapshot.getMonitorsList().stream()
          .collect(Collectors.toMap(MonitorSnapshot::getMonitorId, MonitorSnapshot::getState)))
          .isEqualTo(steady.monitorStates());
      assertThat(snapshot.getQueueCount()).isEqualTo(steady.queuedRequests());
      assertThat(snapshot.getRateLimit().getLimit()).isEqualTo(steady.rateLimitMax());
      assertThat(snapshot.getRateLimit().getEnforcedLimit()).isEqualTo(steady.rateLimitEffective());
      assertThat(snapshot.getRateLimit().getUsed()).isEqualTo(steady.rateLimitUsed());
      assertThat(snapshot.getRateLimit().getRemaining()).isEqualTo(steady.rateLimitRemaining());
      assertThat(snapshot.getSinkAvailable()).isTrue();
    }
  }

  /** Both monitors served, nothing dialing or queued (other tests' declarations may be served too). */
  private static boolean steady(PoolStats stats, String first, String second) {
    return "active".equals(stats.monitorStates().get(first)) && "active".equals(stats.monitorStates().get(second))
        && stats.monitorStates().values().stream().allMatch(s -> s.equals("active") || s.equals("rejected"))
        && stats.creatingConnections() == 0 && stats.queuedRequests() == 0;
  }

  private static long count(List<ConnectionSnapshot> connections, String state) {
    return connections.stream().filter(c -> c.getState().equals(state)).count();
  }

  private static MonitorDeclaration monitor(String id) {
    // Group, commitment and data slice alike: both monitors share one stream.
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup("low")
        .setFilters(SubscribeRequest.newBuilder().putTransactions("pump",
            SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build()))
        .build();
  }

  /** Reads one gateway's pool events from the start of the topic, in the order they were written. */
  private static final class EventReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String gatewayId;
    private final List<PoolEvent> seen = new ArrayList<>();

    EventReader(KafkaCluster kafka, String gatewayId) {
      this.gatewayId = gatewayId;
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "pool-events-test-" + System.nanoTime());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(Topics.POOL_EVENTS));
    }

    /** Polls until {@code enough} holds for what was read so far (bounded). */
    List<PoolEvent> until(Predicate<List<PoolEvent>> enough) {
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (gatewayId.equals(r.key())) {
            seen.add(PoolEvent.parseFrom(r.value()));
          }
        }
        return enough.test(seen);
      });
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
