package dev.geyserpool.aggregator.internal;

import dev.geyserpool.aggregator.internal.state.ActiveAlert;
import dev.geyserpool.proto.pool.PoolAlert;
import dev.geyserpool.proto.pool.PoolAlertKind;
import dev.geyserpool.proto.pool.PoolAlertState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alerts one subject (a gateway, a monitor) has raised and not cleared, and the rule that
 * turns a measurement into raise and clear events: raise once when the raise condition holds,
 * clear once when the clear condition holds, nothing in between (so a value between the two
 * thresholds neither raises nor clears). Not thread-safe.
 */
final class AlertBook {
  private final List<ActiveAlert> active;
  private final List<PoolAlert> emitted = new ArrayList<>();

  AlertBook(List<ActiveAlert> active) {
    this.active = new ArrayList<>(active);
  }

  /** What one evaluation measured. */
  record Check(String alertId, PoolAlertKind kind, String severity, String gatewayId, String monitorId,
      String group, double value, double threshold, boolean raise, boolean clear, String raiseMessage,
      String clearMessage) {}

  void evaluate(Check check, long atMicros) {
    Optional<ActiveAlert> current = find(check.alertId());
    if (current.isEmpty() && check.raise()) {
      active.add(ActiveAlert.newBuilder().setAlertId(check.alertId()).setRaisedAtMicros(atMicros).build());
      emitted.add(alert(check, PoolAlertState.ALERT_RAISED, check.raiseMessage(), atMicros, atMicros));
    } else if (current.isPresent() && check.clear()) {
      active.remove(current.get());
      emitted.add(alert(check, PoolAlertState.ALERT_CLEARED, check.clearMessage(), atMicros,
          current.get().getRaisedAtMicros()));
    }
  }

  boolean isActive(String alertId) {
    return find(alertId).isPresent();
  }

  private Optional<ActiveAlert> find(String alertId) {
    return active.stream().filter(a -> a.getAlertId().equals(alertId)).findFirst();
  }

  private static PoolAlert alert(Check check, PoolAlertState state, String message, long atMicros, long raisedAt) {
    return PoolAlert.newBuilder()
        .setAlertId(check.alertId())
        .setKind(check.kind())
        .setState(state)
        .setSeverity(check.severity())
        .setGatewayId(check.gatewayId())
        .setMonitorId(check.monitorId())
        .setGroup(check.group())
        .setValue(check.value())
        .setThreshold(check.threshold())
        .setMessage(message)
        .setAtEpochMicros(atMicros)
        .setRaisedAtEpochMicros(raisedAt)
        .build();
  }

  List<ActiveAlert> active() {
    return List.copyOf(active);
  }

  /** The raise and clear events of the evaluations so far. */
  List<PoolAlert> emitted() {
    return List.copyOf(emitted);
  }
}
