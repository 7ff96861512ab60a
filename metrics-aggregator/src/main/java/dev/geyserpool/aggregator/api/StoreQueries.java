package dev.geyserpool.aggregator.api;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.geyserpool.aggregator.AggregatorStores;
import dev.geyserpool.proto.pool.GroupMetrics;
import dev.geyserpool.proto.pool.MonitorMetrics;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolMetrics;
import dev.geyserpool.proto.pool.PoolMetricsWindow;
import dev.geyserpool.proto.pool.PoolSeriesPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the job's queryable stores ({@link AggregatorStores}) across every instance of the
 * application: a key from the instance that owns it, everything from each instance's share. This
 * instance's partitions are read in place; another instance's through its API's internal route
 * ({@value #INTERNAL_PREFIX}{@code <store>}), which answers from its own partitions only and
 * never forwards again, as length-delimited protobuf values.
 *
 * <p>Thread-safe: Kafka Streams' interactive queries and {@link HttpClient} are. A store that is
 * not readable (the job starting, restoring or rebalancing; an owner that does not answer) is an
 * {@link ApiException} 503 naming the store and the cause: the caller retries, nothing is guessed.
 */
final class StoreQueries {
  static final String INTERNAL_PREFIX = "/internal/v1/stores/";
  static final String PROTOBUF_DELIMITED = "application/x-protobuf; delimited=true";

  /** A queryable store and how its values are read. */
  record Store<V extends MessageLite>(String name, Parser<V> parser, boolean windowed) {}

  static final Store<PoolMetrics> POOL_METRICS = new Store<>(AggregatorStores.POOL_METRICS, PoolMetrics.parser(), false);
  static final Store<PoolMetricsWindow> POOL_METRICS_5M =
      new Store<>(AggregatorStores.POOL_METRICS_5M, PoolMetricsWindow.parser(), true);
  static final Store<PoolSeriesPoint> POOL_SERIES_10S =
      new Store<>(AggregatorStores.POOL_SERIES_10S, PoolSeriesPoint.parser(), true);
  static final Store<MonitorMetrics> MONITOR_METRICS =
      new Store<>(AggregatorStores.MONITOR_METRICS, MonitorMetrics.parser(), false);
  static final Store<GroupMetrics> GROUP_METRICS = new Store<>(AggregatorStores.GROUP_METRICS, GroupMetrics.parser(), false);
  static final Store<PoolAlert> ALERTS = new Store<>(AggregatorStores.ALERTS, PoolAlert.parser(), false);

  static final List<Store<?>> ALL = List.of(POOL_METRICS, POOL_METRICS_5M, POOL_SERIES_10S, MONITOR_METRICS,
      GROUP_METRICS, ALERTS);

  /** After a peer failed to answer, reads skip it for this long instead of waiting on it again. */
  static final Duration PEER_BACKOFF = Duration.ofSeconds(5);
  private static final Duration PEERS_CACHED = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Duration timeout;
  /** Peers that did not answer, and the {@link System#nanoTime()} until which they are skipped. */
  private final Map<HostInfo, Long> downUntilNanos = new ConcurrentHashMap<>();
  private volatile Peers peers = new Peers(Set.of(), Long.MIN_VALUE);
  /** Set once by {@link #attach}; until then every read is a 503. */
  private volatile KafkaStreams streams;
  private volatile HostInfo self;

  StoreQueries(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** Starts answering from {@code streams}, whose {@code application.server} is {@code self}. */
  void attach(KafkaStreams streams, HostInfo self) {
    this.self = self;
    this.streams = streams;
  }

  private record Peers(Set<String> addresses, long resolvedAtNanos) {}

  /**
   * Whether {@code address} is one of another instance's: its forwarded reads are part of some
   * client's request, already counted there. Resolved from the group's metadata every 10 s.
   */
  boolean isPeer(String address) {
    KafkaStreams s = streams;
    if (s == null) {
      return false;
    }
    Peers known = peers;
    long now = System.nanoTime();
    if (now - known.resolvedAtNanos() > PEERS_CACHED.toNanos()) {
      Set<String> addresses = new HashSet<>();
      try {
        for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
          if (!m.hostInfo().equals(self)) {
            for (InetAddress a : InetAddress.getAllByName(m.hostInfo().host())) {
              addresses.add(a.getHostAddress());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Not resolvable now: no exemption until it is.
      }
      known = new Peers(Set.copyOf(addresses), now);
      peers = known;
    }
    return known.addresses().contains(address);
  }

  /** The Kafka Streams client's state, or null before {@link #attach}. */
  KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? null : s.state();
  }

  static Optional<Store<?>> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * What {@link #all} gathered: the values of every instance that answered, and a sentence for
   * each that did not (its share is missing from the values).
   */
  record Gathered<V>(List<V> values, List<String> unreachable) {}

  /**
   * Every value of a key-value store, from every instance that answers: an instance that does not
   * (dead, hung, restarting) leaves its share out and is named in {@link Gathered#unreachable},
   * so one instance down never takes the others' answers with it.
   */
  <V extends MessageLite> Gathered<V> all(Store<V> store) {
    requireReadable(store);
    List<V> values = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (StreamsMetadata instance : streams.streamsMetadataForStore(store.name())) {
      if (instance.hostInfo().equals(self)) {
        values.addAll(localAll(store));
      } else {
        try {
          values.addAll(remote(instance.hostInfo(), store, ""));
        } catch (ApiException e) {
          unreachable.add(e.getMessage());
        }
      }
    }
    return new Gathered<>(values, unreachable);
  }

  /** The value of {@code key}, from the instance that owns it. */
  <V extends MessageLite> Optional<V> get(Store<V> store, String key) {
    HostInfo owner = owner(store, key);
    if (owner.equals(self)) {
      return localGet(store, key);
    }
    List<V> values = remote(owner, store, "?key=" + encode(key));
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The windows of {@code key} whose start lies in {@code [from, to]}, oldest first, from the owner. */
  <V extends MessageLite> List<V> fetch(Store<V> store, String key, Instant from, Instant to) {
    HostInfo owner = owner(store, key);
    if (owner.equals(self)) {
      return localFetch(store, key, from, to);
    }
    return remote(owner, store, "?key=" + encode(key) + "&from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli());
  }

  /** This instance's share of a key-value store. */
  <V extends MessageLite> List<V> localAll(Store<V> store) {
    requireReadable(store);
    List<V> values = new ArrayList<>();
    try (KeyValueIterator<String, V> it = keyValueStore(store).all()) {
      it.forEachRemaining(kv -> values.add(kv.value));
    } catch (InvalidStateStoreException e) {
      throw notReadable(store, e);
    }
    return values;
  }

  /** The value of {@code key} if this instance owns it; 503 when another does (it moved). */
  <V extends MessageLite> Optional<V> localGet(Store<V> store, String key) {
    requireOwned(store, key);
    try {
      return Optional.ofNullable(keyValueStore(store).get(key));
    } catch (InvalidStateStoreException e) {
      throw notReadable(store, e);
    }
  }

  <V extends MessageLite> List<V> localFetch(Store<V> store, String key, Instant from, Instant to) {
    requireOwned(store, key);
    List<V> values = new ArrayList<>();
    try {
      ReadOnlyWindowStore<String, V> windows =
          streams.store(StoreQueryParameters.fromNameAndType(store.name(), QueryableStoreTypes.<String, V>windowStore()));
      try (WindowStoreIterator<V> it = windows.fetch(key, from, to)) {
        while (it.hasNext()) {
          KeyValue<Long, V> window = it.next();
          values.add(window.value);
        }
      }
    } catch (InvalidStateStoreException e) {
      throw notReadable(store, e);
    }
    return values;
  }

  /** Values as the internal route writes them: each length-delimited. */
  static byte[] encode(List<? extends MessageLite> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (MessageLite value : values) {
        value.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private <V extends MessageLite> ReadOnlyKeyValueStore<String, V> keyValueStore(Store<V> store) {
    return streams.store(StoreQueryParameters.fromNameAndType(store.name(), QueryableStoreTypes.<String, V>keyValueStore()));
  }

  private HostInfo owner(Store<?> store, String key) {
    requireReadable(store);
    KeyQueryMetadata metadata = streams.queryMetadataForKey(store.name(), key, Serdes.String().serializer());
    if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw ApiException.unavailable("the owner of '" + key + "' in store " + store.name()
          + " is not known yet (the aggregator is joining its group or rebalancing): retry in a moment");
    }
    return metadata.activeHost();
  }

  private void requireOwned(Store<?> store, String key) {
    if (!owner(store, key).equals(self)) {
      throw ApiException.unavailable("'" + key + "' of store " + store.name() + " moved to another instance while"
          + " the request was forwarded: retry");
    }
  }

  private void requireReadable(Store<?> store) {
    if (streams == null) {
      throw ApiException.unavailable("the aggregator is starting, so store " + store.name()
          + " cannot be read yet: retry in a moment");
    }
    KafkaStreams.State state = streams.state();
    if (state == KafkaStreams.State.CREATED) {
      throw ApiException.unavailable("the aggregator is starting, so store " + store.name()
          + " cannot be read yet: retry in a moment");
    }
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      // ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN: it will not come back by itself.
      throw ApiException.down("the aggregator is " + state + ", so store " + store.name() + " cannot be read"
          + (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
          ? ": it stopped on an error; see its log, then restart it" : ": it is shutting down"));
    }
  }

  private static ApiException notReadable(Store<?> store, InvalidStateStoreException e) {
    return ApiException.unavailable("store " + store.name() + " is being restored or moved between instances ("
        + e.getMessage() + "): retry in a moment");
  }

  private <V extends MessageLite> List<V> remote(HostInfo owner, Store<V> store, String query) {
    URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + INTERNAL_PREFIX + store.name() + query);
    String where = "instance " + owner.host() + ":" + owner.port() + ", which holds part of store " + store.name();
    Long downUntil = downUntilNanos.get(owner);
    if (downUntil != null && System.nanoTime() - downUntil < 0) {
      throw ApiException.unavailable(where + ", did not answer a moment ago and is skipped for "
          + PEER_BACKOFF.toSeconds() + " s: check that it runs and that its api.advertisedHost resolves from here");
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      downUntilNanos.remove(owner);
    } catch (IOException e) {
      downUntilNanos.put(owner, System.nanoTime() + PEER_BACKOFF.toNanos());
      throw ApiException.unavailable(where + ", did not answer (" + e + "): check that it runs and that its"
          + " api.advertisedHost resolves from here");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable(where + ": the request was interrupted");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(body.readNBytes(2048), StandardCharsets.UTF_8);
        throw ApiException.unavailable(where + ", answered " + response.statusCode() + ": " + text);
      }
      List<V> values = new ArrayList<>();
      V value;
      while ((value = store.parser().parseDelimitedFrom(body)) != null) {
        values.add(value);
      }
      return values;
    } catch (IOException e) {
      throw ApiException.unavailable(where + ", sent an answer that could not be read (" + e + ")");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
