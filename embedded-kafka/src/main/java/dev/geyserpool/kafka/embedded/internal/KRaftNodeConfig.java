package dev.geyserpool.kafka.embedded.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The server properties of a single combined broker+controller KRaft node on 127.0.0.1.
 *
 * <p>Every replication factor and minimum ISR is 1 because the node is the whole cluster; topics
 * are never auto-created, so callers create them explicitly and wait for their leaders.
 * Threading: stateless.
 */
public final class KRaftNodeConfig {

    public static final int NODE_ID = 1;
    public static final String HOST = "127.0.0.1";
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final int DEFAULT_NUM_PARTITIONS = 3;

    /** Keys that define the node's identity, listeners and storage; callers may not override them. */
    public static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "controller.listener.names", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs", "log.dir",
            "metadata.log.dir");

    private KRaftNodeConfig() {}

    /** Returns the properties, with {@code overrides} (none of them {@link #MANAGED_KEYS}) applied last. */
    public static Properties properties(Path logDir, int brokerPort, int controllerPort,
            Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());

        // One node is the whole cluster.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics default to 50 partitions; 5 keep the first group join and transaction fast.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");

        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", String.valueOf(DEFAULT_NUM_PARTITIONS));
        // The default 3 s wait for more members only slows tests and demos down.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates this buffer up front (128 MiB by default); 16 MiB still fits
        // some 600k keys per cleaning pass.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Record sizes keep Kafka's defaults on purpose (message.max.bytes about 1 MB per batch for
        // topics without their own max.message.bytes, socket.request.max.bytes 100 MiB per request):
        // a topic for bigger records must say so itself, as on a production cluster, or tests would
        // hide that it does not. replica.fetch.max.bytes is moot: the one node has no followers.

        overrides.forEach(p::put);
        return p;
    }
}
