package dev.geyserpool.gateway.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.gateway.publish.Deduplicator;
import dev.geyserpool.gateway.publish.TopicProvisioner;
import dev.geyserpool.gateway.upstream.UpstreamEndpoint;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateContent;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rebuilding the dedup from the stream topics, on the in-process broker: {@code same} records
 * cover their monitors, even when the record holding the bytes was written before the tail the
 * seed reads (a later commitment matched it long after the first).
 */
@ExtendWith(KafkaClusterExtension.class)
class PublishedTailTest {
  private static final long SLOT = 360_000_000L;

  @Test
  void aSameRecordWhoseBytesPrecedeTheTailCoversItsMonitorAndTheBytesStayABase(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    TopicProvisioner.ensureStreamTopics(bootstrap, 1, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
    String topic = Topics.stream(MonitorGroup.HIGH, UpdateKind.TRANSACTIONS);
    String first = "tail-first-" + ThreadLocalRandom.current().nextInt(1 << 30);
    String later = "tail-later-" + ThreadLocalRandom.current().nextInt(1 << 30);
    byte[] signature = new byte[64];
    ThreadLocalRandom.current().nextBytes(signature);
    SubscribeUpdate update = SubscribeUpdate.newBuilder().addFilters(first + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(SLOT)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(signature))))
        .build();
    String key = Base58.encode(signature);
    // Ahead of every other record (within the broker's hour of tolerance), so the tail read from
    // `sameAt` holds only the same record.
    long bytesAt = System.currentTimeMillis() + Duration.ofMinutes(20).toMillis();
    long sameAt = bytesAt + Duration.ofMinutes(30).toMillis();
    RecordMetadata bytes;
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      bytes = producer.send(new ProducerRecord<>(topic, null, bytesAt, key, update.toByteArray(), List.of(
          new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of(first))),
          new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(SLOT))))).get();
      producer.send(new ProducerRecord<>(topic, bytes.partition(), sameAt, key, new byte[0], List.of(
          new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_SAME)),
          new RecordHeader(RecordHeaders.SAME_AS, RecordHeaders.number(bytes.offset())),
          new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of(later))),
          new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(SLOT))))).get();
    }
    Map<MonitorGroup, Deduplicator> dedups = new EnumMap<>(MonitorGroup.class);
    for (MonitorGroup g : MonitorGroup.values()) {
      dedups.put(g, new Deduplicator(300));
    }

    PublishedTail.seed(bootstrap, sameAt, SLOT, dedups::get, Duration.ofSeconds(30));

    Deduplicator high = dedups.get(MonitorGroup.HIGH);
    String identity = "tx:" + key;
    long content = UpdateContent.fingerprint(update.toByteArray());
    assertThat(high.claim(SLOT, identity, List.of(later), content).duplicate())
        .as("the later monitor is covered by its same record").isTrue();
    assertThat(high.claim(SLOT, identity, List.of(first), content).duplicate())
        .as("the first monitor by the record with the bytes, read by its offset").isTrue();
    Deduplicator.Publication third = high.claim(SLOT, identity, List.of("a-third"), content).publication();
    assertThat(third.base()).as("a third monitor's copy points at the bytes").isNotNull();
    assertThat(third.base().partition()).isEqualTo(bytes.partition());
    assertThat(third.base().offset()).isEqualTo(bytes.offset());
  }

  @Test
  void aRecordFarPastTheCheckpointsDoesNotMoveTheDedupHorizon(KafkaCluster kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    TopicProvisioner.ensureStreamTopics(bootstrap, 1, (short) 1, Duration.ofDays(1),
        UpstreamEndpoint.DEFAULT_MAX_INBOUND_BYTES);
    String topic = Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS);
    String monitor = "tail-far-" + ThreadLocalRandom.current().nextInt(1 << 30);
    long at = System.currentTimeMillis() - Duration.ofMinutes(50).toMillis();
    SubscribeUpdate near = transaction(monitor, SLOT);
    SubscribeUpdate far = transaction(monitor, SLOT + 10_000_000); // another cluster's slot numbers
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      for (SubscribeUpdate u : List.of(near, far)) {
        producer.send(new ProducerRecord<>(topic, null, at, key(u), u.toByteArray(), List.of(
            new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of(monitor))),
            new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(u.getTransaction().getSlot()))))).get();
      }
    }
    Map<MonitorGroup, Deduplicator> dedups = new EnumMap<>(MonitorGroup.class);
    for (MonitorGroup g : MonitorGroup.values()) {
      dedups.put(g, new Deduplicator(300));
    }

    PublishedTail.seed(bootstrap, at, SLOT, SLOT + 100_000, dedups::get, Duration.ofSeconds(30));

    Deduplicator medium = dedups.get(MonitorGroup.MEDIUM);
    assertThat(medium.claim(SLOT, "tx:" + key(near), List.of(monitor),
        UpdateContent.fingerprint(near.toByteArray())).duplicate()).as("the replayed slot is still checked").isTrue();
    assertThat(medium.beyondHorizon()).isZero();
  }

  private static SubscribeUpdate transaction(String monitor, long slot) {
    byte[] signature = new byte[64];
    ThreadLocalRandom.current().nextBytes(signature);
    return SubscribeUpdate.newBuilder().addFilters(monitor + "/all")
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(signature))))
        .build();
  }

  private static String key(SubscribeUpdate u) {
    return Base58.encode(u.getTransaction().getTransaction().getSignature().toByteArray());
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
