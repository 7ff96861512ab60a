package dev.geyserpool.sim.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.sim.InvalidFilterException;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import java.util.Optional;
import java.util.Set;

/** One compiled Yellowstone transactions filter (see {@code FilterMatcher}). Immutable. */
public record TransactionFilter(
    Boolean vote,
    Boolean failed,
    ByteString signature,
    Set<ByteString> include,
    Set<ByteString> exclude,
    Set<ByteString> required) {

  public static TransactionFilter compile(String kind, String name, SubscribeRequestFilterTransactions f)
      throws InvalidFilterException {
    if (f.hasCuckooAccountInclude()) {
      throw new InvalidFilterException(
          kind + " filter '" + name + "': cuckoo_account_include is not supported by the simulator");
    }
    ByteString signature = null;
    if (f.hasSignature()) {
      Optional<byte[]> sig = Base58.tryDecode(f.getSignature());
      if (sig.isEmpty() || sig.get().length != 64) {
        throw new InvalidFilterException(kind + " filter '" + name + "': signature '"
            + FilterSupport.abbreviate(f.getSignature()) + "' is not a base58 signature of 64 bytes");
      }
      signature = ByteString.copyFrom(sig.get());
    }
    return new TransactionFilter(
        f.hasVote() ? f.getVote() : null,
        f.hasFailed() ? f.getFailed() : null,
        signature,
        FilterSupport.pubkeys(kind, name, "account_include", f.getAccountIncludeList()),
        FilterSupport.pubkeys(kind, name, "account_exclude", f.getAccountExcludeList()),
        FilterSupport.pubkeys(kind, name, "account_required", f.getAccountRequiredList()));
  }

  public boolean test(TransactionUpdate t) {
    if (vote != null && vote != t.info().getIsVote()) {
      return false;
    }
    if (failed != null && failed != t.failed()) {
      return false;
    }
    if (signature != null && !signature.equals(t.info().getSignature())) {
      return false;
    }
    if (!include.isEmpty() && !FilterSupport.anyIn(t.accountKeys(), include)) {
      return false;
    }
    if (!exclude.isEmpty() && FilterSupport.anyIn(t.accountKeys(), exclude)) {
      return false;
    }
    return t.accountKeys().containsAll(required);
  }
}
