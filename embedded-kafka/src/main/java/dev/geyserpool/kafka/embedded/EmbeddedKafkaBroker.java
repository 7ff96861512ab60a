package dev.geyserpool.kafka.embedded;

import dev.geyserpool.kafka.embedded.internal.Directories;
import dev.geyserpool.kafka.embedded.internal.FreePorts;
import dev.geyserpool.kafka.embedded.internal.KRaftNodeConfig;
import dev.geyserpool.kafka.embedded.internal.LogDirFormatter;
import dev.geyserpool.kafka.topics.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
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
 * listening on 127.0.0.1 only, on ports the kernel picked as free.
 *
 * <p>Built from Kafka's own server artifacts: the log dir is formatted in-process and a
 * {@link KafkaRaftServer} is started on it with the static voter {@code 1@127.0.0.1:<port>}.
 * Replication factors and minimum ISRs are 1, topics are created explicitly only
 * ({@code auto.create.topics.enable=false}), new topics get 3 partitions unless told otherwise,
 * and consumer groups start without the initial rebalance delay.
 *
 * <p>Ownership: whoever starts the broker closes it. {@link #start()} uses a temporary data
 * directory that {@link #close()} deletes; {@link #start(Path)} uses the caller's directory, which
 * {@code close()} keeps, and a later {@code start(Path)} on it brings back the same cluster with its
 * topics and records (on new ports: ask {@link #bootstrapServers()} again).
 *
 * <p>Threading: all methods may be called from any thread. {@code close()} is idempotent and
 * serialized: a second call returns once the first has finished.
 *
 * <p>Caveat: Kafka halts the JVM on some fatal storage faults, as a standalone broker would.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Start-ups retried with fresh ports when another process took a chosen port meanwhile. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String bootstrapServers;
    private final Duration topicReadyTimeout;
    private boolean closed; // guarded by this

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteDataDirOnClose,
            String bootstrapServers, Duration topicReadyTimeout) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.bootstrapServers = bootstrapServers;
        this.topicReadyTimeout = topicReadyTimeout;
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
        return "EmbeddedKafkaBroker{bootstrapServers=" + bootstrapServers + ", dataDir=" + dataDir + "}";
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
         * @throws IllegalStateException if the broker cannot start, with the cause
         */
        public EmbeddedKafkaBroker start() {
            long startNanos = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : createDirectories(dataDir);
            try {
                boolean formatted = LogDirFormatter.formatIfNeeded(dir);
                EmbeddedKafkaBroker broker = startOnFreePorts(dir, temporary);
                log.info("Embedded Kafka broker listening on {} (data dir {}, {}), started in {} ms",
                        broker.bootstrapServers, dir, formatted ? "formatted now" : "reused",
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
                int brokerPort = ports[0];
                int controllerPort = ports[1];
                KafkaConfig config = KafkaConfig.fromProps(
                        KRaftNodeConfig.properties(dir, brokerPort, controllerPort, brokerProperties), false);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    server.startup();
                    return new EmbeddedKafkaBroker(server, dir, temporary,
                            KRaftNodeConfig.HOST + ":" + brokerPort, topicReadyTimeout);
                } catch (RuntimeException e) {
                    stopQuietly(server, e);
                    if (attempt < START_ATTEMPTS && isBindFailure(e)) {
                        log.warn("Embedded Kafka broker could not bind port {} or {} (attempt {} of {}), "
                                + "retrying on other ports: {}", brokerPort, controllerPort, attempt,
                                START_ATTEMPTS, e.toString());
                        continue;
                    }
                    throw new IllegalStateException("embedded Kafka broker failed to start (data dir " + dir
                            + ", broker port " + brokerPort + ", controller port " + controllerPort
                            + ", attempt " + attempt + " of " + START_ATTEMPTS + "): " + e.getMessage(), e);
                }
            }
        }

        private static void stopQuietly(KafkaRaftServer server, RuntimeException failure) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }

        private static boolean isBindFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException
                        || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                    return true;
                }
            }
            return false;
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

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " is " + value + ", but must be positive");
            }
        }
    }
}
