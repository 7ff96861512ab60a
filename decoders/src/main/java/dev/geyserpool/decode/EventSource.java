package dev.geyserpool.decode;

/** Where an Anchor event was read from; all three programs emit each event both ways. */
public enum EventSource {
  /**
   * The self-CPI inner instruction of {@code emit_cpi!} (tag {@code e445a52e51cb9a1d}, then the
   * event discriminator and Borsh payload). Preferred: validators truncate logs, never inner
   * instructions.
   */
  INNER_INSTRUCTION,
  /**
   * A {@code Program data: <base64>} log line of {@code emit!}, attributed to the program on top
   * of the invoke stack. Used only when the transaction carries no inner instructions.
   */
  LOG
}
