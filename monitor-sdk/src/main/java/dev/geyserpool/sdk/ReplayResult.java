package dev.geyserpool.sdk;

/**
 * What a {@link Replayer} run did. Immutable.
 *
 * @param scanned records read between the start positions and the end offsets captured at start
 * @param delivered updates handed to the handler that returned normally
 * @param skipped records not for this monitor, or outside the requested range
 * @param failed records the handler threw on, or that could not be read (logged, not dead-lettered)
 */
public record ReplayResult(long scanned, long delivered, long skipped, long failed) {}
