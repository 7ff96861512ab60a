package dev.geyserpool.gateway.upstream;

import java.util.Objects;

/**
 * Where the Yellowstone server is and how to talk to it.
 *
 * @param target {@code host:port}
 * @param tls whether to use TLS (real providers) or plaintext (the simulator on loopback)
 * @param token the {@code x-token} sent with every call; {@link Secret#none()} for none
 * @param maxInboundMessageBytes the largest update accepted; blocks reach 24 MB
 */
public record UpstreamEndpoint(String target, boolean tls, Secret token, int maxInboundMessageBytes) {
  /** Yellowstone blocks reach 24 MB; 64 MiB leaves room. */
  public static final int DEFAULT_MAX_INBOUND_BYTES = 64 * 1024 * 1024;

  public UpstreamEndpoint {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(token, "token");
    if (target.isBlank() || !target.contains(":")) {
      throw new IllegalArgumentException(
          "upstream.target is '" + target + "', but must be host:port (for example 127.0.0.1:10000)");
    }
    if (maxInboundMessageBytes < 4 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "upstream.maxInboundMessageBytes is " + maxInboundMessageBytes
              + ", but must be at least 4194304 (Yellowstone blocks reach 24 MB)");
    }
  }

  /** A plaintext endpoint with the default message limit, such as the simulator's. */
  public static UpstreamEndpoint plaintext(String target, Secret token) {
    return new UpstreamEndpoint(target, false, token, DEFAULT_MAX_INBOUND_BYTES);
  }
}
