package dev.geyserpool.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import dev.geyserpool.kafka.topics.KafkaTopics;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subscription reader keeps following the topic whatever one declaration's handling throws. */
@ExtendWith(KafkaClusterExtension.class)
class SubscriptionReaderTest {

  @Test
  void aDeclarationWhoseHandlingThrowsDoesNotStopTheReader(KafkaCluster kafka) throws Exception {
    String topic = "test.subscriptions." + System.nanoTime();
    KafkaTopics.ensure(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)), Duration.ofSeconds(30));
    List<String> declared = new CopyOnWriteArrayList<>();
    try (SubscriptionReader reader = new SubscriptionReader(kafka.bootstrapServers(), topic, d -> {
      if (d.getMonitorId().equals("boom")) {
        throw new IllegalStateException("the gateway control thread did not answer");
      }
      declared.add(d.getMonitorId());
    }, removed -> { }, (key, why) -> { })) {
      reader.startReading();
      send(kafka, topic, "boom");
      send(kafka, topic, "after-boom");

      await().atMost(Duration.ofSeconds(20)).until(() -> declared.contains("after-boom"));
    }
  }

  private static void send(KafkaCluster kafka, String topic, String monitor) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, monitor, MonitorDeclaration.newBuilder().setMonitorId(monitor)
          .setGroup("high").setFilters(SubscribeRequest.getDefaultInstance()).build().toByteArray())).get();
    }
  }
}
