package dev.geyserpool.aggregator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one protobuf message type: the message's own encoding, null for null (a
 * tombstone). Stateless and thread-safe.
 *
 * @param <T> the message type
 */
public final class ProtoSerde<T extends MessageLite> implements Serde<T> {
  private final Parser<T> parser;
  private final String typeName;

  public ProtoSerde(Parser<T> parser, Class<T> type) {
    this.parser = parser;
    this.typeName = type.getSimpleName();
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : value.toByteArray();
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return parser.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new SerializationException("a record of topic " + topic + " is not a " + typeName + " ("
            + bytes.length + " bytes): " + e.getMessage(), e);
      }
    };
  }
}
