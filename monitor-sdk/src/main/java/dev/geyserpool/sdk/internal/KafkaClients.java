package dev.geyserpool.sdk.internal;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The SDK's Kafka client settings in one place. Stateless. */
public final class KafkaClients {
  private KafkaClients() {}

  /** A consumer without a group (manual assignment), never committing. */
  public static KafkaConsumer<String, byte[]> reader(String bootstrapServers, String clientId) {
    return new KafkaConsumer<>(
        readerProps(bootstrapServers, clientId), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A consumer without a group that returns at most {@code maxPollRecords} per poll. */
  public static KafkaConsumer<String, byte[]> reader(String bootstrapServers, String clientId, int maxPollRecords) {
    Properties props = readerProps(bootstrapServers, clientId);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A consumer without a group for reading records back by offset: a position outside the
   * partition fails the poll ({@code auto.offset.reset=none}) instead of jumping to an end, and
   * a fetch returns about {@code maxFetchBytes} (always at least one record, however large).
   */
  public static KafkaConsumer<String, byte[]> fetcher(String bootstrapServers, String clientId, int maxFetchBytes) {
    Properties props = readerProps(bootstrapServers, clientId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxFetchBytes);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxFetchBytes);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A member of consumer group {@code groupId} that commits only when told to. */
  public static KafkaConsumer<String, byte[]> groupMember(
      String bootstrapServers, String clientId, String groupId, String autoOffsetReset) {
    Properties props = readerProps(bootstrapServers, clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** An idempotent producer with {@code acks=all}: declarations, heartbeats and dead letters must not be lost. */
  public static KafkaProducer<String, byte[]> producer(String bootstrapServers, String clientId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A dead letter holds a whole stream record, and blocks reach 24 MB upstream.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 * 1024 * 1024);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static Properties readerProps(String bootstrapServers, String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    // Block records reach 24 MB: let one through a partition fetch.
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
    return props;
  }
}
