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
  /** Optional producer property: hold only records whose {@code geyser.record-type} is this. */
  public static final String ONLY_TYPE = "test.send-gate.only-type";

  private static final Map<String, State> GATES = new ConcurrentHashMap<>();

  private State state;
  private String onlyType;

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

    /**
     * Waits while closed. An interrupt does not let the send through (a producer blocked on
     * buffer space does not give up either): the gate opens on {@link #open()} or when the
     * producer closes, and the send then finds the producer closed.
     */
    synchronized void pass() {
      held.incrementAndGet();
      boolean interrupted = false;
      try {
        while (closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        held.decrementAndGet();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
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
    Object type = configs.get(ONLY_TYPE);
    onlyType = type == null ? null : type.toString();
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    if (onlyType == null || onlyType.equals(typeOf(record))) {
      state.pass();
    }
    return record;
  }

  private static String typeOf(ProducerRecord<String, byte[]> record) {
    org.apache.kafka.common.header.Header type = record.headers().lastHeader(
        dev.geyserpool.wire.RecordHeaders.RECORD_TYPE);
    return type == null ? "" : dev.geyserpool.wire.RecordHeaders.text(type.value());
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {
    state.open();
  }
}
