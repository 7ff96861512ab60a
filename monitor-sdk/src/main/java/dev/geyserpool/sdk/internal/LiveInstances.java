package dev.geyserpool.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.sdk.MonitorState;
import dev.geyserpool.wire.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instances of a monitor id are alive, judged by {@code geyser.monitor-heartbeats}: an
 * instance is live when its latest heartbeat is younger than {@code window} (three heartbeat
 * intervals) and does not say {@code stopping} or {@code failed}. Only the stretch of the topic
 * written within the window is read ({@code offsetsForTimes}; heartbeat records carry their
 * send time as timestamp).
 *
 * <p>Threading: each call runs on the caller's thread with its own short-lived consumer.
 */
public final class LiveInstances {
  private static final Logger log = LoggerFactory.getLogger(LiveInstances.class);

  private final String bootstrapServers;
  private final Clock clock;
  private final Duration window;
  private final Duration timeout;

  public LiveInstances(String bootstrapServers, Clock clock, Duration window, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.clock = clock;
    this.window = window;
    this.timeout = timeout;
  }

  /** How long after its last heartbeat an instance counts as gone. */
  public Duration window() {
    return window;
  }

  /** The latest heartbeat of every live instance of {@code monitorId} other than {@code exceptInstance}. */
  public Map<String, MonitorHeartbeat> live(String monitorId, String exceptInstance) {
    long nowMillis = clock.millis();
    long sinceMillis = nowMillis - window.toMillis();
    Map<String, MonitorHeartbeat> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        KafkaClients.reader(bootstrapServers, "geyser-monitor." + monitorId + ".liveness")) {
      TopicScan.read(consumer, Topics.MONITOR_HEARTBEATS, partitions -> since(consumer, partitions, sinceMillis),
          timeout, record -> {
            if (!monitorId.equals(record.key()) || record.value() == null) {
              return;
            }
            try {
              MonitorHeartbeat beat = MonitorHeartbeat.parseFrom(record.value());
              latest.merge(beat.getInstanceId(), beat,
                  (a, b) -> b.getAtEpochMicros() >= a.getAtEpochMicros() ? b : a);
            } catch (InvalidProtocolBufferException e) {
              log.warn("Skipping a heartbeat of {} that cannot be parsed at {}-{}@{}", monitorId, record.topic(),
                  record.partition(), record.offset());
            }
          });
    }
    Map<String, MonitorHeartbeat> live = new LinkedHashMap<>();
    latest.forEach((instance, beat) -> {
      boolean recent = nowMillis * 1_000 - beat.getAtEpochMicros() < window.toNanos() / 1_000;
      boolean gone = MonitorState.STOPPING.heartbeatName().equals(beat.getState())
          || MonitorState.FAILED.heartbeatName().equals(beat.getState());
      if (recent && !gone && !instance.equals(exceptInstance)) {
        live.put(instance, beat);
      }
    });
    return live;
  }

  private static Map<TopicPartition, Long> since(
      KafkaConsumer<String, byte[]> consumer, Iterable<TopicPartition> partitions, long sinceMillis) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, Math.max(0, sinceMillis)));
    Map<TopicPartition, Long> from = new HashMap<>();
    consumer.offsetsForTimes(query).forEach((partition, found) -> {
      OffsetAndTimestamp at = found;
      if (at != null) {
        from.put(partition, at.offset());
      }
    });
    return from;
  }
}
