package dev.geyserpool.sim.internal;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.sim.InvalidFilterException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Helpers shared by the compiled filters: pubkey parsing with upstream-like errors, set tests. Stateless. */
public final class FilterSupport {
  private FilterSupport() {}

  /** A value shortened for error messages. */
  public static String abbreviate(String s) {
    return s.length() <= 24 ? s : s.substring(0, 24) + "...";
  }

  /** Whether the two sets share an element. */
  public static boolean anyIn(Set<ByteString> keys, Set<ByteString> wanted) {
    Set<ByteString> small = keys.size() <= wanted.size() ? keys : wanted;
    Set<ByteString> large = small == keys ? wanted : keys;
    for (ByteString k : small) {
      if (large.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** Decodes base58 pubkeys; the error names the filter kind, filter, field and value. */
  public static Set<ByteString> pubkeys(String kind, String filter, String field, List<String> values)
      throws InvalidFilterException {
    Set<ByteString> out = new HashSet<>();
    for (String v : values) {
      Optional<String> problem = Base58.pubkeyProblem(v);
      if (problem.isPresent()) {
        throw new InvalidFilterException(kind + " filter '" + filter + "': " + field + " '"
            + abbreviate(v) + "' " + problem.get());
      }
      out.add(ByteString.copyFrom(Base58.decode(v)));
    }
    return Collections.unmodifiableSet(out);
  }
}
