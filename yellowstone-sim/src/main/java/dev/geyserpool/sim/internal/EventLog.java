package dev.geyserpool.sim.internal;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.GeneratedLog;
import dev.geyserpool.sim.InvalidFilterException;
import dev.geyserpool.sim.PlacedFact;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded {@link GeneratedLog}: append-only lists of events and of placed facts, each capped
 * at the same fixed size.
 *
 * <p>Thread-safety: one lock guards both lists; {@link #append} is O(1) and readers copy the list
 * under the lock, then match outside it, so a replay never stalls the event hub.
 */
public final class EventLog implements GeneratedLog {
  private final int capacity;
  private final Object lock = new Object();
  private final ArrayList<SimEvent> events = new ArrayList<>();
  private final ArrayList<PlacedFact> facts = new ArrayList<>();
  private long dropped;
  private long factsDropped;

  public EventLog(int capacity) {
    this.capacity = capacity;
  }

  /** Logs {@code event}, or counts it as dropped when full. */
  public void append(SimEvent event) {
    synchronized (lock) {
      if (events.size() < capacity) {
        events.add(event);
      } else {
        dropped++;
      }
    }
  }

  /** Logs {@code placed} in order, counting those past the capacity as dropped. */
  public void appendFacts(List<PlacedFact> placed) {
    synchronized (lock) {
      for (PlacedFact f : placed) {
        if (facts.size() < capacity) {
          facts.add(f);
        } else {
          factsDropped++;
        }
      }
    }
  }

  @Override
  public List<PlacedFact> facts() {
    synchronized (lock) {
      return List.copyOf(facts);
    }
  }

  @Override
  public long factsDropped() {
    synchronized (lock) {
      return factsDropped;
    }
  }

  @Override
  public int size() {
    synchronized (lock) {
      return events.size();
    }
  }

  @Override
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  @Override
  public List<SimEvent> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  @Override
  public List<SubscribeUpdate> matching(SubscribeRequest request) {
    return matching(compile(request));
  }

  @Override
  public List<SubscribeUpdate> matching(FilterMatcher matcher) {
    List<SubscribeUpdate> out = new ArrayList<>();
    replay(matcher, out);
    return out;
  }

  @Override
  public long countMatching(SubscribeRequest request) {
    FilterMatcher matcher = compile(request);
    long[] count = {0};
    CommitmentGate gate =
        new CommitmentGate(matcher.commitment(), SimulatorConfig.FINALIZATION_DEPTH + 2);
    for (SimEvent e : events()) {
      gate.accept(e, released -> count[0] += matcher.updates(released).size());
    }
    return count[0];
  }

  private void replay(FilterMatcher matcher, List<SubscribeUpdate> out) {
    CommitmentGate gate =
        new CommitmentGate(matcher.commitment(), SimulatorConfig.FINALIZATION_DEPTH + 2);
    for (SimEvent e : events()) {
      gate.accept(e, released -> out.addAll(matcher.updates(released)));
    }
  }

  private static FilterMatcher compile(SubscribeRequest request) {
    try {
      return FilterMatcher.compile(request);
    } catch (InvalidFilterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
