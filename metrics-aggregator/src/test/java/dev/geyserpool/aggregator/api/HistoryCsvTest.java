package dev.geyserpool.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.pool.PoolHealth;
import dev.geyserpool.proto.pool.PoolHealthFactors;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolWindowConnections;
import dev.geyserpool.proto.pool.PoolWindowRateLimit;
import dev.geyserpool.proto.pool.PoolWindowStreams;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCsvTest {
  private static final long START = 1_796_637_600_000L; // 2026-12-07T10:00:00Z

  @Test
  void oneRowPerWindowWithEveryHistoricalFieldAndEmptyHealthForASilentWindow() {
    PoolMetricsWindow busy = PoolMetricsWindow.newBuilder().setGatewayId("gw-1")
        .setWindowStartEpochMillis(START).setWindowEndEpochMillis(START + 300_000).setFinal(true)
        .setConnections(PoolWindowConnections.newBuilder().setCreated(3).setFailed(1).setRecycled(2).setExpired(1))
        .setRateLimit(PoolWindowRateLimit.newBuilder().setMaxUsed(25).setAvgUsed(12.345).setViolations(2)
            .setQueueDepthMax(4).setLimit(60))
        .setStreams(PoolWindowStreams.newBuilder().setCreated(7).setCompleted(5).setFailed(1).setAvgDurationSeconds(61.5))
        .setHealth(PoolHealth.newBuilder().setScore(94).setFactors(PoolHealthFactors.newBuilder()
            .setConnectionStability(98).setRateLimitHeadroom(42).setStreamDistribution(88).setQueuePerformance(96)))
        .setEvents(120).setSnapshots(300)
        .build();
    PoolMetricsWindow silent = PoolMetricsWindow.newBuilder().setGatewayId("gw-1")
        .setWindowStartEpochMillis(START + 300_000).setWindowEndEpochMillis(START + 600_000)
        .build();

    String[] lines = HistoryCsv.render(List.of(busy, silent)).split("\r\n", -1);

    assertThat(lines).hasSize(4);
    assertThat(lines[0].split(",")).hasSize(24).startsWith("timestamp", "window_end", "gateway_id");
    assertThat(lines[1]).isEqualTo("2026-12-07T10:00:00Z,2026-12-07T10:05:00Z,gw-1,true,3,1,2,1,25,12.35,2,4,60,7,5,1,"
        + "61.50,94.00,98.00,42.00,88.00,96.00,120,300");
    assertThat(lines[2]).isEqualTo("2026-12-07T10:05:00Z,2026-12-07T10:10:00Z,gw-1,false,0,0,0,0,0,0.00,0,0,0,0,0,0,"
        + "0.00,,,,,,0,0");
    assertThat(lines[3]).isEmpty();
  }

  @Test
  void quotesAFieldHoldingACommaOrAQuote() {
    assertThat(HistoryCsv.quote("gw-1")).isEqualTo("gw-1");
    assertThat(HistoryCsv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(HistoryCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
  }
}
