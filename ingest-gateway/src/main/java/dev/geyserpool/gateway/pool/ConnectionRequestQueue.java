package dev.geyserpool.gateway.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Stream slots waiting for a connection: highest priority first, first come first served within
 * a priority, each with a deadline after which its monitors are told they are waiting too long.
 *
 * <p>Bounded by the number of slots (one entry per slot). Not thread-safe: owned by the pool's
 * control thread.
 */
public final class ConnectionRequestQueue {
  /** One waiting slot. */
  public record Request(String slotId, int priority, long enqueuedAtNanos, long sequence, long deadlineNanos) {}

  private static final Comparator<Request> ORDER =
      Comparator.comparingInt(Request::priority).reversed().thenComparingLong(Request::sequence);

  private final PriorityQueue<Request> queue = new PriorityQueue<>(ORDER);
  private long sequence;

  /** Adds a slot unless it is already waiting; returns whether it joined the queue now. */
  public boolean offer(String slotId, int priority, long nowNanos, long timeoutNanos) {
    if (contains(slotId)) {
      return false;
    }
    queue.add(new Request(slotId, priority, nowNanos, sequence++, nowNanos + timeoutNanos));
    return true;
  }

  public boolean contains(String slotId) {
    return queue.stream().anyMatch(r -> r.slotId().equals(slotId));
  }

  public void remove(String slotId) {
    queue.removeIf(r -> r.slotId().equals(slotId));
  }

  /** The waiting requests in service order. */
  public List<Request> inOrder() {
    List<Request> ordered = new ArrayList<>(queue);
    ordered.sort(ORDER);
    return ordered;
  }

  /** The waiting requests, oldest first (by the time they joined, then arrival). */
  public List<Request> oldestFirst() {
    List<Request> ordered = new ArrayList<>(queue);
    ordered.sort(Comparator.comparingLong(Request::enqueuedAtNanos).thenComparingLong(Request::sequence));
    return ordered;
  }

  public Optional<Request> peek() {
    return Optional.ofNullable(queue.peek());
  }

  /** Requests past their deadline; each is reported once (its deadline is pushed out of reach). */
  public List<Request> takeExpired(long nowNanos) {
    List<Request> expired = new ArrayList<>();
    for (Request r : new ArrayList<>(queue)) {
      if (nowNanos >= r.deadlineNanos()) {
        expired.add(r);
        queue.remove(r);
        queue.add(new Request(r.slotId(), r.priority(), r.enqueuedAtNanos(), r.sequence(), Long.MAX_VALUE));
      }
    }
    return expired;
  }

  public int size() {
    return queue.size();
  }
}
