package dev.geyserpool.gateway.pool;

import dev.geyserpool.gateway.subscription.StreamKey;

/**
 * What the pool needs to know of a monitor: which stream kind it joins and how urgent it is.
 * (Its filters live with the adapter, which builds the merged requests.)
 */
public record MonitorSpec(String id, StreamKey key, int priority) {}
