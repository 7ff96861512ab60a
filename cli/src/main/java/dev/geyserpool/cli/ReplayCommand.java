package dev.geyserpool.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.ReplayResult;
import dev.geyserpool.sdk.Replayer;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateContext;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/geyser-pool replay}: prints, one JSON line per update, what a monitor's filters
 * matched on its topics from a time or a slot until the end at start. The monitor's group and
 * filters are read from its declaration on {@code geyser.subscriptions}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replays a monitor's past updates from Kafka to stdout, one JSON line each.")
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--kafka", defaultValue = "${env:GEYSERPOOL_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--monitor", required = true, description = "The monitor whose updates to replay.")
  String monitorId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  From from;

  static final class From {
    @Option(names = "--from", description = "Start at this time, ISO-8601 (2026-11-26T10:00:00Z).")
    String time;

    @Option(names = "--from-slot", description = "Start at this slot.")
    Long slot;
  }

  @Option(names = "--full", description = "Print each whole SubscribeUpdate as proto3 JSON, not a summary.")
  boolean full;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Optional<MonitorDeclaration> declaration = findDeclaration(bootstrap, monitorId);
    if (declaration.isEmpty()) {
      System.err.println("monitor '" + monitorId + "' has no declaration on " + Topics.SUBSCRIPTIONS + " at " + bootstrap
          + "; check the monitor id and --kafka");
      return 2;
    }
    Replayer.Builder replayer = Replayer.builder()
        .bootstrapServers(bootstrap)
        .monitorId(monitorId)
        .group(MonitorGroup.parse(declaration.get().getGroup()))
        .filters(declaration.get().getFilters());
    if (from.slot != null) {
      replayer.fromSlot(from.slot);
    } else {
      try {
        replayer.from(Instant.parse(from.time));
      } catch (DateTimeParseException e) {
        System.err.println("--from '" + from.time + "' is not an ISO-8601 instant; write it as 2026-11-26T10:00:00Z");
        return 2;
      }
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    ReplayResult result = replayer.build().replay(new Printer(out, full));
    out.flush();
    System.err.println("replayed monitor " + monitorId + ": delivered=" + result.delivered() + " scanned="
        + result.scanned() + " skipped=" + result.skipped() + " failed=" + result.failed());
    return result.failed() == 0 ? 0 : 1;
  }

  /** The latest declaration of a monitor on the compacted subscriptions topic. */
  static Optional<MonitorDeclaration> findDeclaration(String bootstrap, String monitorId) throws InvalidProtocolBufferException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    byte[] latest = null;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.SUBSCRIPTIONS, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (monitorId.equals(r.key())) {
            latest = r.value();
          }
        }
      }
    }
    return latest == null || latest.length == 0 ? Optional.empty() : Optional.of(MonitorDeclaration.parseFrom(latest));
  }

  /** One JSON line per update. */
  private static final class Printer implements UpdateHandler {
    private final java.io.PrintWriter out;
    private final boolean full;

    Printer(java.io.PrintWriter out, boolean full) {
      this.out = out;
      this.full = full;
    }

    private void print(String kind, UpdateContext context, String id, com.google.protobuf.Message body) throws Exception {
      StringBuilder line = new StringBuilder()
          .append("{\"kind\":\"").append(kind).append('"')
          .append(",\"slot\":").append(context.slot())
          .append(",\"identity\":\"").append(context.identity()).append('"')
          .append(",\"id\":\"").append(id).append('"')
          .append(",\"filters\":[").append(context.filters().stream().map(f -> "\"" + f + "\"")
              .collect(Collectors.joining(","))).append(']')
          .append(",\"receivedAt\":\"").append(context.receivedAt()).append('"')
          .append(",\"topic\":\"").append(context.topic()).append('"')
          .append(",\"offset\":").append(context.offset());
      if (full && body != null) {
        line.append(",\"update\":").append(JsonFormat.printer().omittingInsignificantWhitespace().print(body));
      }
      out.println(line.append('}'));
    }

    @Override
    public void onTransaction(TransactionUpdate update) throws Exception {
      print("transaction", update.context(), update.signature(), update.transaction());
    }

    @Override
    public void onAccount(AccountUpdate update) throws Exception {
      print("account", update.context(), update.pubkey(), update.account());
    }

    @Override
    public void onBlock(BlockUpdate update) throws Exception {
      print("block", update.context(), Long.toString(update.context().slot()), update.update());
    }

    @Override
    public void onGap(GapUpdate gap) throws Exception {
      print("gap", gap.context(), gap.gap().getFromSlot() + "-" + gap.gap().getToSlot(), gap.gap());
    }
  }
}
