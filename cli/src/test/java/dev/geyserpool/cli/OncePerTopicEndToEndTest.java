package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import dev.geyserpool.sdk.Monitor;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UpdateHandler;
import dev.geyserpool.sim.YellowstoneSimulator;
import dev.geyserpool.wire.MonitorGroup;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.Topics;
import dev.geyserpool.wire.UpdateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two monitors of one group at two commitments, end to end (simulator over loopback gRPC, the
 * gateway, the in-process broker, monitors on the SDK): the topic holds each transaction's bytes
 * once, and each monitor's handler still gets every transaction once, whole, with its own filter
 * names.
 */
@ExtendWith(KafkaClusterExtension.class)
class OncePerTopicEndToEndTest {
  @Test
  void monitorsAtTwoCommitmentsEachGetEveryTransactionWhileTheTopicHoldsItsBytesOnce(KafkaCluster kafka)
      throws Exception {
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    String fast = "fast-" + suffix;
    String sure = "sure-" + suffix;
    Map<String, ConcurrentLinkedQueue<TransactionUpdate>> got = Map.of(fast, new ConcurrentLinkedQueue<>(),
        sure, new ConcurrentLinkedQueue<>());
    try (EmbeddedSystem system = EmbeddedSystem.start(kafka.bootstrapServers(), null, sim -> sim.manual(true))) {
      Monitor processed = system.addMonitor(fast, MonitorGroup.MEDIUM, filters("quick", CommitmentLevel.PROCESSED),
          collect(got.get(fast)));
      Monitor confirmed = system.addMonitor(sure, MonitorGroup.MEDIUM, filters("settled", CommitmentLevel.CONFIRMED),
          collect(got.get(sure)));
      system.awaitActive(List.of(processed, confirmed), Duration.ofSeconds(30));

      YellowstoneSimulator sim = system.simulator();
      Map<String, SubscribeUpdateTransactionInfo> sent = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        SubscribeUpdateTransactionInfo tx = tx();
        sim.emitTransaction(tx);
        sent.put(Base58.encode(tx.getSignature().toByteArray()), tx);
      }
      long slot = sim.advanceSlot();
      sim.advanceSlot(); // confirms it

      await("every transaction at both monitors").atMost(Duration.ofSeconds(30))
          .until(() -> got.get(fast).size() >= sent.size() && got.get(sure).size() >= sent.size());

      for (Map.Entry<String, ConcurrentLinkedQueue<TransactionUpdate>> e : got.entrySet()) {
        List<String> signatures = e.getValue().stream().map(TransactionUpdate::signature).toList();
        assertThat(signatures).as("what %s's handler got", e.getKey()).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (TransactionUpdate u : e.getValue()) {
          assertThat(u.transaction().toBuilder().clearIndex().build()).as("the whole transaction (the simulator numbers them)")
              .isEqualTo(sent.get(u.signature()));
          assertThat(u.context().slot()).isEqualTo(slot);
          assertThat(u.context().filters()).containsExactly(e.getKey().equals(fast) ? "quick" : "settled");
        }
      }
      Map<String, Integer> bytes = new HashMap<>();
      int pointers = 0;
      for (ConsumerRecord<String, byte[]> r : readAll(kafka.bootstrapServers(),
          Topics.stream(MonitorGroup.MEDIUM, UpdateKind.TRANSACTIONS))) {
        if (!sent.containsKey(r.key())) {
          continue;
        }
        var type = r.headers().lastHeader(RecordHeaders.RECORD_TYPE);
        if (type == null) {
          bytes.merge(r.key(), 1, Integer::sum);
        } else if (RecordHeaders.RECORD_TYPE_SAME.equals(RecordHeaders.text(type.value()))) {
          pointers++;
        }
      }
      assertThat(bytes).as("records holding each transaction's bytes").hasSize(sent.size())
          .allSatisfy((key, n) -> assertThat(n).isEqualTo(1));
      assertThat(pointers).as("same records, one per transaction for the later commitment").isEqualTo(sent.size());
    }
  }

  private static SubscribeRequest filters(String name, CommitmentLevel commitment) {
    return SubscribeRequest.newBuilder().setCommitment(commitment)
        .putTransactions(name, SubscribeRequestFilterTransactions.getDefaultInstance()).build();
  }

  private static UpdateHandler collect(ConcurrentLinkedQueue<TransactionUpdate> into) {
    return new UpdateHandler() {
      @Override
      public void onTransaction(TransactionUpdate update) {
        into.add(update);
      }
    };
  }

  private static SubscribeUpdateTransactionInfo tx() {
    ByteString signature = ByteString.copyFrom(random(64));
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(signature)
        .setTransaction(Transaction.newBuilder().addSignatures(signature)
            .setMessage(Message.newBuilder().addAccountKeys(ByteString.copyFrom(random(32)))))
        .setMeta(TransactionStatusMeta.newBuilder().setFee(5000))
        .build();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
