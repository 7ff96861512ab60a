package dev.geyserpool.aggregator.api;

/**
 * A request the API answers with an error status and a message that says what is accepted, or
 * what to do; {@link AggregatorApi} turns it into {@code {"status":..,"error":..}}. Thrown by
 * handlers only, so a handler reads straight down.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final long retryAfterSeconds;

  private ApiException(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message, 0);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, 0);
  }

  /** The state is not readable now (starting, rebalancing, an owner unreachable): retry soon. */
  static ApiException unavailable(String message) {
    return new ApiException(503, message, 1);
  }

  /** The state will not be readable again without someone acting (the job failed or stops): no Retry-After. */
  static ApiException down(String message) {
    return new ApiException(503, message, 0);
  }

  /** A client over its request limit. */
  static ApiException tooManyRequests(String message, long retryAfterSeconds) {
    return new ApiException(429, message, retryAfterSeconds);
  }

  int status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header; 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
