package dev.geyserpool.gateway;

import java.util.Map;

/**
 * A snapshot of the gateway's counters.
 *
 * @param upstreamConnections upstream connections opened so far
 * @param openStreams Subscribe streams open now
 * @param streamsOpened Subscribe streams opened so far
 * @param streamFailures streams ended by an error
 * @param updatesReceived updates read from upstream (pings and pongs excluded)
 * @param updatesPublished updates acknowledged by Kafka on every topic they went to
 * @param recordsPublished Kafka records acknowledged (one update may go to several group topics)
 * @param publishFailures updates Kafka refused after its retries
 * @param unrouted updates that matched no declared monitor (a filter removed while in flight)
 * @param monitorsByStream the monitors each open stream serves
 */
public record GatewayStats(
    long upstreamConnections,
    int openStreams,
    long streamsOpened,
    long streamFailures,
    long updatesReceived,
    long updatesPublished,
    long recordsPublished,
    long publishFailures,
    long unrouted,
    Map<String, Integer> monitorsByStream) {}
