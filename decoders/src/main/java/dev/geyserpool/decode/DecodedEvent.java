package dev.geyserpool.decode;

/**
 * One Anchor event of a known program, decoded.
 *
 * @param program the program that emitted it
 * @param name the IDL name ({@code TradeEvent}, {@code CreateEvent}, ...), or {@code unknown} when
 *     the discriminator is not one of the program's (then {@code fields} holds
 *     {@code discriminator} and {@code data}, the bytes after it, as hex)
 * @param fields the fields under their IDL names; fields older layouts lack are absent
 * @param derived human values computed from the raw fields (SOL amounts, prices, market cap,
 *     progress), under names that never clash with IDL names (suffixes {@code _sol},
 *     {@code _ui}, {@code price_*}, {@code market_cap_*}, {@code progress_pct})
 * @param location for {@link EventSource#INNER_INSTRUCTION}, the self-CPI instruction; for
 *     {@link EventSource#LOG}, the top-level instruction whose logs carried it (inner = -1), with
 *     {@code stackHeight} the emitting program's invoke depth in those logs
 * @param source where it was read from
 * @param payloadBytes the Borsh payload length (after the 8-byte event discriminator)
 * @param unreadBytes payload bytes after the last known field (newer layouts), ignored
 * @param parent the instruction of the same program that emitted it, or null when none was
 *     found (LaunchLab's TradeEvent has no mint or user: they come from here)
 */
public record DecodedEvent(
    Program program,
    String name,
    Fields fields,
    Fields derived,
    Location location,
    EventSource source,
    int payloadBytes,
    int unreadBytes,
    DecodedInstruction parent) {}
