package dev.geyserpool.gateway.pool;

import dev.geyserpool.wire.MonitorGroup;

/**
 * What monitors must share to share a stream, as the pool core sees it: their group, and the
 * stream-wide settings (commitment, data slices) as an opaque canonical text the adapter derives
 * from its own types. Equal kinds share streams.
 *
 * @param settings the stream-wide settings, canonical: equal settings, equal text
 * @param label a short readable name for stream ids, e.g. {@code high-processed}
 */
public record StreamKind(MonitorGroup group, String settings, String label) {}
