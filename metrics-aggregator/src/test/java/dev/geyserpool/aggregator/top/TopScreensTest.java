package dev.geyserpool.aggregator.top;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The terminal views draw the seed's elements from an API answer, and never wider than the screen. */
class TopScreensTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode metrics() throws Exception {
    try (InputStream in = TopScreensTest.class.getResourceAsStream("/top/metrics.json")) {
      return JSON.readTree(in);
    }
  }

  private static String screen(TopScreens.View view, JsonNode metrics, JsonNode series, int width) {
    return TopScreens.render(view, metrics, series, null, width).stream().map(AttributedString::toString)
        .collect(Collectors.joining("\n"));
  }

  @Test
  void singleLineIsTheSeedsUltraCompactStatus() throws Exception {
    assertThat(TopScreens.line(metrics())).isEqualTo("gRPC: 4/40 conns | 35/60 rate | 3/4 mons | ✓ healthy");
    JsonNode stopped = ((com.fasterxml.jackson.databind.node.ObjectNode) metrics()).put("gatewayState", "stopped");
    assertThat(TopScreens.line(stopped)).endsWith("| ✗ gateway stopped");
  }

  @Test
  void statusViewHasTheMetersAndTheMonitorsByGroup() throws Exception {
    String s = screen(TopScreens.View.STATUS, metrics(), null, 80);
    assertThat(s).contains("gRPC Pool Status [Live]")
        .contains("Connections: ██░░░░░░░░░░░░░░░░░░ 4/40 (10%)")
        .contains("Rate Limit:  ████████████░░░░░░░░ 35/60 (58%)")
        .contains("Queue:       █░░░░░░░░░░░░░░░░░░░ 1 waiting")
        .contains("Active Monitors (3/4):")
        .contains("[H] pump-price●● pump-transactions●")
        .contains("[M] pump-mint●")
        .contains("[L] launchlab-account○")
        .contains("Health 94/100 · next token 1s");
  }

  @Test
  void liveViewListsEachMonitorsStreamsAndRate() throws Exception {
    String s = screen(TopScreens.View.LIVE, metrics(), null, 80);
    assertThat(s).contains("┌─ gRPC Pool Monitor ").contains("Connections     Rate Limit      Active Streams")
        .containsPattern("• pump-price\\s+\\[██ ] 2 streams\\s+↑512 msg/s")
        .containsPattern("• launchlab-account\\s+\\[   ] 0 streams\\s+idle")
        .contains("Queue: 1 waiting | Next Token: 1s | Uptime: 2h34m");
  }

  @Test
  void flowViewJoinsMonitorsToTheirConnections() throws Exception {
    String s = screen(TopScreens.View.FLOW, metrics(), null, 80);
    assertThat(s).contains("gRPC Connection Flow (Real-time)")
        .containsPattern("pump-price\\s+━━━┓")
        .containsPattern("pump-transactions\\s+━━━┫━━━ conn-1")
        .contains("(2/15) active")
        .containsPattern("pump-mint\\s+━━━━━━━ conn-3")
        .contains("queued: s-4 (3.5 s)")
        .contains("Rate: ████████████░░░░░░░░ 35/60 tokens");
  }

  @Test
  void sparklinesScaleEachSeriesToItsPeak() throws Exception {
    JsonNode series = JSON.readTree("{\"points\":[" + String.join(",", List.of(
        point(0, 0, 0, 0), point(2, 10, 0, 0), point(4, 50, 1, 1), point(3, 25, 0, 0))) + "]}");
    String s = screen(TopScreens.View.SPARKLINES, metrics(), series, 80);
    assertThat(s).contains("Sparkline View (Last 5 Minutes)")
        .contains("Connections: ▁▅█▆ (3)")
        .contains("Rate Limit:  ▁▂█▅ (15)")
        .contains("Queue Depth: ▁▁█▁ (0)")
        .contains("Failures:    ▁▁█▁ (0)");
  }

  @ParameterizedTest
  @EnumSource(TopScreens.View.class)
  void noLineIsWiderThanTheScreen(TopScreens.View view) throws Exception {
    for (int width : new int[] {40, 64, 120}) {
      assertThat(TopScreens.render(view, metrics(), null, null, width))
          .allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(width));
    }
  }

  @Test
  void withoutAnAnswerItSaysWhy() {
    assertThat(TopScreens.render(TopScreens.View.STATUS, null, null, "the aggregator at http://x does not answer", 80)
        .get(1).toString()).isEqualTo("the aggregator at http://x does not answer");
  }

  private static String point(int connections, double percent, int queue, int failures) {
    return "{\"connections\":" + connections + ",\"rateLimitPercent\":" + percent + ",\"queueDepth\":" + queue
        + ",\"failures\":" + failures + "}";
  }
}
