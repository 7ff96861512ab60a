package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.monitors.EventJson;
import dev.geyserpool.monitors.EventSink;
import dev.geyserpool.monitors.KafkaEventSink;
import dev.geyserpool.monitors.MonitorEvent;
import dev.geyserpool.monitors.ReferenceMonitor;
import dev.geyserpool.monitors.ReferenceMonitors;
import dev.geyserpool.monitors.graduation.Graduated;
import dev.geyserpool.monitors.graduation.GraduationMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabAccountMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabMintMonitor;
import dev.geyserpool.monitors.launchlab.PoolLaunched;
import dev.geyserpool.monitors.launchlab.PoolStateChanged;
import dev.geyserpool.monitors.pump.CurveStateChanged;
import dev.geyserpool.monitors.pump.PriceUpdated;
import dev.geyserpool.monitors.pump.PumpAccountMonitor;
import dev.geyserpool.monitors.pump.PumpMintMonitor;
import dev.geyserpool.monitors.pump.PumpPriceMonitor;
import dev.geyserpool.monitors.pump.PumpTransactionMonitor;
import dev.geyserpool.monitors.pump.TokenMinted;
import dev.geyserpool.monitors.pump.TradeExecuted;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.ReplayResult;
import dev.geyserpool.sdk.Replayer;
import dev.geyserpool.sim.PlacedFact;
import dev.geyserpool.sim.traffic.ChainFact;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seven reference monitors over simulator traffic, end to end on real parts (the simulator
 * over HTTP/2, the gateway, a real broker, the SDK): each monitor's events must be exactly what
 * the simulator's ground truth ({@link ChainFact}s, written by the traffic generator and
 * independent of the decoders) says happened, its Kafka topic must hold exactly those events, and a
 * replay of its past updates must give a fresh instance the same events.
 */
@ExtendWith(KafkaClusterExtension.class)
class ReferenceMonitorsEndToEndTest {
  private static final MathContext FIFTEEN = new MathContext(15);

