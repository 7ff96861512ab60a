package dev.geyserpool.aggregator;

import dev.geyserpool.aggregator.api.AggregatorApi;
import dev.geyserpool.aggregator.api.ApiConfig;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The aggregator as a service: the HTTP API ({@link AggregatorApi}) and the Kafka Streams job
 * ({@link MetricsAggregator}) behind it. The API binds first, so the job can advertise the real
 * port as its {@code application.server} (other instances forward reads there); it answers 503
 * until the job runs.
 *
 * <p>Whoever starts it closes it: {@link #close()} stops the API, then the job (committing and
 * leaving the group). Safe from any thread, more than once.
 */
public final class AggregatorService implements AutoCloseable {
  private final AggregatorApi api;
  private final MetricsAggregator aggregator;

  private AggregatorService(AggregatorApi api, MetricsAggregator aggregator) {
    this.api = api;
    this.aggregator = aggregator;
  }

  /**
   * Binds the API, then starts the job with {@code application.server} set to the API's
   * advertised address.
   *
   * @throws IllegalStateException when the port cannot be bound or the topics cannot be made ready
   */
  public static AggregatorService start(AggregatorConfig config, ApiConfig apiConfig) {
    AggregatorApi api = AggregatorApi.start(apiConfig, config, Clock.systemUTC());
    try {
      Map<String, String> overrides = new HashMap<>(config.streamsOverrides());
      overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, api.applicationServer());
      MetricsAggregator aggregator = MetricsAggregator.start(config.toBuilder().streamsOverrides(overrides).build());
      api.attach(aggregator.streams());
      return new AggregatorService(api, aggregator);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** The API's base address, e.g. {@code http://127.0.0.1:8091}. */
  public URI apiUrl() {
    return URI.create("http://" + api.applicationServer());
  }

  public int apiPort() {
    return api.port();
  }

  public MetricsAggregator aggregator() {
    return aggregator;
  }

  @Override
  public synchronized void close() {
    api.close();
    aggregator.close();
  }
}
