package dev.geyserpool.gateway.publish;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor that holds {@code send} on the calling thread while its gate is closed:
 * what a producer waiting for buffer space or metadata ({@code max.block.ms}) does to the thread
 * that calls it. Configured on a real {@code KafkaProducer} with {@code interceptor.classes} and
 * {@value #GATE_ID} naming the gate, so tests in one JVM do not share one.
 */
public final class SendGate implements ProducerInterceptor<String, byte[]> {
  /** Producer property naming the gate this interceptor obeys. */
  public static final String GATE_ID = "test.send-gate.id";

  private static final Map<String, State> GATES = new ConcurrentHashMap<>();

  private State state;

  /** One gate: open at first. */
  public static final class State {
    private boolean closed;
    private final AtomicInteger held = new AtomicInteger();

    /** Holds every later send until {@link #open()}. */
    public synchronized void close() {
      closed = true;
    }

    public synchronized void open() {
      closed = false;
      notifyAll();
    }

    /** How many sends wait at the gate now. */
    public int held() {
      return held.get();
    }

    synchronized void pass() {
      held.incrementAndGet();
      try {
        while (closed) {
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        held.decrementAndGet();
      }
    }
  }

  /** The gate named {@code id}, created open. */
  public static State gate(String id) {
    return GATES.computeIfAbsent(id, k -> new State());
  }

  @Override
  public void configure(Map<String, ?> configs) {
    state = gate(String.valueOf(configs.get(GATE_ID)));
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    state.pass();
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {
    state.open();
  }
}
