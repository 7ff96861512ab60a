package dev.geyserpool.gateway.checkpoint;

import dev.geyserpool.proto.pool.StreamCheckpoint;
import java.util.Map;

/**
 * Where the gateway keeps each monitor's resume point (see {@link StreamCheckpoint}) so that a
 * restart resumes every stream where Kafka's data ends instead of live. The production store is
 * the compacted topic {@code geyser.stream-checkpoints} ({@link KafkaCheckpointStore}).
 *
 * <p>Writes never block the caller: {@link #offer} hands over the newest values and the store
 * writes them in the background. Thread-safe.
 */
public interface CheckpointStore extends AutoCloseable {
  /** The checkpoints read at start, by monitor id. */
  Map<String, StreamCheckpoint> restored();

  /** The newest checkpoints by monitor id; those that changed are written soon. */
  void offer(Map<String, StreamCheckpoint> latest);

  /** A monitor was removed: its checkpoint is deleted. */
  void remove(String monitorId);

  /**
   * When Kafka last acknowledged a write of this store, on {@link System#nanoTime()}; 0 before
   * the first. The store writes at least once per interval, so this doubles as a probe of Kafka.
   */
  long lastAcknowledgedNanos();

  /** When Kafka last refused a write, on {@link System#nanoTime()}; 0 before the first. */
  long lastRefusedNanos();

  /** Writes what is pending (bounded), then closes. */
  @Override
  void close();

  /** Closes at once without writing what is pending: an abrupt stop. */
  void closeNow();

  /** A store that keeps nothing: tests and single runs that accept starting live after a restart. */
  static CheckpointStore none() {
    return new CheckpointStore() {
      @Override
      public Map<String, StreamCheckpoint> restored() {
        return Map.of();
      }

      @Override
      public void offer(Map<String, StreamCheckpoint> latest) {}

      @Override
      public void remove(String monitorId) {}

      @Override
      public long lastAcknowledgedNanos() {
        return 0;
      }

      @Override
      public long lastRefusedNanos() {
        return 0;
      }

      @Override
      public void close() {}

      @Override
      public void closeNow() {}
    };
  }
}
