package dev.geyserpool.gateway.upstream;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Builds the gRPC channels to a Yellowstone endpoint. Whoever calls {@link #open} closes it. */
public final class UpstreamChannels {
  static final Metadata.Key<String> X_TOKEN =
      Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

  private UpstreamChannels() {}

  /**
   * Opens a channel: one HTTP/2 connection (dialed on the first call), gzip accepted, keepalive
   * pings so that idle streams survive load balancers, and the endpoint's message limit.
   */
  public static ManagedChannel open(UpstreamEndpoint endpoint) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(endpoint.target())
            .maxInboundMessageSize(endpoint.maxInboundMessageBytes())
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .disableRetry();
    if (endpoint.tls()) {
      builder.useTransportSecurity();
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }

  /** The channel with the endpoint's {@code x-token} on every call. */
  public static Channel authenticated(Channel channel, UpstreamEndpoint endpoint) {
    if (!endpoint.token().isPresent()) {
      return channel;
    }
    String token = endpoint.token().reveal();
    return ClientInterceptors.intercept(channel, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(X_TOKEN, token);
            super.start(listener, headers);
          }
        };
      }
    });
  }
}
