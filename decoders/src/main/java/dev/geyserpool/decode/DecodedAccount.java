package dev.geyserpool.decode;

/**
 * One account of a known program, decoded from a Yellowstone account update.
 *
 * @param program the owner program
 * @param type the IDL account type ({@code BondingCurve}, {@code PoolState}, {@code Pool}, ...)
 * @param pubkey the account's address, base58
 * @param slot the slot of the write
 * @param lamports the account's balance
 * @param fields the fields under their IDL names; fields an older (shorter) account lacks are absent
 * @param derived human values computed from the fields (prices, progress, status names)
 * @param dataLength the account data length
 * @param unreadBytes data bytes after the last known field (zero tail, newer fields), ignored
 * @param txnSignature the writing transaction's signature (base58), or null when the provider
 *     did not say
 */
public record DecodedAccount(
    Program program,
    String type,
    String pubkey,
    long slot,
    long lamports,
    Fields fields,
    Fields derived,
    int dataLength,
    int unreadBytes,
    String txnSignature) {}
