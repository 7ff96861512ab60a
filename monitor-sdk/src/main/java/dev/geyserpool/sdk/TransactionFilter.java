package dev.geyserpool.sdk;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;

/**
 * A transactions filter: matches a transaction when every given condition holds: vote and
 * failed (when set) equal the transaction's, it mentions at least one of
 * {@link #accountInclude} (when given), none of {@link #accountExclude} and all of
 * {@link #accountRequired}, and its signature is {@link #signature} (when set).
 *
 * <p>Threading: not thread-safe (a builder); see {@link Filter}.
 */
public final class TransactionFilter extends Filter {
  private final SubscribeRequestFilterTransactions.Builder proto = SubscribeRequestFilterTransactions.newBuilder();

  private TransactionFilter(String name) {
    super(name);
  }

  /** A new transactions filter called {@code name}. */
  public static TransactionFilter named(String name) {
    return new TransactionFilter(name);
  }

  @Override
  public String kind() {
    return "transactions";
  }

  /** Only vote transactions (true) or only non-vote ones (false); unset: both. */
  public TransactionFilter vote(boolean vote) {
    proto.setVote(vote);
    return this;
  }

  /** Only failed transactions (true) or only successful ones (false); unset: both. */
  public TransactionFilter failed(boolean failed) {
    proto.setFailed(failed);
    return this;
  }

  /** Transactions mentioning at least one of these accounts (base58, checked now). */
  public TransactionFilter accountInclude(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addAccountInclude(pubkey("account_include", key));
    }
    return this;
  }

  /** Transactions mentioning none of these accounts (base58, checked now). */
  public TransactionFilter accountExclude(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addAccountExclude(pubkey("account_exclude", key));
    }
    return this;
  }

  /** Transactions mentioning all of these accounts (base58, checked now). */
  public TransactionFilter accountRequired(String... pubkeys) {
    for (String key : pubkeys) {
      proto.addAccountRequired(pubkey("account_required", key));
    }
    return this;
  }

  /** Only the transaction with this signature (base58 of 64 bytes, checked now). */
  public TransactionFilter signature(String signature) {
    var bytes = signature == null ? java.util.Optional.<byte[]>empty() : Base58.tryDecode(signature);
    if (bytes.isEmpty() || bytes.get().length != 64) {
      throw new IllegalArgumentException(field("signature") + " '" + signature
          + "' is not a base58 signature of 64 bytes; pass the transaction signature as base58");
    }
    proto.setSignature(signature);
    return this;
  }

  @Override
  boolean isIn(SubscribeRequest.Builder request) {
    return request.containsTransactions(name());
  }

  @Override
  void addTo(SubscribeRequest.Builder request) {
    request.putTransactions(name(), proto.build());
  }
}
