package dev.geyserpool.gateway.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's answer to {@code GET /api/grpc-pool/health}: up (HTTP 200, {@code "status":"UP"})
 * or down with a reason (HTTP 503, {@code "status":"DOWN"}), plus details rendered as JSON (counts,
 * names, the last error; values Jackson can write).
 *
 * <p>Immutable: {@code details} is copied (insertion order kept) and unmodifiable.
 *
 * @param up whether the gateway serves its purpose now
 * @param reason why it is down, for an operator to read; may be null when up
 * @param details extra facts for the JSON answer; empty when none
 */
public record HealthStatus(boolean up, String reason, Map<String, Object> details) {

  /** Copies {@code details} and requires a reason when down. */
  public HealthStatus {
    if (!up && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("reason is '" + reason + "', but must be non-blank when the status is DOWN");
    }
    details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Up, with details. */
  public static HealthStatus up(Map<String, Object> details) {
    return new HealthStatus(true, null, details);
  }

  /** Down for {@code reason}, with details. */
  public static HealthStatus down(String reason, Map<String, Object> details) {
    return new HealthStatus(false, reason, details);
  }
}
