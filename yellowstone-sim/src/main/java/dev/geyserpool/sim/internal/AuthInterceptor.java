package dev.geyserpool.sim.internal;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the {@code x-token} header as Yellowstone providers do: a call without it, or with a
 * different token, fails with UNAUTHENTICATED. Descriptions never echo the token.
 *
 * <p>Stateless after construction; thread-safe. The comparison is constant-time.
 */
public final class AuthInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> X_TOKEN =
      Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;

  /** {@code token} null disables the check. */
  public AuthInterceptor(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (expected != null) {
      String presented = headers.get(X_TOKEN);
      String problem = null;
      if (presented == null) {
        problem = "x-token header is missing";
      } else if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
        problem = "x-token header is wrong";
      }
      if (problem != null) {
        call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    }
    return next.startCall(call, headers);
  }
}
