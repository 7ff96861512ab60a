package dev.geyserpool.gateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the provider's connection limit counts; written in lower case in the config file. */
public enum RateLimitScope {
  /** Every new connection (HTTP/2 channel) counts, whatever streams it carries. */
  CONNECTIONS,
  /** Every new Subscribe stream counts, including streams opened on an existing connection. */
  STREAMS;

  /** The config-file spelling: {@code connections} or {@code streams}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the config-file spelling, case-insensitively; empty when unknown. */
  public static Optional<RateLimitScope> parse(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
  }
}
