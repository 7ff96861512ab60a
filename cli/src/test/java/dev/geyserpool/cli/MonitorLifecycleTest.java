package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.sdk.AccountFilter;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.SubscriptionRejectedException;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Monitors come and go while the system runs, through the SDK and the real gateway: joining costs
 * no new upstream connection, leaving stops the data, and a declaration the gateway refuses
 * fails {@code start()} with the gateway's reason.
 */
@ExtendWith(KafkaClusterExtension.class)
class MonitorLifecycleTest {
  private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void monitorsJoinWithoutNewConnectionsLeaveCleanlyAndHearTheGatewaysRefusal(KafkaCluster kafka) {
    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null,
        sim -> sim.trafficRate(50).slotInterval(Duration.ofMillis(100)).maxAccountsPerFilter(2),
        gateway -> gateway.providerMaxAccountsPerFilter(2))) {
      PumpExampleMonitor first = new PumpExampleMonitor(DISCARD, false);
      system.addMonitor("life-first", MonitorGroup.HIGH, PumpExampleMonitor.filters(), first);
      java.time.Instant trafficStart = java.time.Instant.now();
      system.simulator().startTraffic();
      await().atMost(Duration.ofSeconds(30)).until(() -> first.seen().size() > 10);
      long connections = system.audit().totalConnections();

      // A second monitor of the same group joins the open stream: data, and no new connection.
      AtomicInteger joinerUpdates = new AtomicInteger();
      Monitor joiner = system.addMonitor("life-joiner", MonitorGroup.HIGH, SubscribeRequest.newBuilder()
          .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
              .addOwner(PumpExampleMonitor.PUMP_PROGRAM).build())
          .build(), new UpdateHandler() {
            @Override
            public void onAccount(AccountUpdate update) {
              joinerUpdates.incrementAndGet();
            }
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> joinerUpdates.get() > 10);
      assertThat(system.audit().totalConnections()).isEqualTo(connections);

      // It leaves: the gateway drops its filters, and what is published next is not for it.
      joiner.close();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> !system.gateway().poolStats().monitorStates().containsKey("life-joiner"));
      List<ConsumerRecord<String, byte[]>> after = newRecords(kafka, Topics.stream(MonitorGroup.HIGH, UpdateKind.ACCOUNTS), 20);
      assertThat(after).allSatisfy(r -> assertThat(RecordHeaders.list(header(r, RecordHeaders.MONITORS)))
          .containsExactly("life-first"));

      // This provider allows two accounts per filter, and the gateway knows: start() fails with its reason.
      Monitor.Builder tooWide = Monitor.builder()
          .id("life-wide")
          .group(MonitorGroup.LOW)
          .filter(AccountFilter.named("three")
              .account(PumpExampleMonitor.PUMP_PROGRAM)
              .account("11111111111111111111111111111111")
              .account("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"))
          .bootstrapServers(kafka.bootstrapServers())
          .handler(new UpdateHandler() { });
      assertThatThrownBy(() -> tooWide.build().start())
          .isInstanceOf(SubscriptionRejectedException.class)
          .hasMessageContaining("monitor life-wide: accounts.three lists 3 accounts; the provider allows at most 2"
              + " per filter: split it into several filters or filter by owner");
      assertThat(system.audit().totalConnections()).isEqualTo(connections);
      assertThat(system.gateway().poolStats().monitorStates()).containsOnlyKeys("life-first");

      // bin/geyser-pool replay prints what the monitor received, read back from Kafka.
      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine cli = GeyserPoolCli.commandLine();
      cli.setOut(new java.io.PrintWriter(out, true));
      int exit = cli.execute("replay", "--kafka", kafka.bootstrapServers(), "--monitor", "life-first",
          "--from", trafficStart.minusSeconds(1).toString());
      assertThat(exit).isZero();
      List<String> lines = out.toString().lines().toList();
      assertThat(lines).hasSizeGreaterThan(10);
      java.util.regex.Pattern identity = java.util.regex.Pattern.compile("\"identity\":\"([^\"]+)\"");
      assertThat(lines).allSatisfy(line -> {
        java.util.regex.Matcher m = identity.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        assertThat(first.seen()).containsKey(m.group(1));
      });
    }
  }

  private static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : h.value();
  }

  /** The next {@code count} records published to {@code topic} from now on (bounded wait). */
  private static List<ConsumerRecord<String, byte[]>> newRecords(KafkaCluster kafka, String topic, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "life-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= count;
      });
    }
    return records;
  }
}
