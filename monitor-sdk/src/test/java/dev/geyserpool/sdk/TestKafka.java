package dev.geyserpool.sdk;

import com.google.protobuf.ByteString;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccount;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.sdk.internal.KafkaClients;
import dev.geyserpool.sdk.internal.TopicScan;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Test helpers: unique ids, stream topics, stream records as the gateway writes them, and topic reads. */
final class TestKafka {
  static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  static final String RAYDIUM = "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj";
  private static final AtomicInteger IDS = new AtomicInteger();

  private TestKafka() {}

  /** A monitor id no other test uses. */
  static String uniqueId(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-"
        + IDS.incrementAndGet();
  }

  /** Creates every stream topic with 3 partitions (the gateway's job outside these tests). */
  static void ensureStreamTopics(KafkaCluster kafka) {
    for (MonitorGroup group : MonitorGroup.values()) {
      for (UpdateKind kind : UpdateKind.values()) {
        kafka.createTopic(Topics.stream(group, kind), 3);
      }
    }
  }

  /** Trading-transaction filters of a monitor. */
  static TransactionFilter trades() {
    return TransactionFilter.named("trades").vote(false).failed(false).accountInclude(PUMP);
  }

  /** A 64-byte signature made from a number, base58. */
  static String signature(long n) {
    ByteBuffer bytes = ByteBuffer.allocate(64);
    bytes.putLong(0, 0x5eed_0000_0000_0000L ^ n);
    bytes.putLong(56, n);
    return Base58.encode(bytes.array());
  }

  /** A transaction record for {@code monitorId}, as the gateway publishes it. */
  static ProducerRecord<String, byte[]> transaction(String topic, Integer partition, Long timestamp, String monitorId,
      long slot, long n) {
    String signature = signature(n);
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(FilterNames.qualify(monitorId, "trades"))
        .setTransaction(SubscribeUpdateTransaction.newBuilder()
            .setSlot(slot)
            .setTransaction(SubscribeUpdateTransactionInfo.newBuilder()
                .setSignature(ByteString.copyFrom(Base58.decode(signature)))))
        .build();
    return new ProducerRecord<>(topic, partition, timestamp, signature, update.toByteArray(), List.of(
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.list(List.of("someone-else", monitorId))),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.list(List.of(
            FilterNames.qualify("someone-else", "x"), FilterNames.qualify(monitorId, "trades")))),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(slot)),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(System.currentTimeMillis() * 1_000))));
  }

  /**
   * An account write for {@code monitorId}, as the gateway publishes it: key = pubkey (made from
   * {@code n}), filter {@code <monitorId>/curves}.
   */
  static ProducerRecord<String, byte[]> account(String topic, Integer partition, Long timestamp, String monitorId,
      long slot, long n) {
    byte[] pubkey = Arrays.copyOf(Base58.decode(signature(n)), 32);
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .addFilters(FilterNames.qualify(monitorId, "curves"))
        .setAccount(SubscribeUpdateAccount.newBuilder()
            .setSlot(slot)
            .setAccount(SubscribeUpdateAccountInfo.newBuilder()
                .setPubkey(ByteString.copyFrom(pubkey))
                .setOwner(ByteString.copyFrom(Base58.decode(PUMP)))
                .setLamports(1_000_000 + n)
                .setWriteVersion(n)))
        .build();
    return new ProducerRecord<>(topic, partition, timestamp, Base58.encode(pubkey), update.toByteArray(), List.of(
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.text(monitorId)),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.text(FilterNames.qualify(monitorId, "curves"))),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(slot)),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(System.currentTimeMillis() * 1_000))));
  }

  /**
   * A record of type {@code same} as the gateway publishes it: empty value, the key of the record
   * it repeats, {@code geyser.same-as} = {@code sameAs} (null: no such header), and its own
   * monitor, filter, slot and receive-time headers.
   */
  static ProducerRecord<String, byte[]> same(String topic, int partition, Long timestamp, String key, String sameAs,
      String monitorId, String filter, long slot, long receivedAtMicros) {
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>(List.of(
        new RecordHeader(RecordHeaders.RECORD_TYPE, RecordHeaders.text(RecordHeaders.RECORD_TYPE_SAME)),
        new RecordHeader(RecordHeaders.MONITORS, RecordHeaders.text(monitorId)),
        new RecordHeader(RecordHeaders.FILTERS, RecordHeaders.text(FilterNames.qualify(monitorId, filter))),
        new RecordHeader(RecordHeaders.SLOT, RecordHeaders.number(slot)),
        new RecordHeader(RecordHeaders.RECEIVED_AT_MICROS, RecordHeaders.number(receivedAtMicros))));
    if (sameAs != null) {
      headers.add(new RecordHeader(RecordHeaders.SAME_AS, RecordHeaders.text(sameAs)));
    }
    return new ProducerRecord<>(topic, partition, timestamp, key, new byte[0], headers);
  }

  /** Sends every record and waits until Kafka has all of them. */
  static List<RecordMetadata> produce(KafkaCluster kafka, List<ProducerRecord<String, byte[]>> records) {
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.bootstrapServers(), "test-producer")) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      records.forEach(r -> sends.add(producer.send(r)));
      List<RecordMetadata> written = new ArrayList<>();
      for (Future<RecordMetadata> send : sends) {
        written.add(send.get(10, TimeUnit.SECONDS));
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("test records not written", e);
    }
  }

  /** Every record of {@code topic} with key {@code key}, oldest first (null values included). */
  static List<ConsumerRecord<String, byte[]>> read(KafkaCluster kafka, String topic, String key) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(kafka.bootstrapServers(), "test-reader")) {
      TopicScan.read(consumer, topic, consumer::beginningOffsets, Duration.ofSeconds(10), r -> {
        if (key.equals(r.key())) {
          records.add(r);
        }
      });
    }
    return records;
  }

  /** The text of a record's header, or null. */
  static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : RecordHeaders.text(header.value());
  }
}
