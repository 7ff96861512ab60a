package dev.geyserpool.gateway.pool;


/**
 * What the pool needs to know of a monitor: which stream kind it joins, how urgent it is, and
 * where its data stood in Kafka when the gateway started. (Its filters live with the adapter,
 * which builds the merged requests.)
 *
 * @param resumeFromSlot the slot its stream must resume from (a checkpoint of an earlier run), or
 *     0 when it has none
 */
public record MonitorSpec(String id, StreamKind kind, int priority, long resumeFromSlot) {
  public MonitorSpec(String id, StreamKind kind, int priority) {
    this(id, kind, priority, 0);
  }
}
