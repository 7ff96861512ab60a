package dev.geyserpool.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running metrics aggregator: one {@link KafkaStreams} client on
 * {@link MetricsTopology#buildTopology}, exactly-once v2, its state under the configured
 * {@code stateDir}. Start several with the same application id to share the partitions; each
 * holds the stores of its own partitions (see {@link AggregatorStores}), and
 * {@link #streams()} answers interactive queries.
 *
 * <p>Whoever starts it closes it. {@link #shutdown()} and {@link #close()} are safe from any
 * thread and more than once.
 */
public final class MetricsAggregator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsAggregator.class);
  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final AggregatorConfig config;
  private final KafkaStreams streams;

  private MetricsAggregator(AggregatorConfig config, KafkaStreams streams) {
    this.config = config;
    this.streams = streams;
  }

  /**
   * Creates the missing topics, then starts the job; returns once it is starting (it goes
   * RUNNING when it has its partitions and restored its stores).
   *
   * @throws IllegalStateException when the topics cannot be made ready, naming what to check
   */
  public static MetricsAggregator start(AggregatorConfig config) {
    log.info("metrics aggregator starting: {}", config);
    AggregatorTopics.ensure(config, TOPICS_TIMEOUT);
    KafkaStreams streams = new KafkaStreams(MetricsTopology.buildTopology(config), config.streamsProperties());
    streams.setUncaughtExceptionHandler(e -> {
      // A bug in the job would only fail again on the same record: stop, visibly, in state ERROR.
      log.error("metrics aggregator {} stops: a stream thread failed", config.applicationId(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    return new MetricsAggregator(config, streams);
  }

  /** The Kafka Streams client, for its state and interactive queries of {@link AggregatorStores}. */
  public KafkaStreams streams() {
    return streams;
  }

  public AggregatorConfig config() {
    return config;
  }

  /**
   * Stops processing, commits, closes the stores and leaves the group (so the instances that stay,
   * or this one started again, take its partitions at once instead of after the session
   * timeout), waiting at most 30 s; true when it closed in time.
   */
  public boolean shutdown() {
    return shutdown(CLOSE_TIMEOUT);
  }

  public boolean shutdown(Duration timeout) {
    boolean closed = streams.close(CloseOptions.timeout(timeout)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!closed) {
      log.warn("metrics aggregator {} did not close within {} (state {})", config.applicationId(), timeout,
          streams.state());
    }
    return closed;
  }

  @Override
  public void close() {
    shutdown();
  }

  /**
   * Runs the aggregator until the JVM is stopped: {@code MetricsAggregator <bootstrap servers>
   * [state dir]}; the rest of the configuration keeps its defaults.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: MetricsAggregator <bootstrap servers> [state dir]");
      System.exit(2);
    }
    AggregatorConfig.Builder builder = AggregatorConfig.builder().bootstrapServers(args[0]);
    if (args.length == 2) {
      builder.stateDir(Path.of(args[1]));
    }
    MetricsAggregator aggregator = start(builder.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      aggregator.shutdown();
      stopped.countDown();
    }, "aggregator-shutdown"));
    stopped.await();
  }
}
