package dev.geyserpool.kafka.embedded;

import dev.geyserpool.kafka.embedded.internal.TestcontainersKafkaCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that gives tests a running {@link KafkaCluster}: declare a parameter of that
 * type on a test method, constructor or {@code @BeforeAll}/{@code @BeforeEach} method of a class
 * annotated {@code @ExtendWith(KafkaClusterExtension.class)}.
 *
 * <pre>{@code
 * @ExtendWith(KafkaClusterExtension.class)
 * class OrdersTest {
 *     @Test
 *     void publishes(KafkaCluster kafka) {
 *         String topic = KafkaCluster.uniqueTopicName("orders");
 *         kafka.createTopic(topic, 3);
 *         ... kafka.bootstrapServers() ...
 *     }
 * }
 * }</pre>
 *
 * <p>One cluster serves every test class of the JVM: it starts before the first class that uses
 * the extension and stops when the whole test run ends (it lives in the root
 * {@link ExtensionContext.Store}, which closes it). Tests therefore share topics and must name
 * theirs with {@link KafkaCluster#uniqueTopicName(String)}; they must not close the cluster.
 *
 * <p>The kind of cluster is chosen by one switch, the system property {@code geyserpool.kafka}:
 * {@code embedded} (the default, also when unset or blank) starts an {@link EmbeddedKafkaBroker};
 * {@code testcontainers} starts a broker in Docker, and where Docker is not available disables every
 * test class using the extension, so they are reported skipped with the reason "Docker is not
 * available", not failed. An unknown value fails those classes with a message naming the allowed
 * values.
 *
 * <p>Testcontainers is an optional dependency of this module: a module that wants the
 * {@code testcontainers} switch adds {@code org.testcontainers:testcontainers-kafka} to its test
 * dependencies. Its classes are loaded only when the switch selects it, so the embedded kind runs
 * without them.
 *
 * <p>Threading: JUnit may call the extension from several threads under parallel execution; the
 * root store starts the cluster at most once.
 */
public final class KafkaClusterExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String CLUSTER_KEY = "cluster";
    private static final String DOCKER_AVAILABLE_KEY = "docker-available";

    static final String DOCKER_UNAVAILABLE = "Docker is not available, so tests that need Kafka are skipped "
            + "(geyserpool.kafka=testcontainers needs a Docker daemon; "
            + "-Dgeyserpool.kafka=embedded runs them on an in-process broker)";

    /**
     * Disables the class (reported as skipped) when the switch asks for Testcontainers and Docker is
     * not available; fails it when the switch has an unknown value.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        KafkaClusterKind kind = KafkaClusterKind.fromSystemProperty();
        if (kind == KafkaClusterKind.TESTCONTAINERS && !isDockerAvailable(context)) {
            return ConditionEvaluationResult.disabled(DOCKER_UNAVAILABLE);
        }
        return ConditionEvaluationResult.enabled("geyserpool.kafka=" + kind);
    }

    /** Starts (or finds) the shared cluster before the class's tests run. */
    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public KafkaCluster resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        KafkaClusterKind kind = KafkaClusterKind.fromSystemProperty();
        if (kind == KafkaClusterKind.TESTCONTAINERS && !isDockerAvailable(context)) {
            // Only reached where the condition was bypassed; skip all the same.
            Assumptions.abort(DOCKER_UNAVAILABLE);
        }
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(CLUSTER_KEY, key -> SharedCluster.start(kind), SharedCluster.class)
                .cluster;
    }

    /** Asks Docker once per run; the answer is kept in the root store. */
    private static boolean isDockerAvailable(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DOCKER_AVAILABLE_KEY, key -> Testcontainers.isDockerAvailable(), Boolean.class);
    }

    /**
     * The JVM-wide cluster; closed by JUnit at the end of the run because it is an
     * {@link AutoCloseable} value of the root store.
     */
    private static final class SharedCluster implements AutoCloseable {

        final KafkaCluster cluster;
        private final Runnable shutdown;

        private SharedCluster(KafkaCluster cluster, Runnable shutdown) {
            this.cluster = cluster;
            this.shutdown = shutdown;
        }

        static SharedCluster start(KafkaClusterKind kind) {
            switch (kind) {
                case EMBEDDED:
                    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                    return new SharedCluster(broker, broker::close);
                case TESTCONTAINERS:
                    TestcontainersKafkaCluster container = Testcontainers.start();
                    return new SharedCluster(container, container::close);
                default:
                    throw new IllegalStateException("no cluster for kind " + kind);
            }
        }

        @Override
        public void close() {
            shutdown.run();
        }
    }

    /**
     * The only place that calls into Testcontainers, an optional dependency, and only when the
     * switch asks for it; turns its absence into a message that says what to add.
     */
    private static final class Testcontainers {

        static boolean isDockerAvailable() {
            try {
                boolean available = TestcontainersKafkaCluster.isDockerAvailable();
                if (!available) {
                    log.warn(DOCKER_UNAVAILABLE);
                }
                return available;
            } catch (NoClassDefFoundError e) {
                throw missing(e);
            }
        }

        static TestcontainersKafkaCluster start() {
            try {
                return TestcontainersKafkaCluster.start();
            } catch (NoClassDefFoundError e) {
                throw missing(e);
            }
        }

        private static IllegalStateException missing(NoClassDefFoundError e) {
            return new IllegalStateException("geyserpool.kafka=testcontainers needs "
                    + "org.testcontainers:testcontainers-kafka on the test classpath: it is an optional "
                    + "dependency of geyser-pool-embedded-kafka, so add it with <scope>test</scope>", e);
        }
    }
}
