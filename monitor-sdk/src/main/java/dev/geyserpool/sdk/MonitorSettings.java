package dev.geyserpool.sdk;

import java.time.Clock;
import java.time.Duration;

/**
 * A monitor's settings besides its declaration, checked by {@link Monitor.Builder#build()}.
 * Immutable.
 */
record MonitorSettings(
    String bootstrapServers,
    UpdateHandler handler,
    StartPosition startPosition,
    Duration statusTimeout,
    Duration heartbeatInterval,
    boolean keepDeclarationOnClose,
    Clock clock) {}
