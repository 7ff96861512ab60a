package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamRecordLimitsTest {
  private static final int MIB = 1024 * 1024;

  @Test
  void theLargestRecordIsTheLargestUpstreamUpdatePlusOneMebibyte() {
    assertThat(StreamRecordLimits.maxRecordBytes(64 * MIB)).isEqualTo(68_157_440);
    assertThat(StreamRecordLimits.maxRecordBytes(1024 * MIB)).isEqualTo(1024 * MIB + MIB);
  }

  @Test
  void theProducerTakesTheLargestRecordBesideItsDefaultBuffer() {
    assertThat(StreamRecordLimits.producerConfig(64 * MIB)).isEqualTo(Map.of(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 68_157_440,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * MIB + 68_157_440));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MAX_VALUE - 1024 * 1024 + 1, Integer.MAX_VALUE})
  void rejectsUpstreamLimitsWithoutARecordSizeKafkaCanHold(int maxInboundMessageBytes) {
    assertThatThrownBy(() -> StreamRecordLimits.maxRecordBytes(maxInboundMessageBytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstream.maxInboundMessageBytes is " + maxInboundMessageBytes + ", but must be between 1 and "
            + "2146435071 so that a stream record (the update plus 1048576 bytes) fits Kafka's limits");
  }
}
