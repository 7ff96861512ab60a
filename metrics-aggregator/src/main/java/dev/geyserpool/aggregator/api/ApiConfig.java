package dev.geyserpool.aggregator.api;

import java.time.Duration;

/**
 * The aggregator's HTTP API: where it listens, the address other instances reach it at, and the
 * limits that keep one client from starving the rest. Immutable; validated when built, naming
 * the key, the rule and the bad value.
 *
 * @param bindHost the interface to listen on: loopback by default, so nothing outside the machine
 *     reaches the API until it is asked to ({@code 0.0.0.0} for all interfaces)
 * @param port the port; 0 picks a free one (tests)
 * @param advertisedHost the host other aggregator instances use to reach this one, published as
 *     Kafka Streams' {@code application.server}; it must resolve from every instance
 * @param requestsPerSecond the steady rate one client (one remote address) may send
 * @param burst how many requests one client may send at once before the rate applies
 * @param livePushInterval how often the WebSocket pushes the real-time metrics (1 s)
 * @param maxLiveSessions open WebSocket sessions accepted at once; later ones are closed with
 *     status 1013 (try again later)
 * @param maxLiveSessionsPerClient open WebSocket sessions one client (remote address) may hold,
 *     so one client cannot take them all
 * @param forwardTimeout how long a read forwarded to another instance may take; one that does not
 *     answer in time is skipped for a few seconds, its share reported missing
 * @param maxThreads the HTTP server's threads (its queue holds 8 times as many requests)
 */
public record ApiConfig(
    String bindHost,
    int port,
    String advertisedHost,
    int requestsPerSecond,
    int burst,
    Duration livePushInterval,
    int maxLiveSessions,
    int maxLiveSessionsPerClient,
    Duration forwardTimeout,
    int maxThreads) {

  public ApiConfig {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("api.bindHost is '" + bindHost + "', but must be a host or address");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("api.port is " + port + ", but must be 0-65535 (0 picks a free port)");
    }
    if (advertisedHost == null || advertisedHost.isBlank() || advertisedHost.contains(":")
        && !advertisedHost.startsWith("[")) {
      throw new IllegalArgumentException("api.advertisedHost is '" + advertisedHost
          + "', but must be a host name or address without a port (IPv6 in brackets)");
    }
    if (requestsPerSecond < 1) {
      throw new IllegalArgumentException("api.requestsPerSecond is " + requestsPerSecond + ", but must be at least 1");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("api.burst is " + burst + ", but must be at least 1");
    }
    if (livePushInterval == null || livePushInterval.toMillis() < 10) {
      throw new IllegalArgumentException("api.livePushInterval is " + livePushInterval + ", but must be at least 10 ms");
    }
    if (maxLiveSessions < 1) {
      throw new IllegalArgumentException("api.maxLiveSessions is " + maxLiveSessions + ", but must be at least 1");
    }
    if (maxLiveSessionsPerClient < 1) {
      throw new IllegalArgumentException("api.maxLiveSessionsPerClient is " + maxLiveSessionsPerClient
          + ", but must be at least 1");
    }
    if (forwardTimeout == null || forwardTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("api.forwardTimeout is " + forwardTimeout + ", but must be at least 1 ms");
    }
    if (maxThreads < 4) {
      throw new IllegalArgumentException("api.maxThreads is " + maxThreads
          + ", but must be at least 4 (Jetty keeps some for accepting and selecting)");
    }
  }

  /**
   * The defaults: port 8091 on loopback, advertised as 127.0.0.1, 20 requests/s per client with
   * bursts of 60, 256 live sessions (16 per client), forwards timing out after 2 s, 32 threads.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code host} names the loopback interface only. */
  static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
  }

  public Builder toBuilder() {
    return new Builder().bindHost(bindHost).port(port).advertisedHost(advertisedHost)
        .requestsPerSecond(requestsPerSecond).burst(burst).livePushInterval(livePushInterval)
        .maxLiveSessions(maxLiveSessions).maxLiveSessionsPerClient(maxLiveSessionsPerClient)
        .forwardTimeout(forwardTimeout).maxThreads(maxThreads);
  }

  /** Collects the values; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String bindHost = "127.0.0.1";
    private int port = 8091;
    private String advertisedHost = "127.0.0.1";
    private int requestsPerSecond = 20;
    private int burst = 60;
    private Duration livePushInterval = Duration.ofSeconds(1);
    private int maxLiveSessions = 256;
    private int maxLiveSessionsPerClient = 16;
    private Duration forwardTimeout = Duration.ofSeconds(2);
    private int maxThreads = 32;

    private Builder() {}

    public Builder bindHost(String value) {
      bindHost = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder advertisedHost(String value) {
      advertisedHost = value;
      return this;
    }

    public Builder requestsPerSecond(int value) {
      requestsPerSecond = value;
      return this;
    }

    public Builder burst(int value) {
      burst = value;
      return this;
    }

    public Builder livePushInterval(Duration value) {
      livePushInterval = value;
      return this;
    }

    public Builder maxLiveSessions(int value) {
      maxLiveSessions = value;
      return this;
    }

    public Builder maxLiveSessionsPerClient(int value) {
      maxLiveSessionsPerClient = value;
      return this;
    }

    public Builder forwardTimeout(Duration value) {
      forwardTimeout = value;
      return this;
    }

    public Builder maxThreads(int value) {
      maxThreads = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the key, the rule and the bad value
     */
    public ApiConfig build() {
      return new ApiConfig(bindHost, port, advertisedHost, requestsPerSecond, burst, livePushInterval,
          maxLiveSessions, maxLiveSessionsPerClient, forwardTimeout, maxThreads);
    }
  }
}
