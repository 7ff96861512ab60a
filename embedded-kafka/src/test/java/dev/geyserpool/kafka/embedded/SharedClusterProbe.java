package dev.geyserpool.kafka.embedded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records which cluster each test class was given, to check that they all got the same one. */
final class SharedClusterProbe {

    static final Map<Class<?>, KafkaCluster> CLUSTERS_BY_CLASS = new ConcurrentHashMap<>();

    private SharedClusterProbe() {}
}
