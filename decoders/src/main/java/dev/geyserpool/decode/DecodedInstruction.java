package dev.geyserpool.decode;

import java.util.List;
import java.util.Map;

/**
 * One instruction of a known program, decoded.
 *
 * @param program the program that ran it
 * @param name the IDL name ({@code create_v2}, {@code buy_exact_in}, ...), or {@code unknown}
 *     when the discriminator is not one of the program's (then {@code args} holds
 *     {@code discriminator} as hex and {@code data}, the bytes after it, as hex, and every
 *     account is in {@code extraAccounts})
 * @param args the arguments under their IDL names; trailing arguments the data omitted are absent
 *     (an omitted trailing {@code OptionBool} means false); an {@code Option} that is None is
 *     absent too, but not listed in {@code missingArgs}
 * @param accounts the IDL's account names to base58 pubkeys, in IDL order; names past the end of
 *     the instruction's account list are absent
 * @param extraAccounts accounts beyond the IDL's list (remaining accounts), in order
 * @param location where the instruction sits
 * @param missingArgs the trailing arguments the data ended before, in IDL order
 * @param unreadBytes bytes after the last known argument (newer layouts), ignored
 */
public record DecodedInstruction(
    Program program,
    String name,
    Fields args,
    Map<String, String> accounts,
    List<String> extraAccounts,
    Location location,
    List<String> missingArgs,
    int unreadBytes) {

  public DecodedInstruction {
    accounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accounts));
    extraAccounts = List.copyOf(extraAccounts);
    missingArgs = List.copyOf(missingArgs);
  }

  /** The pubkey passed as the named account, or null when the list was shorter. */
  public String account(String name) {
    return accounts.get(name);
  }
}
