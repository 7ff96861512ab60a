package dev.geyserpool.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void reportsNearestRankPercentilesAndStartsAnewAfterADrain() {
    LatencyRecorder recorder = new LatencyRecorder(1000);
    for (long ms = 100; ms >= 1; ms--) {
      recorder.record(ms);
    }

    assertThat(recorder.drain()).isEqualTo(new LatencyRecorder.Snapshot(100, 50, 99));
    assertThat(recorder.drain()).isEqualTo(new LatencyRecorder.Snapshot(0, 0, 0));
  }

  @Test
  void staysBoundedAndFairWhenMoreArriveThanItKeeps() {
    LatencyRecorder recorder = new LatencyRecorder(1000);
    for (int i = 0; i < 100_000; i++) {
      recorder.record(i % 100 < 90 ? 5 : 500);
    }

    LatencyRecorder.Snapshot snapshot = recorder.drain();
    assertThat(snapshot.count()).isEqualTo(100_000);
    assertThat(snapshot.p50Millis()).isEqualTo(5);
    assertThat(snapshot.p99Millis()).isEqualTo(500);
  }
}
