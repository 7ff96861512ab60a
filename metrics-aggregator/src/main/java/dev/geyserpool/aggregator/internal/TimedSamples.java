package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.internal.state.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Time-stamped values in time order, for the sliding metrics ("failed in the last 5 min",
 * "reconnects in the last hour"). Bounded: past {@link #CAP} samples the oldest go, so a failure
 * storm cannot grow the state without end (the counts it feeds are far over every threshold by
 * then). Not thread-safe.
 */
final class TimedSamples {
  static final int CAP = 4096;

  private final List<Long> at = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  static TimedSamples ofTimes(List<Long> times) {
    TimedSamples samples = new TimedSamples();
    for (long t : times) {
      samples.add(t, 1);
    }
    return samples;
  }

  static TimedSamples ofSamples(List<Sample> list) {
    TimedSamples samples = new TimedSamples();
    for (Sample s : list) {
      samples.add(s.getAtMicros(), s.getValue());
    }
    return samples;
  }

  /** Adds a sample in time order (a late one goes before the newer ones). */
  void add(long atMicros, double value) {
    int i = at.size();
    while (i > 0 && at.get(i - 1) > atMicros) {
      i--;
    }
    at.add(i, atMicros);
    values.add(i, value);
    while (at.size() > CAP) {
      at.remove(0);
      values.remove(0);
    }
  }

  /** Drops the samples before {@code fromMicros}. */
  void prune(long fromMicros) {
    int n = 0;
    while (n < at.size() && at.get(n) < fromMicros) {
      n++;
    }
    if (n > 0) {
      at.subList(0, n).clear();
      values.subList(0, n).clear();
    }
  }

  /**
   * Samples at or after {@code fromMicros}; {@code toMicros} only documents the caller's "now":
   * a sample stamped later (a late event of a clock a little ahead) counts all the same.
   */
  int count(long fromMicros, long toMicros) {
    int n = 0;
    for (long t : at) {
      if (t >= fromMicros) {
        n++;
      }
    }
    return n;
  }

  /** Mean value of the samples at or after {@code fromMicros} (see {@link #count}), 0 when there are none. */
  double mean(long fromMicros, long toMicros) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < at.size(); i++) {
      if (at.get(i) >= fromMicros) {
        sum += values.get(i);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  List<Long> times() {
    return List.copyOf(at);
  }

  List<Sample> samples() {
    List<Sample> list = new ArrayList<>(at.size());
    for (int i = 0; i < at.size(); i++) {
      list.add(Sample.newBuilder().setAtMicros(at.get(i)).setValue(values.get(i)).build());
    }
    return list;
  }
}