  @Test
  void everyMonitorReportsExactlyWhatTheSimulatorDid(KafkaCluster kafka) throws Exception {
    Map<String, List<MonitorEvent>> recorded = new ConcurrentHashMap<>();
    EventSink recording = (monitorId, event) ->
        recorded.computeIfAbsent(monitorId, id -> new CopyOnWriteArrayList<>()).add(event);
    Map<String, CountingHandler> counted = new ConcurrentHashMap<>();
    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null,
        sim -> sim.trafficRate(80).slotInterval(Duration.ofMillis(100)).seed(7))) {
      ReferenceMonitors.Running running = system.startReferenceMonitors(
          EventSink.all(new KafkaEventSink(kafka.bootstrapServers()), recording),
          (monitor, handler) -> counted.computeIfAbsent(monitor.id(), id -> new CountingHandler(handler)));
      system.awaitActive(running.sdkMonitors(), Duration.ofSeconds(30));
      assertThat(system.audit().streamsOpen()).as("one stream per group").isEqualTo(3);

      system.simulator().startTraffic();
      // Run until both launchpads have taken a coin all the way to its AMM.
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        List<PlacedFact> facts = system.simulator().generated().facts();
        return facts.stream().anyMatch(f -> f.fact() instanceof ChainFact.CurveMigrated)
            && facts.stream().anyMatch(f -> f.fact() instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2);
      });
      system.simulator().stopTraffic();

      // Every update each monitor asked for arrived once.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (Monitor monitor : running.sdkMonitors()) {
          DeliveryReport report = DeliveryReport.compare(
              system.generatedIdentities(monitor.declaration().getFilters()), counted.get(monitor.id()).seen());
          assertThat(report.complete()).as(monitor.id() + " " + report).isTrue();
        }
      });
      List<PlacedFact> facts = system.simulator().generated().facts();
      assertThat(system.simulator().generated().factsDropped()).isZero();

      assertThat(recorded.get(PumpMintMonitor.ID)).containsExactlyInAnyOrderElementsOf(expectedMints(facts));
      assertThat(recorded.get(PumpTransactionMonitor.ID)).map(ReferenceMonitorsEndToEndTest::trade)
          .containsExactlyInAnyOrderElementsOf(expectedTrades(facts));
      assertPrices(recorded.get(PumpPriceMonitor.ID), facts);
      assertThat(recorded.get(PumpAccountMonitor.ID)).map(ReferenceMonitorsEndToEndTest::curveState)
          .containsExactlyInAnyOrderElementsOf(expectedCurveStates(facts));
      assertThat(recorded.get(LaunchLabMintMonitor.ID)).map(ReferenceMonitorsEndToEndTest::poolLaunch)
          .containsExactlyInAnyOrderElementsOf(expectedPoolLaunches(facts));
      assertThat(recorded.get(LaunchLabAccountMonitor.ID)).map(ReferenceMonitorsEndToEndTest::poolState)
          .containsExactlyInAnyOrderElementsOf(expectedPoolStates(facts));
      assertThat(recorded.get(GraduationMonitor.ID)).map(ReferenceMonitorsEndToEndTest::graduation)
          .containsExactlyInAnyOrderElementsOf(expectedGraduations(facts));

      // Each monitor's topic holds exactly its events, keyed by mint.
      for (String id : ReferenceMonitors.ids()) {
        List<MonitorEvent> events = recorded.get(id);
        assertThat(events).as(id).isNotEmpty();
        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, KafkaEventSink.topic(id), events.size());
        assertThat(records).as(id).hasSize(events.size());
        for (ConsumerRecord<String, byte[]> record : records) {
          JsonNode json = EventJson.read(record.value());
          if (!id.equals(PumpAccountMonitor.ID) && !(id.equals(PumpPriceMonitor.ID) && json.path("source").asText().equals("curve"))) {
            // Every event but a curve write of a coin not seen launching names its mint.
            assertThat(json.hasNonNull("mint")).as(id + " " + json).isTrue();
          }
          if (json.hasNonNull("mint")) {
            assertThat(record.key()).as(id).isEqualTo(json.get("mint").asText());
          }
        }
        assertThat(records).map(r -> r.key() + " " + new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
            .as(id).containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.key() + " " + EventJson.toJson(id, e))
                .toList());
      }

      // Replaying a monitor's past updates from Kafka gives a fresh instance the same events.
      for (ReferenceMonitor fresh : ReferenceMonitors.named(
          List.of(PumpMintMonitor.ID, PumpTransactionMonitor.ID, LaunchLabMintMonitor.ID, GraduationMonitor.ID))) {
        List<MonitorEvent> replayed = new ArrayList<>();
        fresh.sink((id, e) -> replayed.add(e));
        Monitor live = running.sdkMonitors().stream().filter(m -> m.id().equals(fresh.id())).findFirst().orElseThrow();
        ReplayResult result = Replayer.builder().bootstrapServers(kafka.bootstrapServers()).monitorId(fresh.id())
            .group(fresh.group()).filters(live.declaration().getFilters()).fromEarliest().build().replay(fresh);
        assertThat(result.failed()).isZero();
        assertThat(replayed).as("replay of " + fresh.id()).containsExactlyInAnyOrderElementsOf(recorded.get(fresh.id()));
      }
    }
  }

  private static List<TokenMinted> expectedMints(List<PlacedFact> facts) {
    List<TokenMinted> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.TokenLaunched t) {
        out.add(new TokenMinted(t.mint(), t.name(), t.symbol(), t.uri(), t.creator(), t.bondingCurve(),
            t.tokenProgram(), "create_v2", f.slot(), f.signature()));
      }
    }
    return out;
  }

  private static String trade(MonitorEvent e) {
    TradeExecuted t = (TradeExecuted) e;
    return String.join(" ", t.mint(), t.user(), t.side(), "" + t.solAmount(), "" + t.tokenAmount(), "" + t.fee(),
        "" + t.creatorFee(), "" + t.slot(), t.signature());
  }

  private static List<String> expectedTrades(List<PlacedFact> facts) {
    List<String> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.CurveTraded t) {
        out.add(String.join(" ", t.mint(), t.user(), t.buy() ? "buy" : "sell", "" + t.solAmount(), "" + t.tokenAmount(),
            "" + t.fee(), "" + t.creatorFee(), "" + f.slot(), f.signature()));
      }
    }
    return out;
  }

  /** One price per trade (post-trade reserves) and per curve write that still prices (virtual tokens > 0). */
  private static void assertPrices(List<MonitorEvent> events, List<PlacedFact> facts) {
    List<String> expected = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.CurveTraded t) {
        expected.add("trade " + t.mint() + " " + t.virtualSolReserves() + "/" + t.virtualTokenReserves() + " "
            + f.signature());
      } else if (f.fact() instanceof ChainFact.CurveAccountWritten c && c.virtualTokenReserves() > 0) {
        expected.add("curve " + c.pubkey() + " " + c.virtualSolReserves() + "/" + c.virtualTokenReserves() + " "
            + f.signature());
      }
    }
    List<String> actual = new ArrayList<>();
    for (MonitorEvent e : events) {
      PriceUpdated p = (PriceUpdated) e;
      String subject = p.source().equals("trade") ? p.mint() : p.bondingCurve();
      actual.add(p.source() + " " + subject + " " + p.virtualQuoteReserves() + "/" + p.virtualTokenReserves() + " "
          + p.signature());
      // price × tokens = SOL, checked here without the decoder's division.
      BigDecimal sol = p.priceSol().multiply(BigDecimal.valueOf(p.virtualTokenReserves(), 6));
      assertThat(sol.round(FIFTEEN)).isEqualByComparingTo(BigDecimal.valueOf(p.virtualQuoteReserves(), 9).round(FIFTEEN));
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static String curveState(MonitorEvent e) {
    CurveStateChanged c = (CurveStateChanged) e;
    return String.join(" ", c.bondingCurve(), "" + c.virtualTokenReserves(), "" + c.virtualQuoteReserves(),
        "" + c.realTokenReserves(), "" + c.realQuoteReserves(), "" + c.complete(), c.creator(), "" + c.signature());
  }

  /** Curve writes that changed something, per curve in write order (what a state-change monitor reports). */
  private static List<String> expectedCurveStates(List<PlacedFact> facts) {
    Map<String, String> last = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.CurveAccountWritten c) {
        String state = String.join(" ", "" + c.virtualTokenReserves(), "" + c.virtualSolReserves(),
            "" + c.realTokenReserves(), "" + c.realSolReserves(), "" + c.complete(), c.creator());
        if (!state.equals(last.put(c.pubkey(), state))) {
          out.add(c.pubkey() + " " + state + " " + f.signature());
        }
      }
    }
    return out;
  }

  private static String poolLaunch(MonitorEvent e) {
    PoolLaunched p = (PoolLaunched) e;
    return String.join(" ", p.mint(), p.pool(), p.quoteMint(), p.creator(), p.name(), p.symbol(), p.uri(),
        "" + p.slot(), p.signature());
  }

  private static List<String> expectedPoolLaunches(List<PlacedFact> facts) {
    List<String> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.LaunchLabPoolCreated p) {
        out.add(String.join(" ", p.baseMint(), p.pool(), p.quoteMint(), p.creator(), p.name(), p.symbol(), p.uri(),
            "" + f.slot(), f.signature()));
      }
    }
    return out;
  }

  private static String poolState(MonitorEvent e) {
    PoolStateChanged p = (PoolStateChanged) e;
    return String.join(" ", p.pool(), p.mint(), "" + p.status(), "" + p.realBase(), "" + p.realQuote(),
        "" + p.totalBaseSell(), "" + p.signature());
  }

  private static List<String> expectedPoolStates(List<PlacedFact> facts) {
    Map<String, String> last = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      if (f.fact() instanceof ChainFact.PoolStateWritten p) {
        String state = p.status() + " " + p.realBase() + " " + p.realQuote();
        if (!state.equals(last.put(p.pubkey(), state))) {
          out.add(String.join(" ", p.pubkey(), p.baseMint(), "" + p.status(), "" + p.realBase(), "" + p.realQuote(),
              "" + p.totalBaseSell(), f.signature()));
        }
      }
    }
    return out;
  }

  private static String graduation(MonitorEvent e) {
    Graduated g = (Graduated) e;
    // The Raydium CPMM pool a LaunchLab pool migrates to is not in the simulator's facts.
    String newPool = g.platform().equals("launchlab") && g.stage().equals(Graduated.MIGRATED) && g.newPool() != null
        ? "?" : Objects.toString(g.newPool());
    return String.join(" ", g.stage(), g.platform(), g.mint(), g.curve(), newPool,
        Objects.toString(g.venue()), Objects.toString(g.baseAmount()), Objects.toString(g.quoteAmount()), g.signature());
  }

  private static List<String> expectedGraduations(List<PlacedFact> facts) {
    List<String> out = new ArrayList<>();
    for (PlacedFact f : facts) {
      ChainFact fact = f.fact();
      if (fact instanceof ChainFact.CurveCompleted c) {
        out.add(String.join(" ", Graduated.CURVE_COMPLETE, "pump", c.mint(), c.bondingCurve(), "null", "null", "null",
            "null", f.signature()));
      } else if (fact instanceof ChainFact.CurveMigrated m) {
        out.add(String.join(" ", Graduated.MIGRATED, "pump", m.mint(), m.bondingCurve(), m.pool(), "pumpswap",
            "" + m.mintAmount(), "" + m.solAmount(), f.signature()));
      } else if (fact instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 1) {
        long raised = facts.stream()
            .filter(t -> t.signature().equals(f.signature()) && t.fact() instanceof ChainFact.LaunchLabTraded)
            .mapToLong(t -> ((ChainFact.LaunchLabTraded) t.fact()).realQuoteAfter())
            .findFirst().orElseThrow();
        out.add(String.join(" ", Graduated.FUNDRAISING_ENDED, "launchlab", s.baseMint(), s.pool(), "null", "null", "null",
            "" + raised, f.signature()));
      } else if (fact instanceof ChainFact.LaunchLabStatusChanged s && s.toStatus() == 2) {
        out.add(String.join(" ", Graduated.MIGRATED, "launchlab", s.baseMint(), s.pool(), "?", "raydium_cpmm", "null",
            "null", f.signature()));
      }
    }
    return out;
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(KafkaCluster kafka, String topic, int expected) {
    java.util.Properties props = new java.util.Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-read-" + topic + "-" + System.nanoTime());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more poll: anything beyond the expected count would show up here.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
