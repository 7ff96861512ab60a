package dev.geyserpool.cli;

import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows the high group's transaction topic from its current end, for one monitor's records. */
final class StreamTopicReader implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String monitor;
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final Map<String, Long> slots = new ConcurrentHashMap<>();
  private final AtomicLong firstSlot = new AtomicLong();
  private final AtomicLong lastSlot = new AtomicLong();
  private final AtomicInteger gaps = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The identity of each record with bytes read, by partition and offset, for same records. */
  private final Map<String, String> identityAt = new ConcurrentHashMap<>();

  StreamTopicReader(String bootstrap, String monitor) {
    this.monitor = monitor;
    String topic = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
    TopicProvisioner.ensureStreamTopics(bootstrap, 3, (short) 1, Duration.ofDays(1), 64 * 1024 * 1024);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** Reads what arrived; always true, for use in await conditions. */
  synchronized boolean poll() throws Exception {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      Header type = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
      String identity = null;
      long slot = 0;
      if (type == null) {
        SubscribeUpdate u = SubscribeUpdate.parseFrom(r.value());
        identity = UpdateIdentity.of(u).orElseThrow();
        slot = UpdateIdentity.slotOf(u);
        identityAt.put(r.partition() + ":" + r.offset(), identity);
      }
      Header monitors = r.headers().lastHeader(RecordHeaders.MONITORS);
      if (monitors == null || !RecordHeaders.list(monitors.value()).contains(monitor)) {
        continue;
      }
      if (type != null && RecordHeaders.RECORD_TYPE_SAME.equals(RecordHeaders.text(type.value()))) {
        // Another monitor's record holds the bytes: the pointer delivers them to this one.
        long sameAs = RecordHeaders.number(r.headers().lastHeader(RecordHeaders.SAME_AS).value());
        identity = identityAt.get(r.partition() + ":" + sameAs);
        slot = RecordHeaders.number(r.headers().lastHeader(RecordHeaders.SLOT).value());
        if (identity == null) {
          throw new IllegalStateException("a same record at " + r.partition() + ":" + r.offset()
              + " points at offset " + sameAs + ", which this reader did not see");
        }
      } else if (type != null) {
        gaps.incrementAndGet();
        continue;
      }
      String id = identity;
      seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      slots.put(id, slot);
      firstSlot.compareAndSet(0, slot);
      lastSlot.accumulateAndGet(slot, Math::max);
    }
    return true;
  }

  long firstSlot() {
    return firstSlot.get();
  }

  long lastSlot() {
    return lastSlot.get();
  }

  long slotOf(String id) {
    return slots.getOrDefault(id, 0L);
  }

  Map<String, AtomicInteger> seen() {
    return seen;
  }

  int gapRecords() {
    return gaps.get();
  }

  /**
   * The identities of what the simulator generated in slots {@code (after, until]} that
   * {@code filters} match.
   */
  static List<String> generated(dev.geyserpool.sim.YellowstoneSimulator sim,
      dev.geyserpool.proto.geyser.SubscribeRequest filters, long after, long until) {
    List<String> out = new java.util.ArrayList<>();
    for (SubscribeUpdate u : sim.generated().matching(filters)) {
      long slot = UpdateIdentity.slotOf(u);
      if (slot > after && slot <= until) {
        out.add(UpdateIdentity.of(u).orElseThrow());
      }
    }
    return out;
  }

  /** What the topic holds of slots {@code (after, until]} compared with {@code generated}. */
  synchronized DeliveryReport report(List<String> generated, long after, long until) {
    Map<String, AtomicInteger> inRange = new java.util.TreeMap<>();
    seen.forEach((id, n) -> {
      long slot = slotOf(id);
      if (slot > after && slot <= until) {
        inRange.put(id, n);
      }
    });
    return DeliveryReport.compare(generated, inRange);
  }

  /** Up to five generated identities the topic does not hold, for messages. */
  List<String> missing(List<String> generated) {
    return generated.stream().filter(id -> !seen.containsKey(id)).limit(5).toList();
  }

  @Override
  public synchronized void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.close();
    }
  }
}
