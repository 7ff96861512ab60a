package dev.geyserpool.sdk;

import dev.geyserpool.kafka.embedded.KafkaCluster;
import dev.geyserpool.kafka.embedded.KafkaClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the SDK tests that need a broker with the stream topics and a gateway answering
 * declarations (the stand-in that follows the gateway's status contract).
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithGatewayStandIn {
  protected KafkaCluster kafka;
  protected GatewayStandIn gateway;

  @BeforeAll
  void startStandIn(KafkaCluster kafka) {
    this.kafka = kafka;
    TestKafka.ensureStreamTopics(kafka);
    gateway = GatewayStandIn.start(kafka);
  }

  @AfterAll
  void stopStandIn() {
    gateway.close();
  }
}
