package dev.geyserpool.gateway.upstream;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * One upstream connection: a gRPC channel that dials exactly once (see {@link GatedDialer}) and
 * reports when it is ready and when it fails. The pool's record of it has the same id.
 *
 * <p>Thread-safe. The owner calls {@link #connect()} once and {@link #close()} once.
 */
public final class UpstreamConnection {
  /** What the connection reports: ready, or failed with a reason. */
  public interface Listener {
    void onReady(UpstreamConnection connection);

    void onFailed(UpstreamConnection connection, String reason);
  }

  private final String id;
  private final ManagedChannel channel;
  private final Channel authenticated;
  private final Listener listener;
  private volatile boolean wasReady;
  private volatile boolean closed;
  private volatile boolean reportedFailure;

  public UpstreamConnection(String id, UpstreamEndpoint endpoint, GatedDialer dialer, Listener listener) {
    this.id = id;
    this.listener = listener;
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(endpoint.target())
        .channelFactory(dialer.singleDial(id))
        .eventLoopGroup(dialer.eventLoop())
        .maxInboundMessageSize(endpoint.maxInboundMessageBytes())
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        // A channel that dials once has nothing to gain from idling; it stays up until closed.
        .idleTimeout(365, TimeUnit.DAYS)
        .disableRetry();
    if (endpoint.tls()) {
      builder.useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    this.channel = builder.build();
    this.authenticated = UpstreamChannels.authenticated(channel, endpoint);
  }

  public String id() {
    return id;
  }

  /** The channel to start calls on, with the x-token attached. */
  public Channel channel() {
    return authenticated;
  }

  /** Dials now and watches the channel's state. */
  public void connect() {
    watch(channel.getState(true));
  }

  private void watch(ConnectivityState seen) {
    if (closed) {
      return;
    }
    switch (seen) {
      case READY -> {
        if (!wasReady) {
          wasReady = true;
          listener.onReady(this);
        }
      }
      case TRANSIENT_FAILURE, SHUTDOWN -> fail("channel " + seen);
      case IDLE -> {
        if (wasReady) {
          fail("transport closed");
        }
      }
      default -> { }
    }
    if (!reportedFailure && seen != ConnectivityState.SHUTDOWN) {
      channel.notifyWhenStateChanged(seen, () -> watch(channel.getState(false)));
    }
  }

  private void fail(String reason) {
    if (!reportedFailure) {
      reportedFailure = true;
      listener.onFailed(this, reason);
    }
  }

  public void close() {
    closed = true;
    channel.shutdownNow();
  }

  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return channel.awaitTermination(timeout, unit);
  }
}
