package dev.geyserpool.sim.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterLamports;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.InvalidFilterException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** One compiled Yellowstone accounts filter (see {@link FilterMatcher} for the rules). Immutable. */
public record AccountFilter(
    Set<ByteString> accounts,
    Set<ByteString> owners,
    List<Predicate<SubscribeUpdateAccountInfo>> dataFilters,
    Boolean nonemptyTxnSignature) {

  public static AccountFilter compile(String name, SubscribeRequestFilterAccounts f)
      throws InvalidFilterException {
    if (f.hasCuckooAccountsFilter()) {
      throw new InvalidFilterException(
          "accounts filter '" + name + "': cuckoo_accounts_filter is not supported by the simulator");
    }
    Set<ByteString> accounts = FilterSupport.pubkeys("accounts", name, "account", f.getAccountList());
    Set<ByteString> owners = FilterSupport.pubkeys("accounts", name, "owner", f.getOwnerList());
    if (f.getFiltersCount() > FilterMatcher.MAX_ACCOUNT_DATA_FILTERS) {
      throw new InvalidFilterException("accounts filter '" + name + "': has " + f.getFiltersCount()
          + " filters, but at most " + FilterMatcher.MAX_ACCOUNT_DATA_FILTERS + " are allowed");
    }
    List<Predicate<SubscribeUpdateAccountInfo>> data = new ArrayList<>();
    for (SubscribeRequestFilterAccountsFilter entry : f.getFiltersList()) {
      data.add(dataFilter(name, entry));
    }
    return new AccountFilter(
        accounts, owners, List.copyOf(data),
        f.hasNonemptyTxnSignature() ? f.getNonemptyTxnSignature() : null);
  }

  public boolean test(SubscribeUpdateAccountInfo info) {
    if (!accounts.isEmpty() && !accounts.contains(info.getPubkey())) {
      return false;
    }
    if (!owners.isEmpty() && !owners.contains(info.getOwner())) {
      return false;
    }
    for (Predicate<SubscribeUpdateAccountInfo> p : dataFilters) {
      if (!p.test(info)) {
        return false;
      }
    }
    return nonemptyTxnSignature == null || nonemptyTxnSignature == info.hasTxnSignature();
  }

  private static Predicate<SubscribeUpdateAccountInfo> dataFilter(
      String name, SubscribeRequestFilterAccountsFilter entry) throws InvalidFilterException {
    String where = "accounts filter '" + name + "': ";
    switch (entry.getFilterCase()) {
      case MEMCMP:
        return memcmp(where, entry.getMemcmp());
      case DATASIZE:
        long size = entry.getDatasize();
        return info -> info.getData().size() == size;
      case LAMPORTS:
        return lamports(where, entry.getLamports());
      case TOKEN_ACCOUNT_STATE:
        if (!entry.getTokenAccountState()) {
          throw new InvalidFilterException(where + "token_account_state is false, but may only be true");
        }
        return info -> isTokenAccount(info.getData());
      default:
        throw new InvalidFilterException(where + "a filters entry is empty (set memcmp, datasize, "
            + "lamports or token_account_state)");
    }
  }

  private static Predicate<SubscribeUpdateAccountInfo> memcmp(
      String where, SubscribeRequestFilterAccountsFilterMemcmp m) throws InvalidFilterException {
    ByteString bytes;
    switch (m.getDataCase()) {
      case BYTES:
        bytes = m.getBytes();
        break;
      case BASE58:
        Optional<byte[]> decoded = Base58.tryDecode(m.getBase58());
        if (decoded.isEmpty()) {
          throw new InvalidFilterException(where + "memcmp base58 '" + FilterSupport.abbreviate(m.getBase58())
              + "' is not valid base58");
        }
        bytes = ByteString.copyFrom(decoded.get());
        break;
      case BASE64:
        try {
          bytes = ByteString.copyFrom(Base64.getDecoder().decode(m.getBase64()));
        } catch (IllegalArgumentException e) {
          throw new InvalidFilterException(where + "memcmp base64 '" + FilterSupport.abbreviate(m.getBase64())
              + "' is not valid base64");
        }
        break;
      default:
        throw new InvalidFilterException(where + "memcmp has no data (set bytes, base58 or base64)");
    }
    if (bytes.size() > FilterMatcher.MAX_MEMCMP_BYTES) {
      throw new InvalidFilterException(where + "memcmp data is " + bytes.size()
          + " bytes, but must be at most " + FilterMatcher.MAX_MEMCMP_BYTES + " bytes");
    }
    long offset = m.getOffset();
    ByteString wanted = bytes;
    return info -> {
      ByteString data = info.getData();
      if (offset < 0 || offset > data.size() - (long) wanted.size()) {
        return false; // out of range never matches
      }
      return data.substring((int) offset, (int) offset + wanted.size()).equals(wanted);
    };
  }

  private static Predicate<SubscribeUpdateAccountInfo> lamports(
      String where, SubscribeRequestFilterAccountsFilterLamports l) throws InvalidFilterException {
    switch (l.getCmpCase()) {
      case EQ:
        return info -> info.getLamports() == l.getEq();
      case NE:
        return info -> info.getLamports() != l.getNe();
      case LT:
        return info -> Long.compareUnsigned(info.getLamports(), l.getLt()) < 0;
      case GT:
        return info -> Long.compareUnsigned(info.getLamports(), l.getGt()) > 0;
      default:
        throw new InvalidFilterException(where + "lamports has no comparison (set eq, ne, lt or gt)");
    }
  }

  /**
   * SPL Token / Token-2022 {@code Account::valid_account_data}: 165 bytes with an initialized
   * state byte (offset 108), or longer with account type {@code Account} (2) at offset 165.
   */
  private static boolean isTokenAccount(ByteString data) {
    if (data.size() == 165) {
      return data.byteAt(108) != 0;
    }
    return data.size() > 165 && data.byteAt(165) == 2 && data.byteAt(108) != 0;
  }
}
