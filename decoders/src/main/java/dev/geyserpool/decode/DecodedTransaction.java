package dev.geyserpool.decode;

import java.util.List;

/**
 * Everything this module understands in one transaction.
 *
 * @param signature the first signature, base58
 * @param slot the slot it landed in
 * @param failed whether it failed ({@code meta.err} set): a failed transaction changed nothing,
 *     so its instructions are decoded (for inspection) but it carries no events
 * @param instructions the known programs' instructions, top level and inner, in execution order
 * @param events the known programs' events, in emission order
 * @param problems what could not be decoded, one readable line each (a truncated argument, an
 *     account index out of range, ...); the rest of the transaction still decodes
 */
public record DecodedTransaction(
    String signature,
    long slot,
    boolean failed,
    List<DecodedInstruction> instructions,
    List<DecodedEvent> events,
    List<String> problems) {

  public DecodedTransaction {
    instructions = List.copyOf(instructions);
    events = List.copyOf(events);
    problems = List.copyOf(problems);
  }
}
