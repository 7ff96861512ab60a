package dev.geyserpool.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.decode.DecodedTransaction;
import dev.geyserpool.decode.SolanaDecoder;
import dev.geyserpool.monitors.graduation.Graduated;
import dev.geyserpool.monitors.graduation.GraduationMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabAccountMonitor;
import dev.geyserpool.monitors.launchlab.LaunchLabMintMonitor;
import dev.geyserpool.monitors.launchlab.PoolLaunched;
import dev.geyserpool.monitors.launchlab.PoolStateChanged;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.sim.traffic.ChainFact;
import dev.geyserpool.sim.traffic.GeneratedTransaction;
import dev.geyserpool.sim.traffic.PumpTrafficGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LaunchLab and graduation monitors over the simulator's byte-accurate traffic, without Kafka:
 * each generated transaction is decoded and handed to the monitor the way the SDK would, and the
 * events are compared with the generator's ground truth.
 */
class LaunchpadMonitorsTest {
  private static final List<GeneratedTransaction> TRAFFIC = new ArrayList<>();

  @BeforeAll
  static void generate() {
    PumpTrafficGenerator generator = new PumpTrafficGenerator(7, () -> 1_785_000_000L);
    for (int i = 0; i < 1_500; i++) {
      TRAFFIC.addAll(generator.next());
    }
  }

  @Test
  void launchLabMintMonitorReportsEveryPoolLaunch() {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    LaunchLabMintMonitor monitor = new LaunchLabMintMonitor();
    for (GeneratedTransaction tx : TRAFFIC) {
      for (ChainFact fact : tx.facts()) {
        if (fact instanceof ChainFact.LaunchLabPoolCreated p) {
          expected.add(String.join(" ", p.baseMint(), p.pool(), p.quoteMint(), p.creator(), p.name(), p.symbol(), p.uri()));
        }
      }
      for (MonitorEvent e : transactionEvents(monitor, tx)) {
        PoolLaunched p = (PoolLaunched) e;
        actual.add(String.join(" ", p.mint(), p.pool(), p.quoteMint(), p.creator(), p.name(), p.symbol(), p.uri()));
        assertThat(p.curveType()).isEqualTo("Constant");
        assertThat(p.totalQuoteFundRaising()).isEqualTo(85_000_000_000L);
      }
    }
    assertThat(expected).isNotEmpty();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void launchLabAccountMonitorReportsEveryChangeOfStatusOrReserves() {
    List<String> expected = new ArrayList<>();
    Map<String, String> last = new HashMap<>();
    List<String> actual = new ArrayList<>();
    LaunchLabAccountMonitor monitor = new LaunchLabAccountMonitor();
    for (GeneratedTransaction tx : TRAFFIC) {
      for (ChainFact fact : tx.facts()) {
        if (fact instanceof ChainFact.PoolStateWritten p) {
          String state = p.status() + " " + p.realBase() + " " + p.realQuote();
          if (!state.equals(last.put(p.pubkey(), state))) {
            expected.add(p.pubkey() + " " + p.baseMint() + " " + state);
          }
        }
      }
      for (SubscribeUpdateAccountInfo write : tx.accountWrites()) {
        SolanaDecoder.account(write, 1).ifPresent(a -> monitor.events(a).forEach(e -> {
          PoolStateChanged p = (PoolStateChanged) e;
          actual.add(p.pool() + " " + p.mint() + " " + p.status() + " " + p.realBase() + " " + p.realQuote());
          assertThat(p.statusName()).isEqualTo(new String[] {"Fund", "Migrate", "Trade"}[p.status()]);
        }));
      }
    }
    assertThat(expected).anyMatch(s -> s.contains(" 2 ")).anyMatch(s -> s.contains(" 1 "));
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void graduationMonitorReportsCompletionsMigrationsAndTheEndOfEachRaise() {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    GraduationMonitor monitor = new GraduationMonitor();
    for (GeneratedTransaction tx : TRAFFIC) {
      for (ChainFact fact : tx.facts()) {
        if (fact instanceof ChainFact.CurveCompleted c) {
          expected.add("curve_complete pump " + c.mint() + " " + c.bondingCurve());
        } else if (fact instanceof ChainFact.CurveMigrated m) {
          expected.add("migrated pump " + m.mint() + " " + m.bondingCurve() + " " + m.pool());
        } else if (fact instanceof ChainFact.LaunchLabStatusChanged s) {
          expected.add((s.toStatus() == 1 ? "fundraising_ended" : "migrated") + " launchlab " + s.baseMint() + " "
              + s.pool());
        }
      }
      for (MonitorEvent e : transactionEvents(monitor, tx)) {
        Graduated g = (Graduated) e;
        String pool = g.platform().equals("pump") && g.newPool() != null ? " " + g.newPool() : "";
        actual.add(g.stage() + " " + g.platform() + " " + g.mint() + " " + g.curve() + pool);
      }
    }
    assertThat(expected).anyMatch(s -> s.startsWith("migrated pump")).anyMatch(s -> s.startsWith("migrated launchlab"));
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void repeatedDeliveriesOfAnUnchangedPoolGiveNoEvent() {
    LaunchLabAccountMonitor monitor = new LaunchLabAccountMonitor();
    SubscribeUpdateAccountInfo write = TRAFFIC.stream().flatMap(t -> t.accountWrites().stream())
        .filter(w -> w.getData().size() == 429).findFirst().orElseThrow();
    assertThat(monitor.events(SolanaDecoder.account(write, 1).orElseThrow())).hasSize(1);
    assertThat(monitor.events(SolanaDecoder.account(write, 1).orElseThrow())).isEmpty();
    SubscribeUpdateAccountInfo foreignOwner = write.toBuilder().setOwner(ByteString.copyFrom(new byte[32])).build();
    assertThat(SolanaDecoder.account(foreignOwner, 1)).isEmpty();
  }

  private static List<MonitorEvent> transactionEvents(ReferenceMonitor monitor, GeneratedTransaction tx) {
    DecodedTransaction decoded = SolanaDecoder.transaction(tx.transaction(), 1);
    return decoded.failed() ? List.of() : monitor.events(decoded);
  }
}
