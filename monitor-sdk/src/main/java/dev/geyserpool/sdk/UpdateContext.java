package dev.geyserpool.sdk;

import java.time.Instant;
import java.util.List;

/**
 * Where an update came from and what it matched: the part of every typed update that is not
 * the Solana data itself. Immutable.
 *
 * @param identity the update's identity ({@code tx:<signature>}, {@code acct:...}); the same
 *     update delivered twice (at-least-once) has the same identity, so handlers can be idempotent
 * @param slot the slot the update belongs to
 * @param filters this monitor's own names of the filters the update matched
 * @param receivedAt when the gateway read the update from Yellowstone
 * @param topic the Kafka topic it was read from
 * @param partition the partition
 * @param offset the offset within the partition
 */
public record UpdateContext(
    String identity, long slot, List<String> filters, Instant receivedAt, String topic, int partition, long offset) {}
