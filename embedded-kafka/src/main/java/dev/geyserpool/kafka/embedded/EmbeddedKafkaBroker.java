package dev.geyserpool.kafka.embedded;

import dev.geyserpool.kafka.embedded.internal.BindRetry;
import dev.geyserpool.kafka.embedded.internal.Directories;
import dev.geyserpool.kafka.embedded.internal.FreePorts;
import dev.geyserpool.kafka.embedded.internal.KRaftNodeConfig;
import dev.geyserpool.kafka.embedded.internal.LogDirFormatter;
import dev.geyserpool.kafka.topics.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running in this JVM: one combined broker+controller node in KRaft mode,
 * listening on 127.0.0.1 only, on ports the kernel picked as free or on ports the caller chose
 * ({@link Builder#ports}).
 *
 * <p>Built from Kafka's own server artifacts: the log dir is formatted in-process and a
 * {@link KafkaRaftServer} is started on it with the static voter {@code 1@127.0.0.1:<port>}.
 * Replication factors and minimum ISRs are 1, topics are created explicitly only
 * ({@code auto.create.topics.enable=false}), new topics get 3 partitions unless told otherwise,
 * and consumer groups start without the initial rebalance delay.
 *
 * <p>Record sizes: Kafka's stock limits, as on a cluster nobody tuned: topics without their own
 * {@code max.message.bytes} take batches up to about 1 MB ({@code message.max.bytes}), and one
 * request may carry 100 MiB ({@code socket.request.max.bytes}). Topics for bigger records set
 * {@code max.message.bytes} themselves, as the gateway's stream topics do, so tests see what a
 * production cluster would do with them; {@code brokerProperty("message.max.bytes", ...)} raises
 * the default of every topic instead.
 *
 * <p>Stop and restart: a broker started on a directory the caller owns ({@link #start(Path)},
 * {@link Builder#dataDir}) can be closed and brought back on it with its topics, records and
 * committed offsets. {@link #restartedOnSamePorts()} brings it back on the same address, so clients
 * built with the old {@link #bootstrapServers()} reconnect by themselves: a producer delivers what
 * was sent meanwhile (within its {@code delivery.timeout.ms}), a consumer carries on from its
 * position. While the broker is down a producer's {@code send} may block the calling thread for up
 * to {@code max.block.ms} (60 s by default) waiting for topic metadata, and fails after that: keep
 * the stop shorter or send from a thread that may wait. A plain {@code start(Path)} on the
 * directory listens on new ports instead.
 *
 * <p>Ownership: whoever starts the broker closes it, and that includes a broker returned by
 * {@link #restartedOnSamePorts()}. {@link #start()} uses a temporary data directory that
 * {@link #close()} deletes; {@link #start(Path)} uses the caller's directory, which {@code close()}
 * keeps.
 *
 * <p>Threading: all methods may be called from any thread. {@code close()} is idempotent and
 * serialized: a second call returns once the first has finished. {@link #restartedOnSamePorts()}
 * blocks until the new broker accepts requests, without holding this broker's lock.
 *
 * <p>Caveat: Kafka halts the JVM on some fatal storage faults, as a standalone broker would.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /**
     * How long {@link Builder#start()} keeps trying to bind ports the caller chose, unless told
     * otherwise: long enough for a port a previous broker or a short-lived client connection still
     * holds to be released, short enough that a port another server keeps fails the start.
     */
    public static final Duration DEFAULT_BIND_TIMEOUT = Duration.ofSeconds(30);

    /** Start-ups retried with fresh ports when another process took a chosen port meanwhile. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> brokerProperties;
    private final Duration topicReadyTimeout;
    private final Duration bindTimeout;
    private final String bootstrapServers;
    private boolean closed; // guarded by this
    private boolean restartClaimed; // guarded by this

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteDataDirOnClose,
            int brokerPort, int controllerPort, Builder options) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(options.brokerProperties));
        this.topicReadyTimeout = options.topicReadyTimeout;
        this.bindTimeout = options.bindTimeout;
        this.bootstrapServers = KRaftNodeConfig.HOST + ":" + brokerPort;
    }

    /** Starts a broker on a new temporary data directory, deleted by {@link #close()}. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    /**
     * Starts a broker on {@code dataDir}, created if missing, formatted if not formatted yet and
     * reused as it is otherwise; {@link #close()} keeps it.
     */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return builder().dataDir(dataDir).start();
    }

    /** Returns a builder for a broker with options; {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} Always {@code 127.0.0.1:<port>}. */
    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** The port of the client listener on 127.0.0.1, the one in {@link #bootstrapServers()}. */
    public int brokerPort() {
        return brokerPort;
    }

    /** The port of the KRaft controller listener on 127.0.0.1 (the quorum's only voter). */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * Starts a new broker on this closed broker's data directory, ports and builder options, and
     * returns it once it accepts requests: same cluster id, topics, records and committed offsets,
     * same {@link #bootstrapServers()}, so existing clients reconnect to it by themselves. The
     * caller owns the returned broker and closes it; this one stays closed. Binding is retried
     * for this broker's bind timeout ({@link Builder#bindTimeout}), since a port may be held
     * briefly after the close.
     *
     * @throws IllegalStateException if this broker is still running (close it first), was started
     *     on a temporary data directory (deleted by {@code close()}: start it with
     *     {@link #start(Path)} to restart it), has been restarted already, or the new broker cannot
     *     start, for instance because a port stays in use past the bind timeout (the message names
     *     the port)
     */
    public EmbeddedKafkaBroker restartedOnSamePorts() {
        synchronized (this) {
            if (!closed) {
                throw new IllegalStateException("embedded Kafka broker " + bootstrapServers
                        + " is still running: close() it before restarting it on the same ports");
            }
            if (deleteDataDirOnClose) {
                throw new IllegalStateException("embedded Kafka broker " + bootstrapServers
                        + " ran on a temporary data dir, deleted when it closed: there is nothing to restart;"
                        + " start it with start(Path) or builder().dataDir(...) to restart it");
            }
            if (restartClaimed) {
                throw new IllegalStateException("embedded Kafka broker " + bootstrapServers
                        + " (data dir " + dataDir + ") has been restarted already: restart the broker that"
                        + " restartedOnSamePorts() returned instead");
            }
            restartClaimed = true;
        }
        Builder builder = builder().dataDir(dataDir).ports(brokerPort, controllerPort)
                .topicReadyTimeout(topicReadyTimeout).bindTimeout(bindTimeout);
        brokerProperties.forEach(builder::brokerProperty);
        try {
            return builder.start();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                restartClaimed = false; // nothing runs on the ports: the caller may try again
            }
            throw e;
        }
    }

    @Override
    public void createTopics(Collection<NewTopic> topics) {
        KafkaTopics.ensure(bootstrapServers, topics, topicReadyTimeout);
    }

    /**
     * Shuts the broker down, waits until it has stopped and deletes the data directory if
     * {@link #start()} created it. Later calls do nothing.
     *
     * @throws UncheckedIOException if the temporary data directory cannot be deleted
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteDataDirOnClose) {
                Directories.deleteRecursively(dataDir);
            }
        }
        log.info("Embedded Kafka broker {} closed in {} ms", bootstrapServers,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker{bootstrapServers=" + bootstrapServers + ", controllerPort=" + controllerPort
                + ", dataDir=" + dataDir + "}";
    }

    /**
     * Options for an {@link EmbeddedKafkaBroker}, each validated when set. Not thread-safe: confine
     * a builder to one thread. Each {@link #start()} starts a new broker that owns its copy of the
     * options.
     */
    public static final class Builder {

        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration topicReadyTimeout = DEFAULT_TOPIC_READY_TIMEOUT;
        private int brokerPort; // 0 with controllerPort 0: ports the kernel picks
        private int controllerPort;
        private Duration bindTimeout = DEFAULT_BIND_TIMEOUT;

        private Builder() {}

        /** Keeps the broker's data in {@code dataDir} (kept on close) instead of a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Sets a Kafka broker property, e.g. {@code num.partitions} or {@code log.segment.bytes}.
         * The node's identity, listeners and directories are managed here and cannot be set.
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (KRaftNodeConfig.MANAGED_KEYS.contains(key)) {
                throw new IllegalArgumentException("broker property '" + key
                        + "' is managed by EmbeddedKafkaBroker and cannot be set; managed keys are "
                        + KRaftNodeConfig.MANAGED_KEYS);
            }
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Listens on these ports of 127.0.0.1 instead of ports the kernel picks, for instance a
         * closed broker's {@link EmbeddedKafkaBroker#brokerPort()} and
         * {@link EmbeddedKafkaBroker#controllerPort()} to bring it back on the same address (see
         * {@link EmbeddedKafkaBroker#restartedOnSamePorts()}). A port in use is tried again until
         * the {@link #bindTimeout} passes.
         *
         * @throws IllegalArgumentException if a port is not between 1 and 65535 or both are equal
         */
        public Builder ports(int brokerPort, int controllerPort) {
            requirePort("broker port", brokerPort);
            requirePort("controller port", controllerPort);
            if (brokerPort == controllerPort) {
                throw new IllegalArgumentException("broker port and controller port are both " + brokerPort
                        + ", but must differ: the client and the controller listener each need their own");
            }
            this.brokerPort = brokerPort;
            this.controllerPort = controllerPort;
            return this;
        }

        /**
         * Bounds how long {@link #start()} keeps trying to bind the ports given to {@link #ports}
         * while one is in use; {@link EmbeddedKafkaBroker#DEFAULT_BIND_TIMEOUT} (30 s) by default.
         */
        public Builder bindTimeout(Duration timeout) {
            requirePositive("bind timeout", timeout);
            this.bindTimeout = timeout;
            return this;
        }

        /** Deletes log segments older than {@code retention} ({@code log.retention.ms}). */
        public Builder logRetention(Duration retention) {
            requirePositive("log retention", retention);
            return brokerProperty("log.retention.ms", String.valueOf(retention.toMillis()));
        }

        /**
         * Bounds how long {@link EmbeddedKafkaBroker#createTopics} waits for leaders;
         * {@link KafkaCluster#DEFAULT_TOPIC_READY_TIMEOUT} (60 s) by default.
         */
        public Builder topicReadyTimeout(Duration timeout) {
            requirePositive("topic ready timeout", timeout);
            this.topicReadyTimeout = timeout;
            return this;
        }

        /**
         * Formats the data directory if needed and starts the broker; returns once it accepts
         * requests (a few seconds).
         *
         * @throws IllegalStateException if the broker cannot start, with the cause; on ports given
         *     to {@link #ports}, also when one of them is still in use after the bind timeout,
         *     naming it
         */
        public EmbeddedKafkaBroker start() {
            long startNanos = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : createDirectories(dataDir);
            try {
                boolean formatted = LogDirFormatter.formatIfNeeded(dir);
                EmbeddedKafkaBroker broker = brokerPort == 0 ? startOnFreePorts(dir, temporary)
                        : startOnFixedPorts(dir, temporary);
                log.info("Embedded Kafka broker listening on {}, controller on port {} (data dir {}, {}), started in"
                        + " {} ms", broker.bootstrapServers, broker.controllerPort, dir,
                        formatted ? "formatted now" : "reused",
                        Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
                return broker;
            } catch (RuntimeException | Error e) {
                if (temporary) {
                    try {
                        Directories.deleteRecursively(dir);
                    } catch (UncheckedIOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private EmbeddedKafkaBroker startOnFreePorts(Path dir, boolean temporary) {
            for (int attempt = 1; ; attempt++) {
                int[] ports = FreePorts.pick(2);
                int freeBrokerPort = ports[0];
                int freeControllerPort = ports[1];
                KafkaRaftServer server = newServer(dir, freeBrokerPort, freeControllerPort);
                try {
                    server.startup();
                    return new EmbeddedKafkaBroker(server, dir, temporary, freeBrokerPort, freeControllerPort, this);
                } catch (RuntimeException e) {
                    stopQuietly(server, e);
                    if (attempt < START_ATTEMPTS && BindRetry.isBindFailure(e)) {
                        log.warn("Embedded Kafka broker could not bind port {} or {} (attempt {} of {}), "
                                + "retrying on other ports: {}", freeBrokerPort, freeControllerPort, attempt,
                                START_ATTEMPTS, e.toString());
                        continue;
                    }
                    throw new IllegalStateException("embedded Kafka broker failed to start (data dir " + dir
                            + ", broker port " + freeBrokerPort + ", controller port " + freeControllerPort
                            + ", attempt " + attempt + " of " + START_ATTEMPTS + "): " + e.getMessage(), e);
                }
            }
        }

        /** Starts on the chosen ports, waiting while one is in use (see {@link BindRetry}). */
        private EmbeddedKafkaBroker startOnFixedPorts(Path dir, boolean temporary) {
            return BindRetry.start(brokerPort, controllerPort, bindTimeout, "data dir " + dir, () -> {
                KafkaRaftServer server = newServer(dir, brokerPort, controllerPort);
                try {
                    server.startup();
                    return new EmbeddedKafkaBroker(server, dir, temporary, brokerPort, controllerPort, this);
                } catch (RuntimeException e) {
                    stopQuietly(server, e);
                    throw e;
                }
            });
        }

        private KafkaRaftServer newServer(Path dir, int brokerPort, int controllerPort) {
            KafkaConfig config = KafkaConfig.fromProps(
                    KRaftNodeConfig.properties(dir, brokerPort, controllerPort, brokerProperties), false);
            return new KafkaRaftServer(config, Time.SYSTEM);
        }

        private static void stopQuietly(KafkaRaftServer server, RuntimeException failure) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("geyserpool-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary Kafka data dir", e);
            }
        }

        private static Path createDirectories(Path dir) {
            try {
                return Files.createDirectories(dir).toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create Kafka data dir " + dir, e);
            }
        }

        private static void requirePort(String name, int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(name + " is " + port + ", but must be between 1 and 65535");
            }
        }

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " is " + value + ", but must be positive");
            }
        }
    }
}
