package dev.geyserpool.sdk;

import dev.geyserpool.proto.pool.SubscriptionStatus;

/**
 * The gateway refused the monitor's declaration ({@code SUBSCRIPTION_REJECTED}); nothing of it
 * reached the provider, and {@link Monitor#start()} wrote nothing after the declaration.
 */
public final class SubscriptionRejectedException extends IllegalStateException {
  private final transient SubscriptionStatus status;

  public SubscriptionRejectedException(SubscriptionStatus status) {
    super("gateway " + status.getGatewayId() + " rejected monitor '" + status.getMonitorId() + "' (instance "
        + status.getInstanceId() + "): " + status.getReason());
    this.status = status;
  }

  /** The gateway's reason: what is wrong and what to change. */
  public String reason() {
    return status.getReason();
  }

  /** The whole status record. */
  public SubscriptionStatus status() {
    return status;
  }
}
