package dev.geyserpool.gateway.upstream;

import dev.geyserpool.proto.geyser.SubscribeUpdate;

/**
 * One {@code SubscribeUpdate} as it came off the wire: the exact bytes (published to Kafka as
 * they are, never re-encoded) and the parsed message (for routing).
 *
 * @param wire the serialized update as the server sent it; not copied, do not modify
 * @param message the same update, parsed
 * @param receivedAtMicros when the gateway read it, epoch microseconds
 */
public record RawUpdate(byte[] wire, SubscribeUpdate message, long receivedAtMicros) {}
