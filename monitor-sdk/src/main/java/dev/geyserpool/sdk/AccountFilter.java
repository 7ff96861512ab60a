package dev.geyserpool.sdk;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterLamports;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;

/**
 * An accounts filter: matches an account write when its pubkey is one of {@link #account}
 * (if any are given), its owner one of {@link #owner} (if any are given) and every data filter
 * holds (memcmp, datasize, lamports). Yellowstone allows at most four data filters per accounts
 * filter and memcmp of at most 128 bytes; {@link Monitor.Builder#build()} checks both.
 *
 * <p>Threading: not thread-safe (a builder); see {@link Filter}.
 */
public final class AccountFilter extends Filter {
  private final SubscribeRequestFilterAccounts.Builder proto = SubscribeRequestFilterAccounts.newBuilder();

  private AccountFilter(String name) {
    super(name);
  }

  /** A new accounts filter called {@code name}. */
  public static AccountFilter named(String name) {
    return new AccountFilter(name);
  }

  @Override
  public String kind() {
    return "accounts";
  }

  /** Matches these accounts (base58 pubkeys, checked now). */
  public AccountFilter account(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addAccount(pubkey("account", key));
    }
    return this;
  }

  /** Matches accounts owned by these programs (base58 pubkeys, checked now). */
  public AccountFilter owner(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addOwner(pubkey("owner", key));
    }
    return this;
  }

  /** Matches when the account data holds {@code bytes} at {@code offset}. */
  public AccountFilter memcmp(long offset, byte[] bytes) {
    return data(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
        SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
            .setOffset(notNegative(field("memcmp.offset"), offset))
            .setBytes(ByteString.copyFrom(bytes))));
  }

  /** Matches when the account data holds the base58-encoded bytes at {@code offset} (checked now). */
  public AccountFilter memcmp(long offset, String base58) {
    if (base58 == null || Base58.tryDecode(base58).isEmpty()) {
      throw new IllegalArgumentException(field("memcmp.base58") + " '" + base58
          + "' is not base58; encode the bytes in base58 or pass them as byte[]");
    }
    return data(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
        SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
            .setOffset(notNegative(field("memcmp.offset"), offset))
            .setBase58(base58)));
  }

  /** Matches accounts whose data is exactly {@code bytes} long. */
  public AccountFilter datasize(long bytes) {
    return data(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(notNegative(field("datasize"), bytes)));
  }

  /** Matches accounts holding exactly {@code lamports}. */
  public AccountFilter lamportsEq(long lamports) {
    return lamports(SubscribeRequestFilterAccountsFilterLamports.newBuilder()
        .setEq(notNegative(field("lamports.eq"), lamports)));
  }

  /** Matches accounts not holding exactly {@code lamports}. */
  public AccountFilter lamportsNe(long lamports) {
    return lamports(SubscribeRequestFilterAccountsFilterLamports.newBuilder()
        .setNe(notNegative(field("lamports.ne"), lamports)));
  }

  /** Matches accounts holding fewer than {@code lamports}. */
  public AccountFilter lamportsLt(long lamports) {
    return lamports(SubscribeRequestFilterAccountsFilterLamports.newBuilder()
        .setLt(notNegative(field("lamports.lt"), lamports)));
  }

  /** Matches accounts holding more than {@code lamports}. */
  public AccountFilter lamportsGt(long lamports) {
    return lamports(SubscribeRequestFilterAccountsFilterLamports.newBuilder()
        .setGt(notNegative(field("lamports.gt"), lamports)));
  }

  /** When true, only writes made by a transaction (not startup snapshots). */
  public AccountFilter nonemptyTxnSignature(boolean required) {
    proto.setNonemptyTxnSignature(required);
    return this;
  }

  private AccountFilter lamports(SubscribeRequestFilterAccountsFilterLamports.Builder cmp) {
    return data(SubscribeRequestFilterAccountsFilter.newBuilder().setLamports(cmp));
  }

  private AccountFilter data(SubscribeRequestFilterAccountsFilter.Builder filter) {
    proto.addFilters(filter);
    return this;
  }

  @Override
  boolean isIn(SubscribeRequest.Builder request) {
    return request.containsAccounts(name());
  }

  @Override
  void addTo(SubscribeRequest.Builder request) {
    request.putAccounts(name(), proto.build());
  }
}
