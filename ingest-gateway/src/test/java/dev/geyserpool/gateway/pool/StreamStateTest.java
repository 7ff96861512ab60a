package dev.geyserpool.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stream slot lifecycle allows exactly these transitions. */
class StreamStateTest {
  @ParameterizedTest
  @CsvSource({
      "PENDING, OPENING, true", "PENDING, CLOSED, true", "PENDING, STREAMING, false", "PENDING, BACKOFF, false",
      "OPENING, STREAMING, true", "OPENING, PENDING, true", "OPENING, BACKOFF, true", "OPENING, CLOSED, true",
      "STREAMING, PENDING, true", "STREAMING, BACKOFF, true", "STREAMING, CLOSED, true", "STREAMING, OPENING, false",
      "BACKOFF, PENDING, true", "BACKOFF, CLOSED, true", "BACKOFF, OPENING, false", "BACKOFF, STREAMING, false",
      "CLOSED, PENDING, false", "CLOSED, OPENING, false", "CLOSED, CLOSED, false"})
  void transitions(StreamState from, StreamState to, boolean allowed) {
    assertThat(from.canBecome(to)).isEqualTo(allowed);
  }
}
