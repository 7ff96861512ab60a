package dev.geyserpool.sdk;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateIdentity;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor: declares what it wants from the stream and consumes its group's topics, handing its
 * handler only the updates its own filters matched. It never talks to Yellowstone.
 *
 * <p>Threading: one consumer thread per monitor ({@code geyser-monitor-<id>}) calls the handler;
 * {@link #close()} may be called from any thread and waits for the thread to finish. Offsets are
 * committed after the handler returns (at-least-once).
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);

  /** Where a monitor with no committed offsets starts reading. */
  public enum StartPosition {
    /** Everything still retained that matched this monitor. */
    EARLIEST,
    /** Only what is published from now on. */
    LATEST
  }

  private final String id;
  private final MonitorGroup group;
  private final SubscribeRequest filters;
  private final String bootstrapServers;
  private final UpdateHandler handler;
  private final StartPosition startPosition;
  private final String instanceId = UUID.randomUUID().toString();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong handlerErrors = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closing;
  private Thread thread;

  private Monitor(Builder b) {
    this.id = b.id;
    this.group = b.group;
    this.filters = b.filters;
    this.bootstrapServers = b.bootstrapServers;
    this.handler = b.handler;
    this.startPosition = b.startPosition;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String id() {
    return id;
  }

  public MonitorGroup group() {
    return group;
  }

  /** What this monitor declares to the gateway. */
  public MonitorDeclaration declaration() {
    return MonitorDeclaration.newBuilder()
        .setMonitorId(id)
        .setGroup(group.id())
        .setFilters(filters)
        .setInstanceId(instanceId)
        .build();
  }

  /** Updates handed to the handler so far. */
  public long delivered() {
    return delivered.get();
  }

  /** Handler calls that threw. */
  public long handlerErrors() {
    return handlerErrors.get();
  }

  /** The stream topics this monitor reads: its group's topics of the kinds its filters ask for. */
  public List<String> topics() {
    Set<UpdateKind> kinds = EnumSet.noneOf(UpdateKind.class);
    if (filters.getTransactionsCount() > 0 || filters.getTransactionsStatusCount() > 0) {
      kinds.add(UpdateKind.TRANSACTIONS);
    }
    if (filters.getAccountsCount() > 0) {
      kinds.add(UpdateKind.ACCOUNTS);
    }
    if (filters.getBlocksCount() > 0 || filters.getBlocksMetaCount() > 0 || filters.getSlotsCount() > 0) {
      kinds.add(UpdateKind.BLOCKS);
    }
    List<String> topics = new ArrayList<>();
    for (UpdateKind kind : kinds) {
      topics.add(Topics.stream(group, kind));
    }
    return topics;
  }

  /** Starts consuming on the monitor's own thread. */
  public synchronized Monitor start() {
    if (thread != null) {
      throw new IllegalStateException("monitor " + id + " is already started");
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "geyser-monitor." + id);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "geyser-monitor." + id + "." + instanceId.substring(0, 8));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startPosition.name().toLowerCase(Locale.ROOT));
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(topics());
    thread = new Thread(this::run, "geyser-monitor-" + id);
    thread.start();
    log.info("Monitor {} ({}) consuming {}", id, group.id(), topics());
    return this;
  }

  private void run() {
    try {
      while (!closing) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : records) {
          dispatch(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("Monitor {} stopped: {}", id, e.toString(), e);
    } finally {
      try {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      } finally {
        stopped.countDown();
      }
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    if (!RecordHeaders.list(headerValue(record, RecordHeaders.MONITORS)).contains(id)) {
      return;
    }
    if (RecordHeaders.RECORD_TYPE_GAP.equals(RecordHeaders.text(headerValue(record, RecordHeaders.RECORD_TYPE)))) {
      dispatchGap(record);
      return;
    }
    SubscribeUpdate update;
    try {
      update = SubscribeUpdate.parseFrom(record.value());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      handlerErrors.incrementAndGet();
      log.error("Monitor {} skipped an unreadable record at {}-{}@{}: {}", id, record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return;
    }
    List<String> own = new ArrayList<>();
    for (String filter : RecordHeaders.list(headerValue(record, RecordHeaders.FILTERS))) {
      if (FilterNames.monitorOf(filter).filter(id::equals).isPresent()) {
        own.add(FilterNames.localName(filter));
      }
    }
    long micros = RecordHeaders.number(headerValue(record, RecordHeaders.RECEIVED_AT_MICROS));
    UpdateContext context = new UpdateContext(
        UpdateIdentity.of(update).orElse(""),
        RecordHeaders.number(headerValue(record, RecordHeaders.SLOT)),
        List.copyOf(own),
        Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000),
        record.topic(), record.partition(), record.offset());
    try {
      switch (update.getUpdateOneofCase()) {
        case TRANSACTION -> handler.onTransaction(new TransactionUpdate(
            context, Base58.encode(update.getTransaction().getTransaction().getSignature().toByteArray()),
            update.getTransaction().getTransaction()));
        case ACCOUNT -> handler.onAccount(new AccountUpdate(
            context, Base58.encode(update.getAccount().getAccount().getPubkey().toByteArray()),
            update.getAccount().getAccount()));
        case BLOCK, BLOCK_META, SLOT -> handler.onBlock(new BlockUpdate(context, update));
        default -> {
          return;
        }
      }
      delivered.incrementAndGet();
    } catch (Exception e) {
      handlerErrors.incrementAndGet();
      log.error("Monitor {} handler failed on {} ({}-{}@{}): {}", id, context.identity(), record.topic(),
          record.partition(), record.offset(), e.toString(), e);
    }
  }

  private void dispatchGap(ConsumerRecord<String, byte[]> record) {
    try {
      dev.geyserpool.proto.pool.GapRecord gap = dev.geyserpool.proto.pool.GapRecord.parseFrom(record.value());
      UpdateContext context = new UpdateContext("gap:" + gap.getFromSlot() + "-" + gap.getToSlot(), gap.getFromSlot(),
          List.of(), Instant.ofEpochSecond(gap.getDetectedAtEpochMicros() / 1_000_000,
              (gap.getDetectedAtEpochMicros() % 1_000_000) * 1_000),
          record.topic(), record.partition(), record.offset());
      handler.onGap(new GapUpdate(context, gap));
      delivered.incrementAndGet();
    } catch (Exception e) {
      handlerErrors.incrementAndGet();
      log.error("Monitor {} failed on a gap record at {}-{}@{}: {}", id, record.topic(), record.partition(),
          record.offset(), e.toString(), e);
    }
  }

  private static byte[] headerValue(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : header.value();
  }

  /** Stops consuming, commits what was handled and waits for the consumer thread. */
  @Override
  public void close() {
    closing = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
      try {
        if (!stopped.await(10, TimeUnit.SECONDS)) {
          log.warn("Monitor {} did not stop within 10s", id);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link Monitor}; checks every value when built. */
  public static final class Builder {
    private String id;
    private MonitorGroup group;
    private SubscribeRequest filters = SubscribeRequest.getDefaultInstance();
    private String bootstrapServers;
    private UpdateHandler handler;
    private StartPosition startPosition = StartPosition.EARLIEST;

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder group(MonitorGroup group) {
      this.group = group;
      return this;
    }

    /** The monitor's filters, named by the monitor, with commitment and data slice. */
    public Builder filters(SubscribeRequest filters) {
      this.filters = filters;
      return this;
    }

    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    public Builder handler(UpdateHandler handler) {
      this.handler = handler;
      return this;
    }

    public Builder startPosition(StartPosition position) {
      this.startPosition = position;
      return this;
    }

    public Monitor build() {
      FilterNames.monitorIdProblem(id).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      });
      Objects.requireNonNull(group, "group must be set: high, medium or low");
      Objects.requireNonNull(handler, "handler must be set");
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers is '" + bootstrapServers + "', but must be host:port[,host:port]");
      }
      return new Monitor(this);
    }
  }
}
