package dev.geyserpool.sdk.internal;

import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.proto.pool.MonitorHeartbeat;
import dev.geyserpool.sdk.Declarations;
import dev.geyserpool.sdk.MonitorIdInUseException;
import dev.geyserpool.wire.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps two different monitors from sharing one id, and instances of one monitor from removing
 * a declaration another still uses. Before a monitor declares, it reads the
 * current declaration for its id and the heartbeats of that id's instances: if the declared
 * filters differ from its own (another digest) and an instance of the id is live, it is refused.
 * The same filters mean another instance of the same monitor: allowed, the instances share the
 * work as one consumer group. Every live instance counts, not only the one that wrote the
 * current declaration, because instances with the same filters overwrite each other's
 * declaration.
 *
 * <p>Stateless; runs on the caller's thread.
 */
public final class InstanceGuard {
  private InstanceGuard() {}

  /**
   * @throws MonitorIdInUseException naming the id, the other instance and what to do
   */
  public static void refuseConflict(DeclarationLog declarations, LiveInstances instances, MonitorDeclaration mine) {
    String id = mine.getMonitorId();
    Optional<MonitorDeclaration> current = declarations.current(id);
    if (current.isEmpty()) {
      return;
    }
    String theirs = Declarations.filtersDigest(current.get().getFilters());
    String ours = Declarations.filtersDigest(mine.getFilters());
    if (theirs.equals(ours)) {
      return;
    }
    Map<String, MonitorHeartbeat> live = instances.live(id, mine.getInstanceId());
    if (live.isEmpty()) {
      return;
    }
    String other = live.containsKey(current.get().getInstanceId())
        ? current.get().getInstanceId() : live.keySet().iterator().next();
    throw new MonitorIdInUseException(message(id, other, theirs, ours, instances.window().toMillis()), other);
  }

  /**
   * Removes the declaration of {@code mine}'s id with a tombstone, unless the declaration on the
   * topic has other filters now (another monitor's; left alone) or another instance of the
   * monitor is live (it still needs the declaration).
   *
   * @return what was done, in words
   */
  public static String withdraw(DeclarationLog declarations, LiveInstances instances, MonitorDeclaration mine) {
    String id = mine.getMonitorId();
    Optional<MonitorDeclaration> current = declarations.current(id);
    if (current.isEmpty()) {
      return "there was no declaration to withdraw";
    }
    if (!Declarations.filtersDigest(current.get().getFilters()).equals(Declarations.filtersDigest(mine.getFilters()))) {
      return "the declaration on " + Topics.SUBSCRIPTIONS + " has other filters now and was left alone";
    }
    Set<String> others = instances.live(id, mine.getInstanceId()).keySet();
    if (!others.isEmpty()) {
      return "the declaration was kept on " + Topics.SUBSCRIPTIONS + ": instance " + String.join(", ", others)
          + " of this monitor is live";
    }
    declarations.remove(id);
    return "the declaration was withdrawn from " + Topics.SUBSCRIPTIONS;
  }

  /** The refusal, in words. */
  public static String message(String id, String otherInstance, String theirDigest, String ourDigest, long windowMillis) {
    return "monitor id '" + id + "' is in use by live instance " + otherInstance + " with different filters"
        + " (its filters digest " + theirDigest.substring(0, 12) + ", this instance's " + ourDigest.substring(0, 12)
        + "); nothing was sent. Stop instance " + otherInstance + " first (it counts as gone " + windowMillis
        + " ms after its last heartbeat), or give this monitor another id; to run another instance of the same"
        + " monitor, declare the same filters";
  }
}
