package dev.geyserpool.gateway.pool;

/**
 * What the adapter saw on one call of a stream slot since it started.
 *
 * @param lastDataAtNanos when the last update arrived (monotonic)
 * @param lastPongAtNanos when the server last pinged or ponged (monotonic)
 * @param resumeSlot where the slot may resume from without loss: everything before it is held by
 *     Kafka (0 when nothing is known yet)
 * @param contiguousSlot the last slot the call delivered completely with nothing missing before it
 * @param backpressured whether the call's reads are paused because Kafka has not acknowledged
 *     enough yet: silence is then not a stall
 */
public record CallProgress(long lastDataAtNanos, long lastPongAtNanos, long resumeSlot, long contiguousSlot,
    boolean backpressured) {}
